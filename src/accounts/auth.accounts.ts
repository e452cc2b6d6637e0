// The account a sign-in or a token stands for, in either store: found, its hash changed, answered.
import type { Db } from '../db/connect.js';
import type { SuperuserRow, UserRow } from '../db/types.js';
import type { AccountCollection, Principal } from '../access/index.js';
import { shapeRecord } from '../records/record-schemas.js';
import { superuserRecord, type SuperuserRecord } from './account-records.js';
import type { AuditedWrite } from '../audit/audit.repo.js';
import {
  findSuperuserByEmail,
  findSuperuserById,
  superuserPasswordHashWrite,
} from './superusers.repo.js';
import { findUserByEmail, findUserById, userPasswordHashWrite } from './users.repo.js';

/** Where a request came from. */
export interface RequestMeta {
  ip: string;
  userAgent: string;
}

export interface AuthResult {
  token: string;
  record: Record<string, unknown> | SuperuserRecord;
}

export type Account =
  { collection: 'users'; row: UserRow } | { collection: '_superusers'; row: SuperuserRow };

/**
 * Renders a user row (as just read) exactly as the records API does (fields, relations), as
 * `viewer` sees it, with the `expand` parameter read as `viewer`.
 */
export type PresentUser = (
  row: UserRow,
  viewer: Principal,
  expand: string,
) => Promise<Record<string, unknown>>;

export function principalCollection(p: Principal): AccountCollection | null {
  if (p.type === 'user') return 'users';
  if (p.type === 'superuser') return '_superusers';
  return null;
}

/** The account that signs in with `identity` (a normalised email); service accounts never do. */
export async function findAccount(
  db: Db,
  collection: AccountCollection,
  identity: string,
): Promise<Account | null> {
  if (collection === '_superusers') {
    const row = await findSuperuserByEmail(db, identity);
    return row ? { collection, row } : null;
  }
  const row = await findUserByEmail(db, identity);
  return row && row.kind === 'user' ? { collection, row } : null;
}

export async function findAccountById(
  db: Db,
  collection: AccountCollection,
  id: string,
): Promise<Account | null> {
  if (collection === '_superusers') {
    const row = await findSuperuserById(db, id);
    return row ? { collection, row } : null;
  }
  const row = await findUserById(db, id);
  return row ? { collection, row } : null;
}

/** The account's new password hash, as a statement to run with others (see `writeAudited`). */
export function passwordHashWrite(account: Account, passwordHash: string): AuditedWrite {
  return account.collection === 'users'
    ? userPasswordHashWrite(account.row.id, passwordHash)
    : superuserPasswordHashWrite(account.row.id, passwordHash);
}

/**
 * The account as the records API shows it to its owner (read after any transaction ends),
 * expanded as the account itself (PocketBase's recordAuthResponse sets the auth record first).
 * Superusers have no relations to expand.
 */
export async function authResult(
  presentUser: PresentUser,
  account: Account,
  token: string,
  expand: string,
  viewer?: Principal,
): Promise<AuthResult> {
  // Built key by key, and shaped by its schema as every record shown (record-schemas.ts).
  if (account.collection === '_superusers')
    return { token, record: shapeRecord('_superusers', superuserRecord(account.row)) };
  const { row } = account;
  const self: Principal = viewer ?? {
    type: 'user',
    id: row.id,
    email: row.email,
    role: row.role,
    sessionId: '',
  };
  return { token, record: await presentUser(row, self, expand) };
}
