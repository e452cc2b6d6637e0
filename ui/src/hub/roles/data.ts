// What the roles screens load and save: the roles collection through the records API, a role's
// holders (GET /api/roles/{id}/holders, decision 0022), and the signed-in user's level.
import { queryOptions } from '@tanstack/react-query';
import { pb } from '../pb';
import { type Permissions, normalise } from './matrix';

export interface Role {
  id: string;
  name: string;
  description: string;
  level: number;
  permissions: Permissions;
  builtin: boolean;
}

/** The fields a role is saved with (`builtin` is the server's). */
export type RoleInput = Omit<Role, 'id' | 'builtin'>;

function toRole(record: Record<string, unknown>): Role {
  return {
    id: String(record.id),
    name: typeof record.name === 'string' ? record.name : '',
    description: typeof record.description === 'string' ? record.description : '',
    level: typeof record.level === 'number' ? record.level : 0,
    permissions: normalise(record.permissions),
    builtin: record.builtin === true,
  };
}

export const ROLES_PER_PAGE = 50;

export interface RolesPage {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: Role[];
}

export const rolesKey = ['roles'] as const;

/** A page of roles, most privileged first. */
export const rolesPageQuery = (page: number) =>
  queryOptions({
    queryKey: [...rolesKey, 'list', page],
    queryFn: async ({ signal }): Promise<RolesPage> => {
      const list = await pb.collection('roles').getList(page, ROLES_PER_PAGE, {
        sort: 'level,name',
        fields: 'id,name,description,level,permissions,builtin',
        signal,
      });
      return { ...list, items: list.items.map(toRole) };
    },
  });

export const roleQuery = (id: string) =>
  queryOptions({
    queryKey: [...rolesKey, 'one', id],
    queryFn: async ({ signal }) => toRole(await pb.collection('roles').getOne(id, { signal })),
  });

export async function saveRole(id: string | null, input: RoleInput): Promise<Role> {
  const body = { ...input, permissions: normalise(input.permissions) };
  const saved = id
    ? await pb.collection('roles').update(id, body)
    : await pb.collection('roles').create(body);
  return toRole(saved);
}

export async function deleteRole(id: string): Promise<void> {
  await pb.collection('roles').delete(id);
}

export interface HoldingPath {
  via: 'role' | 'group' | 'ancestor';
  /** Group names from the user's own group up to the group holding the role. */
  path: string[];
}

export interface UserHolder {
  id: string;
  name: string;
  status: string;
  via: HoldingPath[];
}

export interface GroupRef {
  id: string;
  name: string;
  path: string;
}

export interface GroupHolder extends GroupRef {
  via: 'group' | 'ancestor';
  from: GroupRef;
}

export interface HoldersPage<T> {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: T[];
}

export type HolderType = 'users' | 'groups';

export const HOLDERS_PER_PAGE = 20;

type HolderOf<T extends HolderType> = T extends 'users' ? UserHolder : GroupHolder;

export const holdersQuery = <T extends HolderType>(
  roleId: string,
  type: T,
  page: number,
  perPage = HOLDERS_PER_PAGE,
) =>
  queryOptions({
    queryKey: [...rolesKey, 'holders', roleId, type, page, perPage],
    queryFn: ({ signal }) =>
      pb.send<HoldersPage<HolderOf<T>>>(`/api/roles/${encodeURIComponent(roleId)}/holders`, {
        query: { type, page, perPage },
        signal,
      }),
  });

/** How many hold a role: one item asked for, the total read (no list loaded). */
export const holderCountQuery = (roleId: string, type: HolderType) =>
  queryOptions({
    ...holdersQuery(roleId, type, 1, 1),
    select: (page: HoldersPage<HolderOf<HolderType>>) => page.totalItems,
  });

/** How many hold each role of a page, in one read: role id → count (a role gone since: absent). */
export const holderCountsQuery = (roleIds: string[], type: HolderType) =>
  queryOptions({
    queryKey: [...rolesKey, 'holder-counts', type, roleIds],
    queryFn: async ({ signal }) => {
      const res = await pb.send<{ items: { id: string; count: number }[] }>(
        '/api/roles/holder-counts',
        { query: { ids: roleIds.join(','), type }, signal },
      );
      return new Map(res.items.map((i) => [i.id, i.count]));
    },
  });

export interface MyLevel {
  superuser: boolean;
  level: number | null;
}

/** The signed-in user's effective level (null: no role; a superuser has none and needs none). */
export const myLevelQuery = queryOptions({
  queryKey: ['access', 'me', 'level'],
  queryFn: async ({ signal }): Promise<MyLevel> => {
    const me = await pb.send<{ superuser?: boolean; level: number | null }>('/api/access/me', {
      signal,
    });
    return { superuser: me.superuser === true, level: me.level };
  },
  staleTime: 60_000,
});
