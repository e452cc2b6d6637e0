// What the user details screen loads and changes: the user record (PATCH only what changed), the
// roles to choose from, the user's effective access (GET /api/access/users/{id}), explain
// (GET /api/access/explain), and the user's sessions and tokens for administrators.
import { queryOptions } from '@tanstack/react-query';
import type { Session } from '../account/sessions';
import type { ApiToken } from '../account/tokens';
import { pb } from '../pb';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: string;
  status: 'active' | 'disabled';
  groups: string[];
  groupPaths?: string[];
  kind?: string;
  updated: string;
}

export const userKey = (id: string) => ['admin-user', id] as const;

export const userQuery = (id: string) =>
  queryOptions({
    queryKey: userKey(id),
    queryFn: ({ signal }) => pb.collection('users').getOne<UserRecord>(id, { signal }),
    retry: false,
  });

export interface RoleOption {
  id: string;
  name: string;
  level: number;
}

/** The roles to assign, by level then name (a directory has tens, not thousands: one page of 200). */
export const rolesQuery = queryOptions({
  queryKey: ['roles', 'options'],
  queryFn: async ({ signal }) =>
    (
      await pb
        .collection('roles')
        .getList<RoleOption>(1, 200, { sort: 'level,name', fields: 'id,name,level', signal })
    ).items,
  staleTime: 60_000,
});

/** The fields the Details form edits. */
export interface DetailsValues {
  name: string;
  email: string;
  groups: string[];
  role: string;
  status: 'active' | 'disabled';
}

export const valuesOf = (u: UserRecord): DetailsValues => ({
  name: u.name,
  email: u.email,
  groups: [...u.groups],
  role: u.role,
  status: u.status,
});

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Only the fields that differ from what is stored (what Save Changes PATCHes). */
export function changedFields(stored: DetailsValues, form: DetailsValues): Partial<DetailsValues> {
  const changed: Partial<DetailsValues> = {};
  if (form.name !== stored.name) changed.name = form.name;
  if (form.email.trim() !== stored.email) changed.email = form.email.trim();
  if (!sameList(form.groups, stored.groups)) changed.groups = form.groups;
  if (form.role !== stored.role) changed.role = form.role;
  if (form.status !== stored.status) changed.status = form.status;
  return changed;
}

/** A user's effective access as GET /api/access/users/{id} answers it. */
export interface Effective {
  user: { id: string; role: string; status: string };
  level: number | null;
  levelName: string | null;
  roles: { name: string; level: number | null; via: string; path: string[] }[];
  groups: { id: string; path: string }[];
  permissions: Record<string, { actions: string[]; scope: string } | undefined>;
}

export const effectiveQuery = (id: string) =>
  queryOptions({
    queryKey: ['admin-user', id, 'effective'],
    queryFn: ({ signal }) => pb.send<Effective>(`/api/access/users/${id}`, { signal }),
  });

export interface Explanation {
  allowed: boolean;
  level: number | null;
  note?: string;
  reasons: { via: string; path: string[] }[];
}

export interface ExplainQuestion {
  module: string;
  action: string;
  /** `collection/id`, or absent for the permission alone. */
  record?: string;
}

export function explain(userId: string, q: ExplainQuestion, signal?: AbortSignal) {
  const query: Record<string, string> = { user: userId, module: q.module, action: q.action };
  if (q.record) query.record = q.record;
  return pb.send<Explanation>('/api/access/explain', { query, signal });
}

export const sessionsKey = (id: string) => ['admin-user', id, 'sessions'] as const;
export const tokensKey = (id: string) => ['admin-user', id, 'tokens'] as const;

export const userSessionsQuery = (id: string) =>
  queryOptions({
    queryKey: sessionsKey(id),
    queryFn: ({ signal }) => pb.send<{ items: Session[] }>(`/api/users/${id}/sessions`, { signal }),
  });

export const userTokensQuery = (id: string) =>
  queryOptions({
    queryKey: tokensKey(id),
    queryFn: ({ signal }) =>
      pb.send<{ items: ApiToken[] }>('/api/tokens', { query: { user: id }, signal }),
  });

export const revokeSession = (userId: string, sessionId: string) =>
  pb.send(`/api/users/${userId}/sessions/${sessionId}`, { method: 'DELETE' });

export const revokeToken = (tokenId: string) =>
  pb.send(`/api/tokens/${tokenId}`, { method: 'DELETE' });

/** Deletes the user; the typed email (when shown) goes along as `?confirm=`, checked by the server too. */
export const deleteUser = (id: string, email: string) =>
  pb.collection('users').delete(id, email ? { query: { confirm: email } } : {});
