// Decisions on service accounts (users of kind `service`): who sees, changes, deletes them and who
// may mint or revoke their tokens. Administrators need the same admin.users.* grants as for users
// and the same level guards; an owner sees theirs and holds their tokens, and nothing more.
import { ALLOW, deny, type Decision } from './decision.js';
import { isOperator, type Principal } from './principal.js';
import { mayManageUser } from './levels.js';
import { type AccessSnapshot, hasAdmin } from './grants.js';
import { isScopedToken } from './tokens.js';
import { canManageUsers } from './users.js';

/** What the decisions need to know of a service account. */
export interface ServiceAccountRef {
  id: string;
  /** The owning user's id, '' for none. */
  owner: string;
}

const OWNER_FIELDS = ['name', 'description'];
const ADMIN_FIELDS = [...OWNER_FIELDS, 'ownerId', 'role', 'groups', 'status'];

/**
 * The owner, acting through a session or a token without scopes. A scoped token does only what its
 * scopes name, and no scope names one's own service accounts (admin.users.* still apply as scoped).
 */
function isOwner(p: Principal, sa: ServiceAccountRef): boolean {
  return p.type === 'user' && sa.owner !== '' && p.id === sa.owner && !isScopedToken(p);
}

/** Every service account: operators and holders of admin:users.view or users.manage. */
export function canListAllServiceAccounts(p: Principal, s: AccessSnapshot): boolean {
  return isOperator(p) || hasAdmin(p, s, ['users.view', 'users.manage']);
}

export function canViewServiceAccount(
  p: Principal,
  s: AccessSnapshot,
  sa: ServiceAccountRef,
): boolean {
  return isOwner(p, sa) || canListAllServiceAccounts(p, s);
}

/** Creating one: like creating a user (admin.users.manage). */
export function canCreateServiceAccounts(p: Principal, s: AccessSnapshot): boolean {
  return canManageUsers(p, s);
}

/** Administering one that exists (delete, role, groups, status, owner): admin.users.manage at or above its level. */
export function mayAdministerServiceAccount(
  p: Principal,
  s: AccessSnapshot,
  sa: ServiceAccountRef,
): Decision {
  if (isOperator(p)) return ALLOW;
  if (!canManageUsers(p, s)) return deny('Changing service accounts needs admin.users.manage.');
  return mayManageUser(p, s, sa.id);
}

/** The fields `p` may change on `sa`: all for administrators, name and description for its owner. */
export function editableServiceAccountFields(
  p: Principal,
  s: AccessSnapshot,
  sa: ServiceAccountRef,
): { fields: ReadonlySet<string>; why: string } {
  const admin = mayAdministerServiceAccount(p, s, sa);
  if (admin.ok) return { fields: new Set(ADMIN_FIELDS), why: '' };
  if (isOwner(p, sa)) return { fields: new Set(OWNER_FIELDS), why: admin.message };
  return { fields: new Set(), why: admin.message };
}

/**
 * Minting a token for `sa` hands out its permissions, so it needs its owner or admin.users.manage,
 * a level at or above the account's (no escalation through a more privileged account), and a
 * signed-in session: a token never mints tokens.
 */
export function mayMintServiceAccountToken(
  p: Principal,
  s: AccessSnapshot,
  sa: ServiceAccountRef,
): Decision {
  if (p.type === 'user' && p.token)
    return deny('A token cannot create tokens; sign in with your password.');
  if (isOperator(p)) return ALLOW;
  if (!isOwner(p, sa) && !canManageUsers(p, s))
    return deny('Minting tokens for a service account needs its owner or admin.users.manage.');
  return mayManageUser(p, s, sa.id);
}

/** Listing its tokens: whoever sees the account, and holders of admin:tokens.manage. */
export function canViewServiceAccountTokens(
  p: Principal,
  s: AccessSnapshot,
  sa: ServiceAccountRef,
): boolean {
  return canViewServiceAccount(p, s, sa) || hasAdmin(p, s, ['tokens.manage']);
}

/** Revoking its tokens (never an escalation): its owner, admin.users.manage or admin.tokens.manage. */
export function canRevokeServiceAccountTokens(
  p: Principal,
  s: AccessSnapshot,
  sa: ServiceAccountRef,
): boolean {
  return isOwner(p, sa) || canManageUsers(p, s) || hasAdmin(p, s, ['tokens.manage']);
}
