// Failed sign-in counters and lockouts, kept in the database so they hold across instances.
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';

export interface LockState {
  key: string;
  lockedUntil: string | null;
}

/** Every sign-in reads its identity's and IP's state first: a raw statement, nothing built. */
export async function readLocks(db: Db, keys: readonly string[]): Promise<LockState[]> {
  if (keys.length === 0) return [];
  const { rows } =
    await sql<LockState>`SELECT "key", "lockedUntil" FROM "lockouts" WHERE "key" IN (${sql.join(keys)})`.execute(
      db,
    );
  return rows;
}

/**
 * Counts one failure for `key` atomically. Failures older than `windowStart` are forgotten, and
 * the lock level (how many lockouts so far) is forgotten after a quiet `levelResetBefore`.
 * Returns the new failure count and the current lock level.
 */
export async function countFailure(
  db: Db,
  key: string,
  now: string,
  windowStart: string,
  levelResetBefore: string,
): Promise<{ failures: number; lockLevel: number }> {
  const row = await db
    .insertInto('lockouts')
    .values({ key, failures: 1, lockLevel: 0, lockedUntil: null, lastFailure: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`CASE WHEN lockouts."lastFailure" < ${windowStart} THEN 1 ELSE lockouts.failures + 1 END`,
        lockLevel: sql<number>`CASE WHEN lockouts."lastFailure" < ${levelResetBefore} THEN 0 ELSE lockouts."lockLevel" END`,
        lastFailure: now,
      }),
    )
    .returning(['failures', 'lockLevel'])
    .executeTakeFirstOrThrow();
  // PostgreSQL may hand integers back as strings from a CASE expression.
  return { failures: toNumber(row.failures), lockLevel: toNumber(row.lockLevel) };
}

/** Locks `key` until `until` and starts counting afresh, unless another request already did. */
export async function applyLock(
  db: Db,
  key: string,
  threshold: number,
  until: string,
): Promise<boolean> {
  const result = await db
    .updateTable('lockouts')
    .set((eb) => ({ failures: 0, lockLevel: eb('lockLevel', '+', 1), lockedUntil: until }))
    .where('key', '=', key)
    .where('failures', '>=', threshold)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function clearLock(db: Db, key: string): Promise<void> {
  await db.deleteFrom('lockouts').where('key', '=', key).execute();
}
