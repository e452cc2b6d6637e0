// What the users screens load and send: a page of users (the records API, filtered and sorted on
// the server, with each user's groups as paths, effective level and last sign-in), the export, the
// new user, and the one bulk call.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { downloadWithAuth } from '../../shared/download';
import { pb } from '../pb';
import type { BulkBody, BulkResult } from './bulk';
import { type UsersSearch, usersListOptions } from './filter';

export const PER_PAGE = 25;

export interface ListedUser {
  id: string;
  name: string;
  email: string;
  role: string;
  status: 'active' | 'disabled';
  groups: string[];
  groupPaths?: string[];
  level?: number | null;
  lastSignIn?: string;
  kind?: string;
}

const FIELDS = 'id,name,email,role,status,groups,groupPaths,level,lastSignIn,kind';

export const usersPageQuery = (search: UsersSearch) =>
  queryOptions({
    queryKey: ['admin-users', search],
    queryFn: ({ signal }) => {
      const { filter, inGroup, memberOf, sort } = usersListOptions(search, (raw, params) =>
        pb.filter(raw, params),
      );
      return pb.collection('users').getList<ListedUser>(search.page ?? 1, PER_PAGE, {
        filter,
        sort,
        fields: FIELDS,
        // Decision 0022: one group, or a group and all beneath it — list parameters the SDK
        // passes through.
        ...(inGroup ? { inGroup } : {}),
        ...(memberOf ? { memberOf } : {}),
        signal,
      });
    },
    placeholderData: keepPreviousData,
  });

/** GET /api/users/export as a file (CSV or JSON). */
export function exportUsers(format: 'csv' | 'json'): Promise<void> {
  return downloadWithAuth(pb, `/api/users/export?format=${format}`, `users.${format}`);
}

export interface NewUser {
  name: string;
  email: string;
  password?: string;
  passwordConfirm?: string;
  groups: string[];
  /** Absent: the server's default role. */
  role?: string;
}

export const createUser = (body: NewUser) =>
  pb.collection('users').create<{ id: string }>({ ...body });

export const runBulk = (body: BulkBody) =>
  pb.send<BulkResult>('/api/users/bulk', { method: 'POST', body });
