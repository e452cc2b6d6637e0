// Sign-in attempt counters, reservations and lockouts, kept in the database so they hold across instances.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';
import { parseTimestamp, timestampIn } from '../lib/time.js';
import {
  LEVEL_RESET_SECONDS,
  type LockoutKeys,
  type LockoutPolicy,
  lockSeconds,
  reservationPeriod,
} from './lockout.js';

/** An attempt counted in flight against both keys, until it is settled or released. */
export interface Reservation {
  keys: LockoutKeys;
  /** The reservation period each key's row counted it in (see RESERVATION_SECONDS). */
  periods: { account: number; ip: number };
}

// Every statement here is one fixed SQL text (values are parameters), so SQLite keeps it prepared.
// Rows are always locked identity first, then IP (the reservation's VALUES order), so that
// statements racing on PostgreSQL never wait on each other in a circle.
//
// A row counts its reservations in period `pendingSlot` (`pending`) and the one before
// (`pendingPrev`). Only a reservation moves a row to a later period, and never back: an instance
// whose clock is a moment behind another's at a period's turn adds to the later period instead
// of wiping it. A reservation is taken back from the period its row counted it in.

/** Which period the reservation was counted in, for the row at hand (one of its two keys). */
const periodOf = (reservation: Reservation) => sql<number>`CASE
  WHEN "lockouts"."key" = ${reservation.keys.account} THEN CAST(${reservation.periods.account} AS integer)
  ELSE CAST(${reservation.periods.ip} AS integer) END`;

/** SET clauses that take `reservation` back from its row, if the row still counts it. */
function releaseSet(reservation: Reservation): RawBuilder<unknown> {
  return sql`"pending" = CASE
      WHEN "lockouts"."pendingSlot" = ${periodOf(reservation)} AND "lockouts"."pending" > 0
      THEN "lockouts"."pending" - 1 ELSE "lockouts"."pending" END,
    "pendingPrev" = CASE
      WHEN "lockouts"."pendingSlot" = ${periodOf(reservation)} + 1 AND "lockouts"."pendingPrev" > 0
      THEN "lockouts"."pendingPrev" - 1 ELSE "lockouts"."pendingPrev" END`;
}

/**
 * Reserves one attempt against the identity and the IP, atomically (one upsert of both rows),
 * unless a key is locked or its failures in the window plus its reservations in flight already
 * reach its threshold: then nothing stays reserved and the answer is null. Bursts and instances
 * therefore never verify more passwords than the thresholds allow.
 */
export async function reserveAttempt(
  db: Db,
  keys: LockoutKeys,
  policy: LockoutPolicy,
  now = Date.now(),
): Promise<Reservation | null> {
  const period = reservationPeriod(now);
  const at = timestampIn(0, now);
  const { rows } = await sql<{ key: string; pendingSlot: number }>`
    INSERT INTO "lockouts"
      ("key", "failures", "lockLevel", "lockedUntil", "lastFailure", "pending", "pendingPrev", "pendingSlot")
    VALUES (${keys.account}, 0, 0, NULL, ${at}, 1, 0, ${period}),
           (${keys.ip}, 0, 0, NULL, ${at}, 1, 0, ${period})
    ON CONFLICT ("key") DO UPDATE SET
      "pending" = CASE WHEN "lockouts"."pendingSlot" >= ${period}
        THEN "lockouts"."pending" + 1 ELSE 1 END,
      "pendingPrev" = CASE WHEN "lockouts"."pendingSlot" >= ${period} THEN "lockouts"."pendingPrev"
        WHEN "lockouts"."pendingSlot" = ${period - 1} THEN "lockouts"."pending" ELSE 0 END,
      "pendingSlot" = CASE WHEN "lockouts"."pendingSlot" > ${period}
        THEN "lockouts"."pendingSlot" ELSE ${period} END
    WHERE ("lockouts"."lockedUntil" IS NULL OR "lockouts"."lockedUntil" <= ${at})
      AND CASE WHEN "lockouts"."lastFailure" < ${timestampIn(-policy.windowSeconds, now)}
          THEN 0 ELSE "lockouts"."failures" END
        + CASE WHEN "lockouts"."pendingSlot" >= ${period}
            THEN "lockouts"."pending" + "lockouts"."pendingPrev"
          WHEN "lockouts"."pendingSlot" = ${period - 1} THEN "lockouts"."pending"
          ELSE 0 END
        < CASE WHEN "lockouts"."key" = ${keys.account}
          THEN CAST(${policy.accountThreshold} AS integer) ELSE CAST(${policy.ipThreshold} AS integer) END
    RETURNING "key", "pendingSlot"`.execute(db);
  const periodFor = (key: string) => {
    const row = rows.find((r) => r.key === key);
    return row ? toNumber(row.pendingSlot) : null;
  };
  const account = periodFor(keys.account);
  const ip = periodFor(keys.ip);
  if (account !== null && ip !== null) return { keys, periods: { account, ip } };
  // One key refused: take back what the other reserved (a moment's place, never a verification).
  if (account !== null || ip !== null) {
    const taken = { keys, periods: { account: account ?? 0, ip: ip ?? 0 } };
    await sql`UPDATE "lockouts" SET ${releaseSet(taken)}
      WHERE "key" = ${account !== null ? keys.account : keys.ip}`.execute(db);
  }
  return null;
}

/** When the later of the two keys' lockouts ends (ms since the epoch), 0 when neither is locked. */
export async function lockedUntil(db: Db, keys: LockoutKeys): Promise<number> {
  const { rows } = await sql<{ lockedUntil: string | null }>`
    SELECT "lockedUntil" FROM "lockouts" WHERE "key" IN (${keys.account}, ${keys.ip})`.execute(db);
  return Math.max(0, ...rows.map((r) => (r.lockedUntil ? parseTimestamp(r.lockedUntil) : 0)));
}

/**
 * The attempt failed: its reservation becomes a counted failure of both keys (failures older than
 * the window are forgotten, the lock level after a quiet day), and a key that reaches its
 * threshold is locked for its next, doubled, lockout and starts counting afresh: one upsert of
 * both rows, so counting and locking are one step under the rows' locks. A statement to run with
 * the attempt's audit entry (see `writeAudited`).
 */
export function settleFailureWrite(
  reservation: Reservation,
  policy: LockoutPolicy,
  now = Date.now(),
): RawBuilder<unknown> {
  const { keys } = reservation;
  const at = timestampIn(0, now);
  const threshold = sql`CASE WHEN "lockouts"."key" = ${keys.account}
    THEN CAST(${policy.accountThreshold} AS integer) ELSE CAST(${policy.ipThreshold} AS integer) END`;
  const failures = sql`CASE WHEN "lockouts"."lastFailure" < ${timestampIn(-policy.windowSeconds, now)}
    THEN 1 ELSE "lockouts"."failures" + 1 END`;
  const level = sql`CASE WHEN "lockouts"."lastFailure" < ${timestampIn(-LEVEL_RESET_SECONDS, now)}
    THEN 0 ELSE "lockouts"."lockLevel" END`;
  const reached = sql`${failures} >= ${threshold}`;
  // The reservation made both rows and nothing deletes them; should one be missing all the same,
  // the insert still counts the failure (and locks at a threshold of one).
  const inserted = (key: string, keyThreshold: number, period: number) => {
    const locks = keyThreshold <= 1;
    return sql`(${key}, ${locks ? 0 : 1}, ${locks ? 1 : 0}, ${locks ? lockUntil(policy, 0, now) : null},
      ${at}, 0, 0, ${period})`;
  };
  return sql`INSERT INTO "lockouts"
      ("key", "failures", "lockLevel", "lockedUntil", "lastFailure", "pending", "pendingPrev", "pendingSlot")
    VALUES ${inserted(keys.account, policy.accountThreshold, reservation.periods.account)},
      ${inserted(keys.ip, policy.ipThreshold, reservation.periods.ip)}
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN ${reached} THEN 0 ELSE ${failures} END,
      "lockLevel" = CASE WHEN ${reached} THEN ${level} + 1 ELSE ${level} END,
      "lockedUntil" = CASE WHEN ${reached} THEN ${lockUntilOf(level, policy, now)}
        ELSE "lockouts"."lockedUntil" END,
      "lastFailure" = ${at},
      ${releaseSet(reservation)}
    RETURNING "key"`;
}

/** When the `level`-th lockout (0-based) that starts at `now` ends. */
const lockUntil = (policy: LockoutPolicy, level: number, now: number) =>
  timestampIn(lockSeconds(policy, level), now);

/**
 * When the lockout of the level `level` (an SQL expression) that starts at `now` ends: one branch
 * per level until the lockout reaches its maximum (at most 31), that maximum beyond.
 */
function lockUntilOf(level: RawBuilder<unknown>, policy: LockoutPolicy, now: number) {
  const branches: RawBuilder<unknown>[] = [];
  let n = 0;
  while (n < 30 && lockSeconds(policy, n) < policy.maxSeconds) {
    branches.push(sql`WHEN ${sql.lit(n)} THEN ${lockUntil(policy, n, now)}`);
    n++;
  }
  return sql`CASE ${level} ${sql.join(branches, sql` `)} ELSE ${lockUntil(policy, n, now)} END`;
}

/**
 * The attempt succeeded: the identity's failures, lock level and lock are cleared, and the
 * reservation is taken back from both keys (a success never counts against a shared IP). Other
 * attempts still in flight keep their places. Runs in the caller's transaction.
 */
export async function settleSuccess(tx: Db, reservation: Reservation): Promise<void> {
  await settleSuccessWrite(reservation).execute(tx);
}

/** `settleSuccess` as a statement to run with others (see `writeAudited`). */
export function settleSuccessWrite(reservation: Reservation): RawBuilder<unknown> {
  const { account, ip } = reservation.keys;
  // One statement for both rows, written as the reservation is (an upsert of VALUES identity,
  // then IP), so it locks them in the same order: an UPDATE of both at once would lock them in the
  // table's physical order, and on PostgreSQL a reservation racing it would deadlock. The rows
  // exist (the reservation made them, and a row with a reservation in flight is never purged);
  // should one be missing all the same, the insert leaves a row that holds nothing.
  const at = timestampIn(0);
  return sql`INSERT INTO "lockouts"
      ("key", "failures", "lockLevel", "lockedUntil", "lastFailure", "pending", "pendingPrev", "pendingSlot")
    VALUES (${account}, 0, 0, NULL, ${at}, 0, 0, ${reservation.periods.account}),
           (${ip}, 0, 0, NULL, ${at}, 0, 0, ${reservation.periods.ip})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "lockouts"."key" = ${account} THEN 0 ELSE "lockouts"."failures" END,
      "lockLevel" = CASE WHEN "lockouts"."key" = ${account} THEN 0 ELSE "lockouts"."lockLevel" END,
      "lockedUntil" = CASE WHEN "lockouts"."key" = ${account} THEN NULL
        ELSE "lockouts"."lockedUntil" END,
      ${releaseSet(reservation)}
    RETURNING "key"`;
}

/** Takes the reservation back without counting anything (the attempt ended without a verdict). */
export async function releaseAttempt(db: Db, reservation: Reservation): Promise<void> {
  const { account, ip } = reservation.keys;
  // Identity first, then IP, as the reservation locks them.
  await db.transaction().execute(async (tx) => {
    for (const key of [account, ip])
      await sql`UPDATE "lockouts" SET ${releaseSet(reservation)} WHERE "key" = ${key}`.execute(tx);
  });
}

/**
 * Deletes up to `limit` rows that hold nothing any more: no lock in force, no failure for a day
 * (longer than any window, and the lock level starts afresh after a quiet day), no reservation
 * in flight. Every identity tried and every IP that signs in leaves a row; this keeps the table
 * to the recent ones. The conditions are repeated outside the subquery so that PostgreSQL checks
 * them again on a row another sign-in changed meanwhile.
 */
export async function purgeIdleLockouts(db: Db, now = Date.now(), limit = 1000): Promise<number> {
  const at = timestampIn(0, now);
  const quietSince = timestampIn(-LEVEL_RESET_SECONDS, now);
  const lapsed = reservationPeriod(now) - 1;
  const idle = sql`"lastFailure" < ${quietSince}
    AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${at}) AND "pendingSlot" < ${lapsed}`;
  const result = await sql`DELETE FROM "lockouts" WHERE ${idle} AND "key" IN (
    SELECT "key" FROM "lockouts" WHERE ${idle} LIMIT ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
