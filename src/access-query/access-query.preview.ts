// POST /api/access/preview: who would gain and who would lose what if a proposed change to a role,
// a group or a user were saved. Nothing is written: the change is checked as its real write would
// check it (who may save it, the directory guard: cycles, levels, the last level-0 user), applied
// to an overlay of the access index, and the effective grants of the users it reaches compared.
import type { Db } from '../db/connect.js';
import { AppError, fieldError, notFound, refuse } from '../errors.js';
import {
  type AccessSnapshot,
  type GuardResult,
  canExportUsers,
  type Actor,
  canViewUser,
  checkDirectoryChange,
  diffAccess,
  mayProposeGroup,
  mayProposeRole,
  overlayOf,
  type ProposedChange,
} from '../access/index.js';
import type { Permissions } from '../catalogue/modules.js';
import { checkChange } from '../accounts/users.checks.js';
import { checkPermissions } from '../roles/roles.hooks.js';
import { cycleError } from '../groups/groups.hooks.js';
import type { Directory } from '../directory/directory.js';
import { userNames } from './access-query.repo.js';
import type { PreviewInput, PreviewResult } from './access-query.schema.js';

/** Users named per line of the answer; the count is always whole. */
export const PREVIEW_SAMPLE = 20;

/** A 400 or 403 naming a field of the change names it as the body does: `change.<field>`. */
function inChange(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const data = Object.fromEntries(
    Object.entries(error.data).map(([field, value]) => [`change.${field}`, value]),
  );
  return new AppError(error.status, error.code, error.message, data);
}

function refuseUnlessOk(decision: GuardResult): void {
  if (!decision.ok) throw refuse(decision);
}

export async function previewChange(
  db: Db,
  directory: Directory,
  actor: Actor,
  input: PreviewInput,
): Promise<PreviewResult> {
  const snapshot = await directory.snapshot();
  const change = checked(actor, snapshot, input.change);
  const overlay = overlayOf(snapshot.index, change);
  if (!overlay) throw notFound();
  const guard = checkDirectoryChange(actor.principal, snapshot.index, overlay);
  if (!guard.ok) throw inChange(refuse(guard));
  const diff = diffAccess(snapshot.index, overlay);
  // Who the users are only for those who may read the user list; others see counts.
  const sampleSize = canExportUsers(actor.principal, snapshot) ? PREVIEW_SAMPLE : 0;
  const sampled = new Set<string>();
  for (const line of [...diff.grants, ...diff.levels])
    for (const id of line.userIds.slice(0, sampleSize)) sampled.add(id);
  const names = await userNames(db, [...sampled]);
  const sample = (ids: readonly string[]) =>
    ids.slice(0, sampleSize).map((id) => ({ id, name: names.get(id) ?? '' }));
  const grants = diff.grants.map((g) => ({
    kind: g.kind,
    permission: `${g.module}.${g.action}`,
    module: g.module,
    action: g.action,
    scope: g.scope,
    count: g.userIds.length,
    users: sample(g.userIds),
  }));
  const levels = diff.levels.map((l) => ({
    from: l.from,
    to: l.to,
    count: l.userIds.length,
    users: sample(l.userIds),
  }));
  const summary = [
    ...grants.map((g) => `${users(g.count)} ${verb(g.kind, g.count)} ${g.permission} (${g.scope})`),
    ...levels.map(
      (l) =>
        `${users(l.count)} ${verb('go', l.count)} from level ${level(l.from)} to ${level(l.to)}`,
    ),
  ];
  return { affected: diff.affected, changed: diff.changed, grants, levels, summary };
}

const users = (n: number) => `${String(n)} user${n === 1 ? '' : 's'}`;
const verb = (v: 'gain' | 'lose' | 'go', n: number) =>
  n === 1 ? (v === 'go' ? 'goes' : `${v}s`) : v;
const level = (n: number | null) => (n === null ? 'none' : String(n));

/** Who may save this change, and whether it is well-formed: as its real write checks it. */
function checked(
  actor: Actor,
  snapshot: AccessSnapshot,
  change: PreviewInput['change'],
): ProposedChange {
  const p = actor.principal;
  const index = snapshot.index;
  try {
    if (change.type === 'role') {
      const role = index.role(change.id);
      const permissions = (change.permissions ?? role?.permissions ?? {}) as Permissions;
      const level = change.level ?? role?.level ?? 0;
      refuseUnlessOk(mayProposeRole(p, snapshot, change.id, { level, permissions }));
      if (!role) throw notFound();
      if (change.permissions) checkPermissions(change.permissions);
      if (permissions.system && level !== 0)
        throw fieldError(
          'level',
          'validation_system_needs_level_0',
          'A role granting system.* must be level 0.',
        );
      return { ...change, permissions };
    }
    if (change.type === 'group') {
      refuseUnlessOk(mayProposeGroup(p, snapshot, change.id, change.roles));
      if (!index.group(change.id)) throw notFound();
      if (change.parent && !index.group(change.parent))
        throw fieldError('parent', 'validation_missing_rel_records', 'Unknown group.');
      // As the groups' own check words it; the directory guard would refuse it all the same.
      const loop = cycleError(index, change.id, change.parent ?? '');
      if (loop) throw loop;
      const unknown = change.roles?.find((id) => !index.role(id));
      if (unknown)
        throw fieldError('roles', 'validation_missing_rel_records', `Unknown role "${unknown}".`);
      return change;
    }
    if (!canViewUser(p, snapshot, change.id) || !index.user(change.id)) throw notFound();
    const unknown = change.groups?.find((id) => !index.group(id));
    if (unknown)
      throw fieldError('groups', 'validation_missing_rel_records', `Unknown group "${unknown}".`);
    const user = index.user(change.id);
    const input = {
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.groups !== undefined ? { groups: [...change.groups] } : {}),
    };
    checkChange(actor, snapshot, change.id, input, user?.role, user?.groupIds ?? []);
    return change;
  } catch (error) {
    throw inChange(error);
  }
}
