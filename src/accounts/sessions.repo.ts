// Queries on `sessions`: one row per sign-in; its id is the `sid` claim of the tokens it issues.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { SessionRow, SuperuserRow, UserRow } from '../db/types.js';
import type { AccountCollection } from '../access/index.js';

/** Every sign-in writes one, with its audit entry and the settled attempt (see `writeAudited`). */
export function insertSessionWrite(row: SessionRow): RawBuilder<unknown> {
  return sql`INSERT INTO "sessions" (${sql.join(SESSION_COLUMNS.map((c) => sql.id(c)))})
    VALUES (${sql.join(SESSION_COLUMNS.map((c) => row[c]))}) RETURNING "id"`;
}

const SESSION_COLUMNS = [
  'id',
  'collection',
  'accountId',
  'ip',
  'userAgent',
  'created',
  'lastSeen',
  'expires',
] as const;

export function listSessionsOf(
  db: Db,
  collection: AccountCollection,
  accountId: string,
  now: string,
): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('collection', '=', collection)
    .where('accountId', '=', accountId)
    .where('expires', '>', now)
    .orderBy('lastSeen', 'desc')
    .execute();
}

export async function touchSession(
  db: Db,
  id: string,
  patch: { lastSeen: string; expires?: string },
): Promise<void> {
  await db.updateTable('sessions').set(patch).where('id', '=', id).execute();
}

/** Whether session `id` of the account still exists (it is deleted when it ends). */
export async function sessionExists(
  db: Db,
  collection: AccountCollection,
  accountId: string,
  id: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', id)
    .where('collection', '=', collection)
    .where('accountId', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes one session of an account; the number deleted (0 when it is not theirs). */
export async function deleteSessionOf(
  db: Db,
  collection: AccountCollection,
  accountId: string,
  id: string,
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('id', '=', id)
    .where('collection', '=', collection)
    .where('accountId', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes every session of an account (but `exceptId`), and any of its expired ones. */
export async function deleteSessionsOf(
  db: Db,
  collection: AccountCollection,
  accountId: string,
  exceptId?: string,
): Promise<number> {
  let query = db
    .deleteFrom('sessions')
    .where('collection', '=', collection)
    .where('accountId', '=', accountId);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes the account's sessions expired by `now`, as a statement to run with others. */
export function deleteExpiredSessionsWrite(
  collection: AccountCollection,
  accountId: string,
  now: string,
): RawBuilder<unknown> {
  return sql`DELETE FROM "sessions" WHERE "collection" = ${collection} AND "accountId" = ${accountId} AND "expires" <= ${now} RETURNING "id"`;
}

interface SessionTimes {
  sessionExpires: string;
  sessionLastSeen: string;
}

/**
 * A live session's times with its account row, in one query (the per-request authentication).
 * A raw statement rather than the query builder: its text never changes, so nothing is built or
 * compiled per request and SQLite keeps it prepared (see db/statement-cache.ts).
 */
export async function findSessionWithAccount(
  db: Db,
  collection: AccountCollection,
  sessionId: string,
  accountId: string,
) {
  const find = <Row>(table: 'users' | '_superusers') =>
    sql<
      Row & SessionTimes
    >`SELECT a.*, s."expires" AS "sessionExpires", s."lastSeen" AS "sessionLastSeen" FROM "sessions" AS s INNER JOIN ${sql.table(table)} AS a ON a."id" = s."accountId" WHERE s."id" = ${sessionId} AND s."collection" = ${table} AND s."accountId" = ${accountId}`
      .execute(db)
      .then((result) => result.rows[0]);
  if (collection === 'users') {
    const row = await find<UserRow>('users');
    return row
      ? ({ collection, row, expires: row.sessionExpires, lastSeen: row.sessionLastSeen } as const)
      : undefined;
  }
  const row = await find<SuperuserRow>('_superusers');
  return row
    ? ({ collection, row, expires: row.sessionExpires, lastSeen: row.sessionLastSeen } as const)
    : undefined;
}
