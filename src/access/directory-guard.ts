// The guards every change to the directory must pass, whatever path it takes (a user edit, a group
// moved or deleted, a role edited, memberships, an import, a bulk action): no cycle among groups; the
// actor gives only roles they could assign and demotes only users they may manage; the last active
// level-0 user stays. Checked on the state the change would commit, against the state before it.
import { ALLOW, type Decision } from './decision.js';
import type { AccessIndex, Effective, RoleData } from './access-index.js';
import { isOperator, type Principal } from './principal.js';
import { NO_LEVEL, OPERATOR_LEVEL } from './levels.js';
import type { DirectoryOverlay } from './overlay.js';

export type GuardResult = Decision;

const OK: GuardResult = ALLOW;

export const LAST_LEVEL_ZERO =
  'This would leave no active user with a level-0 (Super Admin) role; the last one cannot be disabled, deleted or demoted.';

/** Every user whose grants the change may alter: changed users, members beneath changed groups, holders of changed roles. */
export function affectedUsers(before: AccessIndex, after: DirectoryOverlay): Set<string> {
  const out = new Set<string>(after.changes.users.keys());
  const underGroup = (groupId: string) => {
    if (!before.group(groupId)) return;
    for (const id of before.subtree(groupId))
      for (const userId of before.membersOfGroup(id)) out.add(userId);
  };
  for (const groupId of after.changes.groups.keys()) underGroup(groupId);
  for (const [roleId, role] of after.changes.roles) {
    const old = before.role(roleId);
    for (const name of [old?.name, role?.name])
      if (name) for (const userId of before.usersWithRole(name)) out.add(userId);
    for (const groupId of before.groupsWithRole(roleId)) underGroup(groupId);
  }
  return out;
}

export function checkDirectoryChange(
  p: Principal,
  before: AccessIndex,
  after: DirectoryOverlay,
): GuardResult {
  const cycle = findCycle(after);
  if (cycle) return cycle;
  const affected = affectedUsers(before, after);
  if (!isOperator(p)) {
    const levels = checkLevels(actorLevelIn(p, before), before, after, affected);
    if (!levels.ok) return levels;
  }
  return keepsLastLevelZero(before, after, affected);
}

function actorLevelIn(p: Principal, index: AccessIndex): number {
  if (isOperator(p)) return OPERATOR_LEVEL;
  if (p.type !== 'user') return NO_LEVEL;
  return index.effective(p.id)?.level ?? NO_LEVEL;
}

const levelOf = (e: Effective | null): number => e?.level ?? NO_LEVEL;

/** A changed group whose new parent chain comes back to it: refused with the loop's names. */
function findCycle(after: DirectoryOverlay): GuardResult | null {
  for (const [id, group] of after.changes.groups) {
    if (!group?.parent) continue;
    const chain: string[] = [id];
    let current: string | null = group.parent;
    while (current && !chain.includes(current)) {
      chain.push(current);
      current = after.group(current)?.parent ?? null;
    }
    if (current !== id) continue;
    const names = chain.map((g) => after.group(g)?.name ?? g).reverse();
    const moved = after.group(id)?.name ?? id;
    const parent = after.group(group.parent)?.name ?? group.parent;
    return {
      ok: false,
      status: 400,
      field: 'parent',
      code: 'validation_cycle',
      message: `Moving "${moved}" under "${parent}" would create a cycle: ${[...names, names[0] ?? ''].join(' / ')}.`,
    };
  }
  return null;
}

/** Gives more than `old` did: a lower level, another action, or `all` where it was `shared`. */
function widens(old: RoleData, now: RoleData): boolean {
  if (now.level < old.level) return true;
  for (const [module, grant] of Object.entries(now.permissions)) {
    const was = old.permissions[module as keyof typeof old.permissions];
    if (!was) return true;
    if (grant.scope === 'all' && was.scope !== 'all') return true;
    if (grant.actions.some((a) => !was.actions.includes(a))) return true;
  }
  return false;
}

/** Ends up with less: gone, disabled, a higher level number, or any action or `all` scope lost. */
function demoted(was: Effective | null, now: Effective | null): boolean {
  if (!was) return false;
  if (!now) return true;
  if (was.active && !now.active) return true;
  if (levelOf(now) > levelOf(was)) return true;
  for (const [module, grant] of was.modules) {
    const kept = now.modules.get(module);
    if (!kept || (grant.scope === 'all' && kept.scope !== 'all')) return true;
    for (const action of grant.actions) if (!kept.actions.has(action)) return true;
  }
  return false;
}

function checkLevels(
  mine: number,
  before: AccessIndex,
  after: DirectoryOverlay,
  affected: ReadonlySet<string>,
): GuardResult {
  const approved = new Set<string>();
  for (const userId of affected) {
    const was = before.effective(userId);
    const now = after.effective(userId);
    if (demoted(was, now) && levelOf(was) < mine) {
      return {
        ok: false,
        status: 403,
        message: `You (level ${mine}) cannot demote or remove user ${userId} (level ${levelOf(was)}), who is above you.`,
      };
    }
    if (!now?.active) continue;
    for (const source of now.roles) {
      if (approved.has(source.roleId)) continue;
      const role = after.role(source.roleId);
      if (!role) continue;
      const old = before.role(source.roleId);
      const held = was?.active === true && was.roles.some((r) => r.roleId === source.roleId);
      const gained = !held || !old || widens(old, role);
      if (!gained) continue;
      if (role.level < mine) {
        const through =
          source.path.length > 0 ? ` (through group "${source.path.join(' / ')}")` : '';
        return {
          ok: false,
          status: 403,
          message: `You (level ${mine}) cannot give role "${role.name}" (level ${role.level}) to user ${userId}${through}, which is above yours.`,
        };
      }
      approved.add(source.roleId);
    }
  }
  return OK;
}

const isLevelZero = (e: Effective | null) => e?.active === true && e.level === 0;

/** Nobody, by any path, leaves the directory without an active human at level 0 if it had one. */
function keepsLastLevelZero(
  before: AccessIndex,
  after: DirectoryOverlay,
  affected: ReadonlySet<string>,
): GuardResult {
  const human = (id: string, view: { user(id: string): { service?: boolean } | undefined }) =>
    view.user(id)?.service !== true;
  let lost = false;
  for (const userId of affected) {
    if (!human(userId, before) || !isLevelZero(before.effective(userId))) continue;
    if (!human(userId, after) || !isLevelZero(after.effective(userId))) lost = true;
  }
  if (!lost) return OK;
  for (const userId of affected)
    if (human(userId, after) && isLevelZero(after.effective(userId))) return OK;
  // Users the change does not reach keep their grants: any of them at level 0 remains.
  for (const userId of levelZeroCandidates(before))
    if (!affected.has(userId) && human(userId, before) && isLevelZero(before.effective(userId)))
      return OK;
  return { ok: false, status: 403, message: LAST_LEVEL_ZERO };
}

/** Users holding a level-0 role directly or through a group or an ancestor group. */
function levelZeroCandidates(index: AccessIndex): Set<string> {
  const out = new Set<string>();
  for (const role of index.roleList()) {
    if (role.level !== 0) continue;
    for (const userId of index.usersWithRole(role.name)) out.add(userId);
    for (const groupId of index.groupsWithRole(role.id))
      for (const id of index.subtree(groupId))
        for (const userId of index.membersOfGroup(id)) out.add(userId);
  }
  return out;
}
