// The access kernel: pure decisions over a principal and a target, no I/O. Every route asks here.
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

/** May `p` see the user account `userId` at all? (Out of scope reads as 404, as in PocketBase.) */
export function canViewUser(p: Principal, userId: string): boolean {
  return isOperator(p) || (p.type === 'user' && p.id === userId);
}

/** Fields of a user account that `p` may change on `userId`; empty when it may change none. */
export function editableUserFields(p: Principal, userId: string): ReadonlySet<string> {
  if (isOperator(p)) return OPERATOR_USER_FIELDS;
  if (p.type === 'user' && p.id === userId) return SELF_USER_FIELDS;
  return NONE;
}

/** Whether changing the password (or email) of `userId` requires proving the current password. */
export function needsOldPassword(p: Principal, userId: string): boolean {
  return p.type === 'user' && p.id === userId;
}

/** May `p` create user accounts? (Role-based delegation arrives with the admin module.) */
export function canCreateUser(p: Principal): boolean {
  return isOperator(p);
}

/** Settings, superuser management and other console work. */
export function canAdministerInstance(p: Principal): boolean {
  return isOperator(p);
}

const NONE: ReadonlySet<string> = new Set();
const SELF_USER_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'email',
  'emailVisibility',
  'username',
  'password',
]);
const OPERATOR_USER_FIELDS: ReadonlySet<string> = new Set([
  ...SELF_USER_FIELDS,
  'role',
  'status',
  'verified',
]);
