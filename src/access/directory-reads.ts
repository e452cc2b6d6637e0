// Who reads the directory views the admin screens use (the groups tree, a role's holders): the
// same rules as viewing the groups, roles and users collections, so a screen never shows more
// than the records API would.
import { findCollection } from '../catalogue/collections.js';
import { type Decision, deny, ALLOW } from './decision.js';
import { type AccessSnapshot, hasAdmin } from './grants.js';
import { isOperator, type Principal } from './principal.js';

/** The admin grants that view an `admin`-mode collection (groups, roles), from the catalogue. */
function viewGrants(collection: 'groups' | 'roles'): readonly string[] {
  const access = findCollection(collection)?.access;
  return access?.mode === 'admin' ? access.view : [];
}

const USERS_VIEW = ['users.view', 'users.manage'];

function mayView(p: Principal, s: AccessSnapshot, grants: readonly string[]): Decision {
  if (isOperator(p)) return ALLOW;
  if (p.type !== 'user') return deny('The request requires valid record authorization token.', 401);
  if (hasAdmin(p, s, grants)) return ALLOW;
  return deny(`Your roles do not grant admin.${grants[0] ?? ''}.`);
}

/** The groups tree and its search: whoever may view the groups collection. */
export function mayReadGroupTree(p: Principal, s: AccessSnapshot): Decision {
  return mayView(p, s, viewGrants('groups'));
}

/**
 * A role's holders: whoever may view roles, and also the listed kind — users (admin.users.view or
 * users.manage) or groups (the groups collection's view grants).
 */
export function mayReadRoleHolders(
  p: Principal,
  s: AccessSnapshot,
  type: 'users' | 'groups',
): Decision {
  const roles = mayView(p, s, viewGrants('roles'));
  if (!roles.ok) return roles;
  return mayView(p, s, type === 'users' ? USERS_VIEW : viewGrants('groups'));
}
