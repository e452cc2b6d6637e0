// Decisions on user accounts: who sees which account, who may change which fields, and the
// guards that keep administration from escalating or locking everyone out.
import { isOperator, type Principal } from './principal.js';
import { actorLevel, mayManageUser, userLevel } from './levels.js';
import { type AccessSnapshot, hasAdmin } from './grants.js';
import { ALLOW, allowIf, type Decision, deny } from './decision.js';

const SELF_FIELDS = ['name', 'email', 'emailVisibility', 'username', 'password'];
const ADMIN_FIELDS = [...SELF_FIELDS, 'role', 'status', 'verified', 'groups'];
/** What signs an account in: changing another user's needs a strictly higher level. */
const CREDENTIALS = ['email', 'password'];

export function canViewUser(p: Principal, s: AccessSnapshot, userId: string): boolean {
  return (
    isOperator(p) ||
    (p.type === 'user' && p.id === userId) ||
    hasAdmin(p, s, ['users.view', 'users.manage'])
  );
}

/** Create, edit others, disable, delete: operators and holders of admin:users.manage. */
export function canManageUsers(p: Principal, s: AccessSnapshot): boolean {
  return isOperator(p) || hasAdmin(p, s, ['users.manage']);
}

const MANAGE_USERS = {
  create: 'Creating users needs admin.users.manage.',
  delete: 'Deleting users needs admin.users.manage.',
  bulk: 'Bulk actions on users need admin.users.manage.',
} as const;

/** `canManageUsers` as a decision, refused with what `action` needs. */
export function mayManageUsers(
  p: Principal,
  s: AccessSnapshot,
  action: keyof typeof MANAGE_USERS,
): Decision {
  return allowIf(canManageUsers(p, s), MANAGE_USERS[action]);
}

/** How many refused users a bulk refusal names. */
const MAX_NAMED = 10;

/** Each of `userIds` at or below the actor's level; every one that is not is named (up to ten). */
export function mayManageEach(
  p: Principal,
  s: AccessSnapshot,
  userIds: readonly string[],
): Decision {
  // Every refused user is named with their reason (the first ten), so a bulk action's refusal
  // says at once which users to leave out.
  const refused: string[] = [];
  let more = 0;
  for (const id of userIds) {
    const check = mayManageUser(p, s, id);
    if (check.ok) continue;
    if (refused.length < MAX_NAMED) refused.push(`${check.message} (user ${id})`);
    else more += 1;
  }
  if (refused.length === 0) return ALLOW;
  return deny(refused.join('; ') + (more > 0 ? `; and ${String(more)} more users.` : ''));
}

/** Bulk CSV import creates and changes users: admin:users.manage plus the catalogue's admin:import. */
export function canImportUsers(p: Principal, s: AccessSnapshot): boolean {
  return isOperator(p) || (hasAdmin(p, s, ['users.manage']) && hasAdmin(p, s, ['import']));
}

/** `canImportUsers` as a decision. */
export function mayImportUsers(p: Principal, s: AccessSnapshot): Decision {
  return allowIf(
    canImportUsers(p, s),
    'Importing users needs admin.users.manage and admin.import.',
  );
}

/** An import may create the groups its file names only for holders of admin:groups.manage. */
export function canImportCreateGroups(p: Principal, s: AccessSnapshot): boolean {
  return isOperator(p) || hasAdmin(p, s, ['groups.manage']);
}

/** A pending import is its author's alone (as the audit names actors); operators see every one. */
export function ownsImport(
  p: Principal,
  author: { type: string; id: string },
  actor: { type: string; id: string },
): boolean {
  return isOperator(p) || (author.type === actor.type && author.id === actor.id);
}

/** Exporting the user list is reading it: admin:users.view or users.manage. */
export function canExportUsers(p: Principal, s: AccessSnapshot): boolean {
  return isOperator(p) || hasAdmin(p, s, ['users.view', 'users.manage']);
}

/**
 * Who reads the directory (admin:users.view or users.manage, operators) sees every user's email,
 * effective level and last sign-in on the users list — what the export already gives them.
 */
export function readsDirectory(p: Principal, s: AccessSnapshot): boolean {
  return canExportUsers(p, s);
}

/** `canExportUsers` as a decision. */
export function mayExportUsers(p: Principal, s: AccessSnapshot): Decision {
  return allowIf(
    canExportUsers(p, s),
    'Exporting users needs admin.users.view or admin.users.manage.',
  );
}

/** The fields `p` may change on `userId` (empty: none), or why not. */
export function editableUserFields(
  p: Principal,
  s: AccessSnapshot,
  userId: string,
): { fields: ReadonlySet<string>; why: string } {
  if (isOperator(p)) return { fields: new Set(ADMIN_FIELDS), why: '' };
  if (p.type === 'user' && p.id === userId && p.kind === 'service')
    return {
      fields: new Set(),
      why: 'A service account is changed through /api/service-accounts by its owner or an administrator.',
    };
  if (canManageUsers(p, s)) {
    const check = mayManageUser(p, s, userId);
    if (check.ok && p.type === 'user' && p.id === userId)
      return { fields: new Set(ADMIN_FIELDS), why: '' };
    if (check.ok) {
      const mine = actorLevel(p, s);
      const theirs = userLevel(userId, s);
      if (mine < theirs) return { fields: new Set(ADMIN_FIELDS), why: '' };
      return {
        fields: new Set(ADMIN_FIELDS.filter((f) => !CREDENTIALS.includes(f))),
        why: `Changing another user's email or password needs a higher level than theirs (you: ${mine}, them: ${theirs}).`,
      };
    }
    if (p.type === 'user' && p.id === userId)
      return { fields: new Set(SELF_FIELDS), why: check.message };
    return { fields: new Set(), why: check.message };
  }
  if (p.type === 'user' && p.id === userId) {
    return { fields: new Set(SELF_FIELDS), why: 'Changing this needs admin.users.manage.' };
  }
  return { fields: new Set(), why: 'You may change only your own account.' };
}

/**
 * Another user's sessions (the admin's user details: list, revoke one): operators, and holders of
 * admin:users.manage at or above the user's level (`mayManageUser`). A scoped token needs that
 * scope too (`hasAdmin` narrows by it). One's own sessions are /api/sessions.
 */
export function mayManageSessionsOf(p: Principal, s: AccessSnapshot, userId: string): Decision {
  if (!canManageUsers(p, s)) return deny("Managing a user's sessions needs admin.users.manage.");
  return mayManageUser(p, s, userId);
}

/** Changing one's own password or email proves the current password first. */
export function needsOldPassword(p: Principal, userId: string): boolean {
  return p.type === 'user' && p.id === userId;
}

export { actorLevel };
