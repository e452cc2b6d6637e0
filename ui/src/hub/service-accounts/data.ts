// What the service accounts screens load and change: GET /api/service-accounts (a page, searched on
// the server), one account, its tokens, and the changes (create, PATCH only what changed, delete with
// its name as confirmation, revoke a token). The owner picker searches users on the server.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ApiToken } from '../account/tokens';
import { pb } from '../pb';

export interface ServiceAccount {
  id: string;
  kind: 'service';
  name: string;
  description: string;
  ownerId: string | null;
  role: string;
  groups: string[];
  status: 'active' | 'disabled';
  created: string;
  updated: string;
}

export interface ServiceAccountRow extends ServiceAccount {
  ownerName: string;
  activeTokens: number;
  lastUsedAt: string;
}

export interface ServiceAccountsPage {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: ServiceAccountRow[];
}

export const SA_PER_PAGE = 25;

export const saKey = ['service-accounts'] as const;
export const oneKey = (id: string) => [...saKey, 'one', id] as const;
export const saTokensKey = (id: string) => [...saKey, 'tokens', id] as const;

const base = (id: string) => `/api/service-accounts/${encodeURIComponent(id)}`;

export const serviceAccountsQuery = (q: string, page: number) =>
  queryOptions({
    queryKey: [...saKey, 'list', q, page],
    queryFn: ({ signal }) =>
      pb.send<ServiceAccountsPage>('/api/service-accounts', {
        query: { page, perPage: SA_PER_PAGE, ...(q ? { q } : {}) },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

/** The accounts the signed-in user owns (Account Settings > API Tokens), the first page of them. */
export const ownedServiceAccountsQuery = queryOptions({
  queryKey: [...saKey, 'owned'],
  queryFn: ({ signal }) =>
    pb.send<ServiceAccountsPage>('/api/service-accounts', {
      query: { owner: 'me', perPage: SA_PER_PAGE },
      signal,
    }),
});

export const serviceAccountQuery = (id: string) =>
  queryOptions({
    queryKey: oneKey(id),
    queryFn: ({ signal }) => pb.send<ServiceAccount>(base(id), { signal }),
    retry: false,
  });

export const saTokensQuery = (id: string) =>
  queryOptions({
    queryKey: saTokensKey(id),
    queryFn: ({ signal }) => pb.send<{ items: ApiToken[] }>(`${base(id)}/tokens`, { signal }),
  });

/** The fields the form edits. */
export interface SaValues {
  name: string;
  description: string;
  ownerId: string | null;
  groups: string[];
  role: string;
}

export const valuesOf = (sa: ServiceAccount): SaValues => ({
  name: sa.name,
  description: sa.description,
  ownerId: sa.ownerId,
  groups: [...sa.groups],
  role: sa.role,
});

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Only the fields that differ from what is stored (what Save Changes PATCHes). */
export function changedFields(stored: SaValues, form: SaValues): Partial<SaValues> {
  const changed: Partial<SaValues> = {};
  if (form.name.trim() !== stored.name) changed.name = form.name.trim();
  if (form.description.trim() !== stored.description) changed.description = form.description.trim();
  if (form.ownerId !== stored.ownerId) changed.ownerId = form.ownerId;
  if (!sameList(form.groups, stored.groups)) changed.groups = form.groups;
  if (form.role !== stored.role) changed.role = form.role;
  return changed;
}

export const createServiceAccount = (values: SaValues) =>
  pb.send<ServiceAccount>('/api/service-accounts', {
    method: 'POST',
    body: { ...values, name: values.name.trim(), description: values.description.trim() },
  });

export const updateServiceAccount = (
  id: string,
  body: Partial<SaValues> & { status?: 'active' | 'disabled' },
) => pb.send<ServiceAccount & { tokensRevoked?: number }>(base(id), { method: 'PATCH', body });

/** Deletes it; the typed name goes along as `?confirm=`, checked by the server. */
export const deleteServiceAccount = (id: string, typedName: string) =>
  pb.send(base(id), { method: 'DELETE', query: { confirm: typedName } });

export const revokeSaToken = (id: string, tokenId: string) =>
  pb.send(`${base(id)}/tokens/${encodeURIComponent(tokenId)}`, { method: 'DELETE' });

export interface PersonOption {
  id: string;
  name: string;
  email: string;
}

const PEOPLE_PAGE = 20;

/** People (never service accounts) whose name or email contains `q`: the owners to offer. */
export const peopleQuery = (q: string) =>
  queryOptions({
    queryKey: ['users', 'owner-picker', q],
    queryFn: async ({ signal }) => {
      const text = q.trim();
      const filter = text
        ? pb.filter("kind = 'user' && (name ~ {:q} || email ~ {:q})", { q: text })
        : "kind = 'user'";
      const list = await pb.collection('users').getList<PersonOption>(1, PEOPLE_PAGE, {
        filter,
        sort: 'name,email',
        fields: 'id,name,email',
        signal,
      });
      return list.items;
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

/** One person, for the chosen owner's label. */
export const personQuery = (id: string) =>
  queryOptions({
    queryKey: ['users', 'owner', id],
    queryFn: ({ signal }) =>
      pb.collection('users').getOne<PersonOption>(id, { fields: 'id,name,email', signal }),
    staleTime: 60_000,
    retry: false,
  });

export const personLabel = (p: PersonOption) => (p.name ? `${p.name} (${p.email})` : p.email);
