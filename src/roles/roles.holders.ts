// Who holds a role, from the access index: users (directly, or through a group that holds it or
// an ancestor of theirs that does — each with how, as explain's paths) and groups (holding it
// themselves, or inheriting it from an ancestor). Paged; only the page shown is resolved.
import type { AccessIndex } from '../access/index.js';
import { type Page, pageOf } from '../groups/groups.tree.js';

export interface HoldingPath {
  via: 'role' | 'group' | 'ancestor';
  /** Group names from the user's own group up to the group holding the role ([] for 'role'). */
  path: string[];
}

export interface UserHolder {
  id: string;
  status: string;
  via: HoldingPath[];
}

export interface GroupHolder {
  id: string;
  name: string;
  path: string;
  via: 'group' | 'ancestor';
  /** The group that holds the role itself (this one when `via` is 'group'). */
  from: { id: string; name: string; path: string };
}

/** Every user holding a role: directly, or as a member of a holding group or one beneath it. */
function userHolderIds(index: AccessIndex, roleId: string): Set<string> {
  const role = index.role(roleId);
  const ids = new Set<string>(role ? index.usersWithRole(role.name) : []);
  for (const holder of index.groupsWithRole(roleId)) {
    for (const g of index.subtree(holder)) for (const u of index.membersOfGroup(g)) ids.add(u);
  }
  return ids;
}

/** Every group holding a role: itself, or beneath a group that does. */
function groupHolderIds(index: AccessIndex, roleId: string): Set<string> {
  const ids = new Set<string>();
  for (const holder of index.groupsWithRole(roleId))
    for (const g of index.subtree(holder)) ids.add(g);
  return ids;
}

/** How many users or groups hold a role — the totals of the two holder lists, without a page. */
export function holderCount(index: AccessIndex, roleId: string, type: 'users' | 'groups'): number {
  return (type === 'users' ? userHolderIds : groupHolderIds)(index, roleId).size;
}

export function userHolders(
  index: AccessIndex,
  roleId: string,
  page: number,
  perPage: number,
): Page<UserHolder> {
  const paged = pageOf([...userHolderIds(index, roleId)].sort(), page, perPage);
  return {
    ...paged,
    items: paged.items.map((id) => ({
      id,
      status: index.user(id)?.status ?? '',
      via: (index.effective(id)?.roles ?? [])
        .filter((r) => r.roleId === roleId)
        .map((r) => ({ via: r.via, path: r.path })),
    })),
  };
}

export function groupHolders(
  index: AccessIndex,
  roleId: string,
  page: number,
  perPage: number,
): Page<GroupHolder> {
  const all: GroupHolder[] = [];
  const seen = new Set<string>();
  // Holders first, nearest holder wins for a group beneath two of them.
  const holders = index.groupsWithRole(roleId);
  for (const holder of holders) seen.add(holder);
  const seenHolders = new Set(holders);
  const ref = (id: string) => ({ id, name: index.group(id)?.name ?? id, path: index.path(id) });
  for (const holder of holders) all.push({ ...ref(holder), via: 'group', from: ref(holder) });
  for (const holder of holders) {
    for (const g of index.subtree(holder)) {
      if (seen.has(g)) continue;
      seen.add(g);
      const nearest = index.lineage(g).find((a) => seenHolders.has(a)) ?? holder;
      all.push({ ...ref(g), via: 'ancestor', from: ref(nearest) });
    }
  }
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.id < b.id ? -1 : 1));
  return pageOf(all, page, perPage);
}
