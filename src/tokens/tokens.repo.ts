// Queries on `api_tokens`.
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { ApiTokensTable } from '../db/types.js';

export type TokenRow = Selectable<ApiTokensTable>;

export async function insertToken(db: Db, row: Insertable<ApiTokensTable>): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

export function findToken(db: Db, id: string): Promise<TokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listTokens(db: Db, userId: string | null): Promise<TokenRow[]> {
  let query = db.selectFrom('api_tokens').selectAll().where('revokedAt', '=', '');
  if (userId !== null) query = query.where('userId', '=', userId);
  return query.orderBy('created', 'desc').execute();
}

export async function markUsed(db: Db, id: string, at: string, ip: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ lastUsedAt: at, lastUsedIp: ip })
    .where('id', '=', id)
    .execute();
}

export async function revokeToken(db: Db, id: string, at: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revokedAt: at })
    .where('id', '=', id)
    .where('revokedAt', '=', '')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Revokes every active token of an account (a service account being deleted). */
export async function revokeTokensOf(db: Db, userId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revokedAt: at })
    .where('userId', '=', userId)
    .where('revokedAt', '=', '')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
