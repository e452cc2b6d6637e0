// Queries on `sessions`: one row per sign-in; its id is the `sid` claim of the tokens it issues.
import type { Db } from '../db/connect.js';
import type { SessionRow } from '../db/types.js';
import type { AccountCollection } from '../access/kernel.js';

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

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

export async function deleteExpiredSessionsOf(
  db: Db,
  collection: AccountCollection,
  accountId: string,
  now: string,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('collection', '=', collection)
    .where('accountId', '=', accountId)
    .where('expires', '<=', now)
    .execute();
}

/** A live session's times with its account row, in one query (the per-request authentication). */
export async function findSessionWithAccount(
  db: Db,
  collection: AccountCollection,
  sessionId: string,
  accountId: string,
) {
  const session = [
    'sessions.expires as sessionExpires',
    'sessions.lastSeen as sessionLastSeen',
  ] as const;
  if (collection === 'users') {
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.accountId')
      .selectAll('users')
      .select(session)
      .where('sessions.id', '=', sessionId)
      .where('sessions.collection', '=', 'users')
      .where('sessions.accountId', '=', accountId)
      .executeTakeFirst();
    return row
      ? ({ collection, row, expires: row.sessionExpires, lastSeen: row.sessionLastSeen } as const)
      : undefined;
  }
  const row = await db
    .selectFrom('sessions')
    .innerJoin('_superusers', '_superusers.id', 'sessions.accountId')
    .selectAll('_superusers')
    .select(session)
    .where('sessions.id', '=', sessionId)
    .where('sessions.collection', '=', '_superusers')
    .where('sessions.accountId', '=', accountId)
    .executeTakeFirst();
  return row
    ? ({ collection, row, expires: row.sessionExpires, lastSeen: row.sessionLastSeen } as const)
    : undefined;
}
