// When each of a page of users last signed in: the newest successful `auth.signin` audit entry
// (index audit_log_target) or session opened (index sessions_account), whichever is later — the
// access review's rule (review.repo.ts), read for the ids shown only, in one statement.
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** The read of `lastSignIns` (exported for its query-plan test). */
export function lastSignInsQuery(db: Db, ids: readonly string[]) {
  const audited = db
    .selectFrom('audit_log')
    .select(['targetId as id', 'at'])
    .where('targetType', '=', 'users')
    .where('targetId', 'in', ids)
    // `|| ''`: not the action index (every sign-in ever), but a range of audit_log_target per id,
    // as the access review reads it.
    .where(sql<string>`${sql.ref('action')} || ''`, '=', 'auth.signin')
    .where('result', '=', 'success');
  const sessions = db
    .selectFrom('sessions')
    .select(['accountId as id', 'created as at'])
    .where('collection', '=', 'users')
    .where('accountId', 'in', ids);
  return db
    .selectFrom(audited.unionAll(sessions).as('s'))
    .select(['s.id', (eb) => eb.fn.max('s.at').as('at')])
    .groupBy('s.id');
}

/** Each id's last sign-in (absent: never). */
export async function lastSignIns(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await lastSignInsQuery(db, ids).execute();
  return new Map(rows.filter((r) => r.at).map((r) => [r.id, r.at]));
}
