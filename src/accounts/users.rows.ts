// How a `users` row is made: one builder with every column's default, for people and service
// accounts alike (the users service, setup, service accounts, the CSV import), and its token key.
import type { UserRow } from '../db/types.js';
import { newId, randomString } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';

/** A fresh key: every token signed with the old one stops working. */
export function newTokenKey(): string {
  return randomString(50);
}

/** The fields a new account must name; every other column has its default. */
export type NewUserFields = Pick<UserRow, 'email' | 'name'> & Partial<UserRow>;

/** A new account's row: an active user with the `user` role, no password, a fresh id and key. */
export function newUserRow(fields: NewUserFields, now = nowTimestamp()): UserRow {
  // Drawn only when not given: the import draws every id and key of a file in two calls.
  const { id = newId(), tokenKey = newTokenKey(), ...rest } = fields;
  return {
    id,
    emailVisibility: 0,
    verified: 0,
    username: null,
    role: 'user',
    status: 'active',
    kind: 'user',
    owner: '',
    description: '',
    passwordHash: null,
    tokenKey,
    invitationHash: '',
    invitationExpires: '',
    created: now,
    updated: now,
    ...rest,
  };
}
