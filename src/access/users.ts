// Decisions on user accounts: who sees which account, who may change which fields, and the
// guards that keep administration from escalating or locking everyone out.
import { isOperator } from './kernel.js';
import type { UserData } from './index.js';
import { type Refusal, actorLevel, mayManageUser } from './levels.js';
import type { Principal } from './principal.js';
import { type AccessSnapshot, hasAdmin } from './records.js';

const SELF_FIELDS = ['name', 'email', 'emailVisibility', 'username', 'password'];
const ADMIN_FIELDS = [...SELF_FIELDS, 'role', 'status', 'verified', 'groups'];

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

/** Bulk CSV import creates and changes users: admin:users.manage plus the catalogue's admin:import. */
export function canImportUsers(p: Principal, s: AccessSnapshot): boolean {
  return isOperator(p) || (hasAdmin(p, s, ['users.manage']) && hasAdmin(p, s, ['import']));
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

/** The fields `p` may change on `userId` (empty: none), or why not. */
export function editableUserFields(
  p: Principal,
  s: AccessSnapshot,
  userId: string,
): { fields: ReadonlySet<string>; why: string } {
  if (isOperator(p)) return { fields: new Set(ADMIN_FIELDS), why: '' };
  if (canManageUsers(p, s)) {
    const check = mayManageUser(p, s, userId);
    if (check.ok) return { fields: new Set(ADMIN_FIELDS), why: '' };
    if (p.type === 'user' && p.id === userId)
      return { fields: new Set(SELF_FIELDS), why: check.message };
    return { fields: new Set(), why: check.message };
  }
  if (p.type === 'user' && p.id === userId) {
    return { fields: new Set(SELF_FIELDS), why: 'Changing this needs admin.users.manage.' };
  }
  return { fields: new Set(), why: 'You may change only your own account.' };
}

/** Changing one's own password or email proves the current password first. */
export function needsOldPassword(p: Principal, userId: string): boolean {
  return p.type === 'user' && p.id === userId;
}

/**
 * Nobody may disable, delete or demote the last active user holding a level-0 role. `changes`
 * maps each changed user to how it would be stored (null when deleted); checked all together, so
 * a bulk action cannot remove the last two at once. Service accounts cannot sign in to the UI, so
 * they neither count as that last user nor are held back by the rule.
 */
export function keepsLevelZero(
  s: AccessSnapshot,
  changes: ReadonlyMap<string, UserData | null>,
): Refusal {
  const human = (id: string) => s.index.user(id)?.service !== true;
  const losesIt = [...changes.keys()].filter((id) => {
    if (!human(id)) return false;
    const now = s.index.effective(id);
    if (!now?.active || now.level !== 0) return false;
    const after = changes.get(id);
    if (!after) return true;
    const preview = s.index.preview(after);
    return !(preview.active && preview.level === 0);
  });
  if (losesIt.length === 0) return { ok: true };
  for (const id of s.index.userIds()) {
    if (!human(id)) continue;
    const after = changes.get(id);
    if (changes.has(id) && !after) continue;
    const other = after ? s.index.preview(after) : s.index.effective(id);
    if (other?.active && other.level === 0) return { ok: true };
  }
  return {
    ok: false,
    message:
      'This would leave no active user with a level-0 (Super Admin) role; the last one cannot be disabled, deleted or demoted.',
  };
}

export { actorLevel };
