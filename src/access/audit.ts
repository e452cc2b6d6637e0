// Who reads the audit log (admin.audit.view, or an operator) and who purges it (operators only).
import { isOperator, type Principal } from './principal.js';
import { type AccessSnapshot, hasAdmin } from './grants.js';

export function canViewAudit(p: Principal, snapshot: AccessSnapshot): boolean {
  return isOperator(p) || hasAdmin(p, snapshot, ['audit.view']);
}

export function canPurgeAudit(p: Principal): boolean {
  return isOperator(p);
}
