// Queries on `api_tokens`.
import { CompiledQuery, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import { type SqlDialect, dialectOf } from '../db/dialect.js';
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

/**
 * Revokes every active token of an account (but `exceptId`): the tokens this call revoked, so that
 * two revocations racing never both report the same token.
 */
export function markTokensRevoked(
  db: Db,
  userId: string,
  at: string,
  exceptId = '',
): Promise<Pick<TokenRow, 'id' | 'prefix'>[]> {
  let query = db
    .updateTable('api_tokens')
    .set({ revokedAt: at })
    .where('userId', '=', userId)
    .where('revokedAt', '=', '');
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.returning(['id', 'prefix']).execute();
}

/**
 * Locks an account's row until the transaction ends and reads its status (undefined: no account).
 * Minting and revoking an account's tokens both take it first, so on PostgreSQL a token minted
 * while the account is being disabled or reset is either seen by the revocation or refused (SQLite
 * transactions are serialised already).
 */
export async function lockAccount(tx: Db, userId: string): Promise<{ status: string } | undefined> {
  const { rows } = await tx.executeQuery<{ status: string }>(
    CompiledQuery.raw(lockAccountText(dialectOf(tx)), [userId]),
  );
  return rows[0];
}

const lockAccountText = (dialect: SqlDialect) =>
  dialect.lockRows(`SELECT "status" FROM "users" WHERE "id" = ${dialect.placeholder(1)}`);
