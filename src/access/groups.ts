// Decisions on groups: who may change a group's members, and which groups (with the roles they and
// their ancestors bring) an actor may put a user in or give roles to — the level walk, once.
import { isOperator, type Principal } from './principal.js';
import { type AccessSnapshot, hasAdmin } from './grants.js';
import { ALLOW, allowIf, type Decision, deny } from './decision.js';
import { mayAssignLevel } from './levels.js';

/** Adding and removing members: operators and holders of admin.groups.manage or users.manage. */
export function mayChangeMembers(p: Principal, s: AccessSnapshot): Decision {
  return allowIf(
    isOperator(p) || hasAdmin(p, s, ['groups.manage', 'users.manage']),
    'Changing group members needs admin.groups.manage or admin.users.manage.',
  );
}

/**
 * Joining a group brings its roles and its ancestors' roles: each must be at or below the actor's
 * level. Groups in `already` (the user's groups before) are kept, so they are not checked again.
 */
export function mayJoinGroups(
  p: Principal,
  s: AccessSnapshot,
  groupIds: readonly string[],
  already: readonly string[] = [],
): Decision {
  const index = s.index;
  for (const groupId of groupIds) {
    if (already.includes(groupId)) continue;
    for (const ancestor of index.lineage(groupId)) {
      for (const roleId of index.group(ancestor)?.roleIds ?? []) {
        const role = index.role(roleId);
        if (!role) continue;
        const check = mayAssignLevel(p, s, role.name, role.level);
        if (!check.ok) return deny(`${check.message} (through group "${index.path(groupId)}")`);
      }
    }
  }
  return ALLOW;
}

/** A group may gain only roles at or below the actor's level (unknown ids are the engine's to report). */
export function mayGiveGroupRoles(
  p: Principal,
  s: AccessSnapshot,
  roleIds: readonly string[],
): Decision {
  for (const roleId of roleIds) {
    const role = s.index.role(roleId);
    if (!role) continue;
    const check = mayAssignLevel(p, s, role.name, role.level);
    if (!check.ok) return check;
  }
  return ALLOW;
}
