// The reads of /api/access/* that are not the index: the names shown beside a preview's users.
import type { Db } from '../db/connect.js';

/** `id → name` for the given users (absent ids are left out). */
export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
