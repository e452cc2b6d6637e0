// The groups tree as the admin screen reads it, from the access index (no SQL): one node's
// children, paged and sorted by name, each with its counts; and a search over every group whose
// matches come back as paths with their ancestors' ids, so the screen expands down to them.
// Children are paged on their own (never cut at a page size), and a search reaches every depth.
import type { AccessIndex } from '../access/index.js';

export interface Page<T> {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: T[];
}

export interface TreeNode {
  id: string;
  name: string;
  /** The parent's id; '' for a top-level group. */
  parent: string;
  path: string;
  childCount: number;
  /** Users in this group itself. */
  memberCount: number;
  /** Distinct users in this group or any group beneath it. */
  memberCountWithSubgroups: number;
}

export interface GroupRef {
  id: string;
  name: string;
}

export interface SearchMatch extends GroupRef {
  path: string;
  /** From the top group down to the match's parent: expand these to show the match. */
  ancestors: GroupRef[];
  childCount: number;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function byName(a: GroupRef, b: GroupRef): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function pageOf<T>(all: readonly T[], page: number, perPage: number): Page<T> {
  const start = (page - 1) * perPage;
  return {
    page,
    perPage,
    totalItems: all.length,
    totalPages: Math.ceil(all.length / perPage),
    items: all.slice(start, start + perPage),
  };
}

/** Top-level groups: no parent, or a parent the index does not hold (never hidden). */
function roots(index: AccessIndex): string[] {
  const out: string[] = [];
  for (const id of index.groupIds()) {
    const parent = index.group(id)?.parent;
    if (!parent || !index.group(parent)) out.push(id);
  }
  return out;
}

function node(index: AccessIndex, id: string): TreeNode {
  const group = index.group(id);
  const members = new Set<string>();
  for (const g of index.subtree(id)) for (const u of index.membersOfGroup(g)) members.add(u);
  return {
    id,
    name: group?.name ?? id,
    parent: group?.parent && index.group(group.parent) ? group.parent : '',
    path: index.path(id),
    childCount: index.childrenOf(id).length,
    memberCount: index.membersOfGroup(id).length,
    memberCountWithSubgroups: members.size,
  };
}

/** The children of `parent` (null: the top level), sorted by name; counts only for the page shown. */
export function treeChildren(
  index: AccessIndex,
  parent: string | null,
  page: number,
  perPage: number,
): Page<TreeNode> {
  const ids = parent === null ? roots(index) : index.childrenOf(parent);
  const sorted = ids
    .map((id) => ({ id, name: index.group(id)?.name ?? id }))
    .sort(byName)
    .map((g) => g.id);
  const paged = pageOf(sorted, page, perPage);
  return { ...paged, items: paged.items.map((id) => node(index, id)) };
}

/** Groups whose name contains `q` (case-insensitive), at any depth, sorted by path. */
export function treeSearch(
  index: AccessIndex,
  q: string,
  page: number,
  perPage: number,
): Page<SearchMatch> {
  const needle = q.toLowerCase();
  const matches: { id: string; segments: string[] }[] = [];
  for (const id of index.groupIds()) {
    if ((index.group(id)?.name ?? '').toLowerCase().includes(needle))
      matches.push({ id, segments: index.pathSegments(id) });
  }
  matches.sort((a, b) => comparePaths(a.segments, b.segments) || (a.id < b.id ? -1 : 1));
  const paged = pageOf(matches, page, perPage);
  return {
    ...paged,
    items: paged.items.map(({ id, segments }) => ({
      id,
      name: index.group(id)?.name ?? id,
      path: segments.join(' / '),
      ancestors: index
        .lineage(id)
        .slice(1)
        .reverse()
        .map((a) => ({ id: a, name: index.group(a)?.name ?? a })),
      childCount: index.childrenOf(id).length,
    })),
  };
}

function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = collator.compare(a[i] ?? '', b[i] ?? '');
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
