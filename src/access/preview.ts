// What-if previews: who gains and who loses what if a proposed directory change were saved. The
// change is applied to an overlay of the index (nothing is written) and the effective grants of
// the users it can reach — the same set the directory guard checks — are compared before/after.
import {
  type AccessIndex,
  type Effective,
  type GroupData,
  type RoleData,
  type UserData,
  alikeKey,
} from './access-index.js';
import { affectedUsers } from './directory-guard.js';
import { DirectoryOverlay } from './overlay.js';
import type { Permissions } from '../catalogue/modules.js';

/** A proposed change to one role, group or user: only the fields given change. */
export type ProposedChange =
  | { type: 'role'; id: string; permissions?: Permissions; level?: number }
  | { type: 'group'; id: string; roles?: readonly string[]; parent?: string | null }
  | { type: 'user'; id: string; groups?: readonly string[]; role?: string };

/** The overlay of `index` with `change` applied; null when the entity does not exist. */
export function overlayOf(index: AccessIndex, change: ProposedChange): DirectoryOverlay | null {
  const roles = new Map<string, RoleData | null>();
  const groups = new Map<string, GroupData | null>();
  const users = new Map<string, UserData | null>();
  if (change.type === 'role') {
    const role = index.role(change.id);
    if (!role) return null;
    roles.set(role.id, {
      ...role,
      ...(change.permissions !== undefined ? { permissions: change.permissions } : {}),
      ...(change.level !== undefined ? { level: change.level } : {}),
    });
  } else if (change.type === 'group') {
    const group = index.group(change.id);
    if (!group) return null;
    groups.set(group.id, {
      ...group,
      ...(change.roles !== undefined ? { roleIds: [...new Set(change.roles)] } : {}),
      ...(change.parent !== undefined ? { parent: change.parent || null } : {}),
    });
  } else {
    const user = index.user(change.id);
    if (!user) return null;
    users.set(user.id, {
      ...user,
      ...(change.groups !== undefined ? { groupIds: [...new Set(change.groups)] } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
    });
  }
  return new DirectoryOverlay(index, { roles, groups, users });
}

/** One line of a preview: users gaining or losing `module.action` in `scope`. */
export interface GrantLine {
  kind: 'gain' | 'lose';
  module: string;
  action: string;
  scope: string;
  userIds: string[];
}

/** Users whose effective level goes from `from` to `to` (null: no role; a disabled user keeps theirs). */
export interface LevelLine {
  from: number | null;
  to: number | null;
  userIds: string[];
}

export interface AccessDiff {
  /** Users the change can reach (whose grants were compared). */
  affected: number;
  /** Users whose grants or level actually change. */
  changed: number;
  grants: GrantLine[];
  levels: LevelLine[];
}

/** `module.action\tscope` for every grant a user holds; a disabled or absent user holds none. */
function grantKeys(e: Effective | null): Set<string> {
  const out = new Set<string>();
  if (!e?.active) return out;
  for (const [module, grant] of e.modules)
    for (const action of grant.actions) out.add(`${module}\t${action}\t${grant.scope}`);
  return out;
}

const levelOf = (e: Effective | null): number | null => (e?.active ? e.level : null);

/**
 * The diff of effective grants between `before` and `after` over the users the change can reach.
 * Users resolving alike (same role, status, groups) share one comparison: a role held by 10k
 * users through a few groups is compared a few times, not 10k.
 */
export function diffAccess(before: AccessIndex, after: DirectoryOverlay): AccessDiff {
  const affected = affectedUsers(before, after);
  // Users alike before and after, with the first of them to resolve the pair for all.
  const alike = new Map<string, { first: string; userIds: string[] }>();
  let unique = 0;
  for (const userId of affected) {
    const key = pairKey(before.user(userId), after.user(userId)) ?? `\u0000${String(unique++)}`;
    const bucket = alike.get(key);
    if (bucket) bucket.userIds.push(userId);
    else alike.set(key, { first: userId, userIds: [userId] });
  }
  const lines = new Map<string, GrantLine>();
  const levels = new Map<string, LevelLine>();
  let changed = 0;
  for (const { first, userIds } of alike.values()) {
    const was = before.effective(first);
    const now = after.effective(first);
    const had = grantKeys(was);
    const has = grantKeys(now);
    const from = levelOf(was);
    const to = levelOf(now);
    const gained = [...has].filter((k) => !had.has(k));
    const lost = [...had].filter((k) => !has.has(k));
    if (gained.length === 0 && lost.length === 0 && from === to) continue;
    changed += userIds.length;
    for (const [kind, keys] of [
      ['gain', gained],
      ['lose', lost],
    ] as const) {
      for (const k of keys) {
        const id = `${kind}\t${k}`;
        let line = lines.get(id);
        if (!line) {
          const [module = '', action = '', scope = ''] = k.split('\t');
          line = { kind, module, action, scope, userIds: [] };
          lines.set(id, line);
        }
        for (const userId of userIds) line.userIds.push(userId);
      }
    }
    if (from !== to) {
      const id = `${String(from)}\t${String(to)}`;
      let line = levels.get(id);
      if (!line) {
        line = { from, to, userIds: [] };
        levels.set(id, line);
      }
      for (const userId of userIds) line.userIds.push(userId);
    }
  }
  const grants = [...lines.values()].sort(
    (a, b) =>
      b.userIds.length - a.userIds.length ||
      a.kind.localeCompare(b.kind) ||
      a.module.localeCompare(b.module) ||
      a.action.localeCompare(b.action) ||
      a.scope.localeCompare(b.scope),
  );
  const levelLines = [...levels.values()].sort((a, b) => b.userIds.length - a.userIds.length);
  return { affected: affected.size, changed, grants, levels: levelLines };
}

/** Users alike before and after (role, status, groups) have the same diff; null: don't share. */
function pairKey(was: UserData | undefined, now: UserData | undefined): string | null {
  if (!was || !now) return null;
  return `${alikeKey(was)}\n--\n${alikeKey(now)}`;
}
