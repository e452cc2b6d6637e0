// The users list's URL search → the records API's list options: a PocketBase filter for the search
// box (name or email), role and status; `memberOf` for one group and `inGroup` for a group with
// its sub-groups (decision 0022). Pure, so the filter text the screen sends is tested on its own.
import type { FilterBinder } from '../records/filter';

export interface UsersSearch {
  q?: string;
  group?: string;
  subgroups?: boolean;
  role?: string;
  status?: 'active' | 'disabled';
  sort?: string;
  page?: number;
}

export interface UsersListOptions {
  filter: string;
  /** One group's members (the server's indexed `?memberOf=`, as `groups.id ?=`). */
  memberOf?: string;
  /** A group and every group beneath it (the server's recursive `?inGroup=`). */
  inGroup?: string;
  sort: string;
}

/** The columns a header click sorts by (stored fields: level and groups are computed). */
export const SORTABLE = ['name', 'email', 'role', 'status', 'created'] as const;
export type SortField = (typeof SORTABLE)[number];
export const DEFAULT_SORT = 'name';

/** A sort the list accepts ("name", "-created"), else the default. */
export function sortOf(sort: string | undefined): string {
  const field = (sort ?? '').replace(/^-/, '');
  return (SORTABLE as readonly string[]).includes(field) ? (sort ?? DEFAULT_SORT) : DEFAULT_SORT;
}

/**
 * The list options for `search`. One group is `memberOf` (the filter `groups.id ?= …` says the same
 * but joins every user: seconds at 100k users); with sub-groups it is `inGroup`. The parts are
 * ANDed; the search text matches name or email.
 */
export function usersListOptions(search: UsersSearch, bind: FilterBinder): UsersListOptions {
  const parts: string[] = [];
  const q = search.q?.trim() ?? '';
  if (q) parts.push(bind('(name ~ {:q} || email ~ {:q})', { q }));
  if (search.role) parts.push(bind('role = {:role}', { role: search.role }));
  if (search.status) parts.push(bind('status = {:status}', { status: search.status }));
  return {
    filter: parts.join(' && '),
    ...(search.group ? { [search.subgroups ? 'inGroup' : 'memberOf']: search.group } : {}),
    sort: `${sortOf(search.sort)},id`,
  };
}

/** Whether any filter or search narrows the list (the empty state says so). */
export function isFiltered(search: UsersSearch): boolean {
  return Boolean(search.q?.trim() || search.group || search.role || search.status);
}
