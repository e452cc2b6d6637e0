// The two auth collections and how their rows appear in API responses (never a hash or token key).
import type { SuperuserRow, UserRow } from '../db/types.js';
import type { AccountCollection } from '../access/index.js';

/** The collection ids PocketBase itself uses, so the SDK recognises superuser tokens. */
export const COLLECTION_IDS: Record<AccountCollection, string> = {
  users: '_pb_users_auth_',
  _superusers: 'pbc_3142635823',
};

export function collectionOfId(id: string): AccountCollection | null {
  if (id === COLLECTION_IDS.users) return 'users';
  if (id === COLLECTION_IDS._superusers) return '_superusers';
  return null;
}

export function isAccountCollection(name: string): name is AccountCollection {
  return name === 'users' || name === '_superusers';
}

export interface UserRecord {
  collectionId: string;
  collectionName: 'users';
  id: string;
  email: string;
  emailVisibility: boolean;
  verified: boolean;
  name: string;
  username: string;
  avatar: string;
  role: string;
  status: string;
  created: string;
  updated: string;
}

export function userRecord(row: UserRow): UserRecord {
  return {
    collectionId: COLLECTION_IDS.users,
    collectionName: 'users',
    id: row.id,
    email: row.email,
    emailVisibility: row.emailVisibility === 1,
    verified: row.verified === 1,
    name: row.name,
    username: row.username ?? '',
    avatar: '',
    role: row.role,
    status: row.status,
    created: row.created,
    updated: row.updated,
  };
}

export interface SuperuserRecord {
  collectionId: string;
  collectionName: '_superusers';
  id: string;
  email: string;
  emailVisibility: boolean;
  verified: boolean;
  created: string;
  updated: string;
}

export function superuserRecord(row: SuperuserRow): SuperuserRecord {
  return {
    collectionId: COLLECTION_IDS._superusers,
    collectionName: '_superusers',
    id: row.id,
    email: row.email,
    emailVisibility: true,
    verified: true,
    created: row.created,
    updated: row.updated,
  };
}

/** Emails are compared case-insensitively: stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
