// The access kernel's basics: what kind of principal acts. Records, users and levels have their
// own files beside this one; all are pure, and every route asks them.
import type { Principal } from './principal.js';

/** Accounts live in two separate stores; a token of one never acts in the other. */
export type AccountCollection = 'users' | '_superusers';

export function isSuperuser(p: Principal): p is Extract<Principal, { type: 'superuser' }> {
  return p.type === 'superuser';
}

/** Operators (superusers, the CLI, Gatehouse itself) bypass every rule. */
export function isOperator(p: Principal): boolean {
  return p.type === 'superuser' || p.type === 'cli' || p.type === 'system';
}

export function isAuthenticated(p: Principal): boolean {
  return p.type === 'user' || p.type === 'superuser';
}

/** Settings, superuser management and other console work. */
export function canAdministerInstance(p: Principal): boolean {
  return isOperator(p);
}
