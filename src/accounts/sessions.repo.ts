// Queries on `sessions`: one row per sign-in; its id is the `sid` claim of the tokens it issues.
import type { Db } from '../db/connect.js';
import type { SessionRow } from '../db/types.js';
import type { AccountCollection } from '../access/kernel.js';

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
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
