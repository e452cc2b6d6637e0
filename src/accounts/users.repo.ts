// Queries on the `users` table.
import type { Db } from '../db/connect.js';
import { COLLECTIONS } from '../catalogue/collections.js';
import { deleteRow, idsReferencing } from '../records/records.repo.js';
import { removeAllRelationsOf, removeLinksTo } from '../records/relations.repo.js';
import { bulkInsert } from '../db/bulk-insert.js';
import { dialectOf, toNumber } from '../db/dialect.js';
import type { NewUserRow, UserRow, UsersTable } from '../db/types.js';
import { type RawBuilder, sql, type Updateable } from 'kysely';

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every password sign-in starts here: a raw statement with fixed text, nothing built per call. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const { rows } = await sql<UserRow>`SELECT * FROM "users" WHERE "email" = ${email}`.execute(db);
  return rows[0];
}

export async function insertUser(db: Db, row: NewUserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** Inserts many new accounts (the CSV import's), in multi-row statements. */
export async function insertUsers(db: Db, rows: readonly UserRow[]): Promise<void> {
  await bulkInsert(db, 'users', USER_COLUMNS, rows);
}

const USER_COLUMNS = [
  'id',
  'email',
  'emailVisibility',
  'verified',
  'name',
  'username',
  'role',
  'status',
  'kind',
  'owner',
  'description',
  'passwordHash',
  'tokenKey',
  'invitationHash',
  'invitationExpires',
  'created',
  'updated',
] as const;

export async function updateUserRow(
  db: Db,
  id: string,
  patch: Updateable<UsersTable>,
): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** A user's new password hash, as a statement to run with others (see `writeAudited`). */
export function userPasswordHashWrite(id: string, passwordHash: string): RawBuilder<unknown> {
  return sql`UPDATE "users" SET "passwordHash" = ${passwordHash} WHERE "id" = ${id} RETURNING "id"`;
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

export async function deleteUserRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Removes the user from every multi-relation that points at users (shares); the records stay. */
export async function removeUserFromShares(db: Db, userId: string): Promise<number> {
  const links = COLLECTIONS.flatMap((c) =>
    c.fields
      .filter((f) => f.type === 'relation' && f.multiple && f.collection === 'users')
      .map((f) => [c.name, f.name] as const),
  );
  let removed = 0;
  for (const [collection, field] of links)
    removed += await removeLinksTo(db, collection, field, userId);
  return removed;
}

/** Deletes records owned through a cascading single relation to the user (their alerts). */
export async function deleteOwnedRecords(db: Db, userId: string): Promise<number> {
  let deleted = 0;
  for (const c of COLLECTIONS) {
    for (const f of c.fields) {
      if (f.type !== 'relation' || f.multiple || f.collection !== 'users' || !f.cascadeDelete)
        continue;
      const ids = await idsReferencing(db, c.name, f.name, [userId]);
      for (const id of ids) {
        await removeAllRelationsOf(db, c.name, id);
        await deleteRow(db, c.name, id);
      }
      deleted += ids.length;
    }
  }
  return deleted;
}

/** What a share answer shows of an account. */
export interface ShareAccountRow {
  id: string;
  name: string;
  email: string;
  emailVisibility: number;
  status: string;
  kind: string;
}

/** The accounts of `ids` (those that exist), read 1000 ids per statement. */
export async function findShareAccounts(
  db: Db,
  ids: readonly string[],
): Promise<ShareAccountRow[]> {
  const out: ShareAccountRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    out.push(
      ...(await db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'emailVisibility', 'status', 'kind'])
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute()),
    );
  }
  return out;
}

/**
 * One page of active accounts whose name contains `text` (case-insensitive), or whose email does
 * where `email` allows (every email, or only visible ones and `self`'s), by name then id.
 */
export async function searchShareAccounts(
  db: Db,
  search: {
    text: string;
    email: { all: true } | { all: false; self: string | null };
    limit: number;
    offset: number;
  },
): Promise<ShareAccountRow[]> {
  const dialect = dialectOf(db);
  const pattern = `%${search.text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  let query = db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'emailVisibility', 'status', 'kind'])
    .where('status', '=', 'active');
  if (search.text !== '') {
    const { email } = search;
    query = query.where((eb) => {
      const byName = dialect.like(eb.ref('name'), pattern, false);
      const byEmail = dialect.like(eb.ref('email'), pattern, false);
      if (email.all) return eb.or([byName, byEmail]);
      const mayMatch = eb.or([
        eb('emailVisibility', '=', 1),
        ...(email.self ? [eb('id', '=', email.self)] : []),
      ]);
      return eb.or([byName, eb.and([mayMatch, byEmail])]);
    });
  }
  return query.orderBy('name').orderBy('id').limit(search.limit).offset(search.offset).execute();
}

/** Names of the given users (a page of a list the index built): id → name. */
export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
