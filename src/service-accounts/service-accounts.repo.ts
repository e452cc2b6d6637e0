// Queries on `users` rows of kind 'service'.
import type { Db } from '../db/connect.js';
import type { UserRow } from '../db/types.js';

export function findServiceAccount(db: Db, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('kind', '=', 'service')
    .executeTakeFirst();
}

/** Every service account, or those owned by `ownerId`; newest first. */
export function listServiceAccounts(db: Db, ownerId: string | null): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll().where('kind', '=', 'service');
  if (ownerId !== null) query = query.where('owner', '=', ownerId);
  return query.orderBy('created', 'desc').orderBy('id').execute();
}

/** Clears the owner of every service account `userId` owns (the user is being deleted). */
export async function releaseServiceAccountsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('kind', '=', 'service')
    .where('owner', '=', userId)
    .execute();
  if (rows.length === 0) return [];
  await db
    .updateTable('users')
    .set({ owner: '' })
    .where('kind', '=', 'service')
    .where('owner', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}
