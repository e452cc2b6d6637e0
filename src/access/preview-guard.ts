// Who may preview a change to a role or a group: exactly who may save it. The same decisions the
// roles and groups collections' writes ask (records.ts for the collection, levels.ts, roles.ts,
// groups.ts), in the same order; the directory guard then runs on the overlay as on a real write.
// A user change is checked by the users service's own checks (accounts/users.checks.ts).
import type { Decision } from './decision.js';
import { ALLOW } from './decision.js';
import type { AccessSnapshot } from './grants.js';
import { mayGiveGroupRoles } from './groups.js';
import { mayAssignLevel } from './levels.js';
import type { Principal } from './principal.js';
import { recordAccess } from './records.js';
import { mayDefineRole } from './roles.js';
import { findCollection } from '../catalogue/collections.js';
import type { Permissions } from '../catalogue/modules.js';

/** Editing a record of `collection` (roles, groups) as the records engine decides it. */
function mayEdit(p: Principal, s: AccessSnapshot, collection: 'roles' | 'groups'): Decision {
  const def = findCollection(collection);
  if (!def) return { ok: false, status: 403, message: `Unknown collection ${collection}.` };
  const decision = recordAccess(p, s, def, 'edit');
  return decision.ok ? ALLOW : decision;
}

/** Saving role `roleId` with `level` and `permissions` (the stored ones where not proposed). */
export function mayProposeRole(
  p: Principal,
  s: AccessSnapshot,
  roleId: string,
  next: { level: number; permissions: Permissions },
): Decision {
  const edit = mayEdit(p, s, 'roles');
  if (!edit.ok) return edit;
  const role = s.index.role(roleId);
  if (!role) return ALLOW;
  for (const level of [next.level, role.level]) {
    const check = mayAssignLevel(p, s, role.name, level);
    if (!check.ok) return check;
  }
  return mayDefineRole(p, s, roleId, role.permissions, next.permissions);
}

/** Saving group `groupId` with `roleIds` (the roles it would gain must be at the actor's level). */
export function mayProposeGroup(
  p: Principal,
  s: AccessSnapshot,
  groupId: string,
  roleIds: readonly string[] | undefined,
): Decision {
  const edit = mayEdit(p, s, 'groups');
  if (!edit.ok) return edit;
  const had = new Set(s.index.group(groupId)?.roleIds ?? []);
  return mayGiveGroupRoles(
    p,
    s,
    (roleIds ?? []).filter((id) => !had.has(id)),
  );
}
