// Queries on `users` rows of kind 'service'.
import { sql } from 'kysely';
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

export interface ServiceAccountsPageQuery {
  /** Only those owned by this user; null for every account. */
  ownerId: string | null;
  /** Text the name or description contains (any case); '' for all. */
  q: string;
  page: number;
  perPage: number;
}

/** `%`, `_` and the escape itself match literally in a LIKE pattern (escape character `\`). */
const likeContains = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;

/** One page of service accounts (newest first) and how many match in all. */
export async function pageServiceAccounts(
  db: Db,
  query: ServiceAccountsPageQuery,
): Promise<{ rows: UserRow[]; total: number }> {
  let base = db.selectFrom('users').where('kind', '=', 'service');
  if (query.ownerId !== null) base = base.where('owner', '=', query.ownerId);
  if (query.q !== '') {
    const pattern = likeContains(query.q);
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('name')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('description')}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).execute();
  const rows = await base
    .selectAll()
    .orderBy('created', 'desc')
    .orderBy('id')
    .limit(query.perPage)
    .offset((query.page - 1) * query.perPage)
    .execute();
  return { rows, total: Number(counted[0]?.n ?? 0) };
}

/** Per account: its unrevoked tokens and when one was last used ('' never). */
export async function tokenStatsOf(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { activeTokens: number; lastUsedAt: string }>> {
  const stats = new Map<string, { activeTokens: number; lastUsedAt: string }>();
  if (ids.length === 0) return stats;
  const rows = await db
    .selectFrom('api_tokens')
    .select((eb) => [
      'userId',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('lastUsedAt').as('lastUsedAt'),
    ])
    .where('userId', 'in', [...ids])
    .where('revokedAt', '=', '')
    .groupBy('userId')
    .execute();
  for (const r of rows)
    stats.set(r.userId, { activeTokens: Number(r.n), lastUsedAt: r.lastUsedAt });
  return stats;
}

/** The names of the given users (owners shown beside their accounts). */
export async function userNamesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name || r.email]));
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
