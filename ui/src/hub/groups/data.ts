// What the groups screen loads and changes: a node's children a page at a time
// (GET /api/groups/tree, counts included), a group record with its own roles, its lineage (for the
// roles it inherits and for revealing it in the tree), its members (the users list, direct or with
// ?inGroup= for sub-groups), and the writes: create, edit, move (PATCH parent), roles, members
// (POST /api/groups/{id}/members, all or nothing), delete (?confirm=true detaches).
import {
  type QueryClient,
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
} from '@tanstack/react-query';
import { pb } from '../pb';

/** Children per page of a node; "Show more" loads the next page of that node only. */
export const TREE_PAGE = 50;
export const MEMBERS_PAGE = 20;

export interface TreeNode {
  id: string;
  name: string;
  parent: string;
  path: string;
  childCount: number;
  memberCount: number;
  memberCountWithSubgroups: number;
}

export interface TreePage {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: TreeNode[];
}

export interface SearchMatch {
  id: string;
  name: string;
  path: string;
  ancestors: { id: string; name: string }[];
  childCount: number;
}

export interface RoleRef {
  id: string;
  name: string;
  level: number;
}

export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  parent: string;
  roles: string[];
  path?: string;
  updated: string;
  expand?: { roles?: RoleRef[] };
}

/** Every read of this screen starts with this key: a write invalidates them all at once. */
export const GROUPS_KEY = ['groups'] as const;

/** The top level is asked for as parent=root. */
export const ROOT = 'root';

export const childrenQuery = (parent: string) =>
  infiniteQueryOptions({
    queryKey: ['groups', 'tree', parent],
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      pb.send<TreePage>('/api/groups/tree', {
        query: { parent, page: pageParam, perPage: TREE_PAGE },
        signal,
      }),
    getNextPageParam: (last) => (last.page < last.totalPages ? last.page + 1 : undefined),
  });

export const searchQuery = (q: string) =>
  queryOptions({
    queryKey: ['groups', 'search', q],
    enabled: q.length > 0,
    queryFn: ({ signal }) =>
      pb.send<{ items: SearchMatch[]; totalItems: number }>('/api/groups/tree/search', {
        query: { q, perPage: 20 },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

export const groupQuery = (id: string) =>
  queryOptions({
    queryKey: ['groups', 'record', id],
    queryFn: ({ signal }) =>
      pb.collection('groups').getOne<GroupRecord>(id, { expand: 'roles', signal }),
    retry: false,
  });

/**
 * The group and its ancestors, nearest first (one read per level; a tree is a few levels deep).
 * Each level is read as `groupQuery` through the client, so the selected group's own read is
 * shared, and an ancestor opened next shows at once. A parent the caller cannot read ends the walk.
 */
export const lineageQuery = (id: string, client: QueryClient) =>
  queryOptions({
    queryKey: ['groups', 'lineage', id],
    queryFn: async () => {
      const out: GroupRecord[] = [];
      let next: string = id;
      while (next && !out.some((g) => g.id === next)) {
        const record = await client.query(groupQuery(next)).catch((error: unknown) => {
          if (out.length > 0) return null;
          throw error;
        });
        if (!record) break;
        out.push(record);
        next = record.parent;
      }
      return out;
    },
    retry: false,
  });

export interface Member {
  id: string;
  name: string;
  email: string;
  status: string;
  groups: string[];
  groupPaths?: string[];
}

export interface MembersPage {
  page: number;
  totalItems: number;
  totalPages: number;
  items: Member[];
}

/** One page of the group's members; with sub-groups, everyone in it or any group beneath it. */
export const membersQuery = (id: string, subgroups: boolean, page: number) =>
  queryOptions({
    queryKey: ['groups', 'members', id, subgroups, page],
    queryFn: ({ signal }) =>
      pb.collection('users').getList<Member>(page, MEMBERS_PAGE, {
        sort: 'name,email',
        fields: 'id,name,email,status,groups,groupPaths',
        // Decision 0022: the server's indexed reads (`groups.id ?=` joins every user).
        ...(subgroups ? { inGroup: id } : { memberOf: id }),
        signal,
      }),
    placeholderData: keepPreviousData,
  });

export interface UserOption {
  id: string;
  name: string;
  email: string;
}

/** Users whose name or email contains `q` (a page of 20), for the add-members picker. */
export const userSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['groups', 'user-search', q],
    queryFn: async ({ signal }) =>
      (
        await pb.collection('users').getList<UserOption>(1, 20, {
          sort: 'name,email',
          fields: 'id,name,email',
          filter: q ? pb.filter('name ~ {:q} || email ~ {:q}', { q }) : '',
          signal,
        })
      ).items,
    placeholderData: keepPreviousData,
  });

export const createGroup = (input: { name: string; description: string; parent: string }) =>
  pb.collection('groups').create<GroupRecord>(input);

export const updateGroup = (
  id: string,
  patch: Partial<Pick<GroupRecord, 'name' | 'description' | 'parent' | 'roles'>>,
) => pb.collection('groups').update<GroupRecord>(id, patch);

export const changeMembers = (id: string, change: { add?: string[]; remove?: string[] }) =>
  pb.send<{ added: string[]; removed: string[] }>(`/api/groups/${id}/members`, {
    method: 'POST',
    body: change,
  });

/** What the server says a delete detached (nothing: a 204 without a body). */
export interface DeleteReport {
  detached?: { children?: { id: string; name: string }[]; members?: string[]; shares?: number };
}

export const deleteGroup = (id: string) =>
  pb.send<DeleteReport | null>(`/api/collections/groups/records/${id}`, {
    method: 'DELETE',
    query: { confirm: 'true' },
  });

export interface GroupFacts {
  childCount: number;
  /** Unknown (undefined) to those who may not read the users list. */
  memberCount?: number;
  memberCountWithSubgroups?: number;
}

/**
 * What deleting the group would detach: how many child groups and (for those who may read users)
 * members it has — counts only, one item asked for each.
 */
export const factsQuery = (id: string, withMembers: boolean) =>
  queryOptions({
    queryKey: ['groups', 'facts', id, withMembers],
    queryFn: async ({ signal }): Promise<GroupFacts> => {
      const children = pb
        .collection('groups')
        .getList(1, 1, { filter: pb.filter('parent = {:id}', { id }), fields: 'id', signal });
      if (!withMembers) return { childCount: (await children).totalItems };
      const [kids, own, all] = await Promise.all([
        children,
        pb.collection('users').getList(1, 1, { memberOf: id, fields: 'id', signal }),
        pb.collection('users').getList(1, 1, { inGroup: id, fields: 'id', signal }),
      ]);
      return {
        childCount: kids.totalItems,
        memberCount: own.totalItems,
        memberCountWithSubgroups: all.totalItems,
      };
    },
  });
