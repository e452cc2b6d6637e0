// A sign-in attempt against the lockout counters: reserved before anything is verified, then
// settled (a failure counted with its audit row) or taken back.
import type { Db } from '../db/connect.js';
import { AppError } from '../errors.js';
import { type AuditActor, recordEvent, writeAudited } from '../audit/audit.repo.js';
import type { AccountCollection } from '../access/index.js';
import type { RequestMeta } from './auth.accounts.js';
import {
  type Reservation,
  lockedUntil,
  purgeIdleLockouts,
  releaseAttempt,
  reserveAttempt,
  settleFailureWrite,
} from './lockout.repo.js';
import type { LockoutKeys, LockoutPolicy } from './lockout.js';

/** A sign-in attempt's reservation, and whether a committed transaction has settled it. */
export interface Attempt {
  reservation: Reservation;
  settled: boolean;
}

/** Idle lockout rows are deleted at most this often per instance, by the sign-in that finds it due. */
export const LOCKOUT_PURGE_INTERVAL_MS = 60 * 60_000;

/** Who tried, on which store, from where: what every audit row of an attempt names. */
export interface AttemptContext {
  actor: AuditActor;
  collection: AccountCollection;
  meta: RequestMeta;
}

export class SignInAttempts {
  /** When this instance last deleted idle lockout rows (ms). */
  private lockoutsPurged = 0;

  constructor(private readonly db: Db) {}

  /**
   * Reserves the attempt against the identity and the IP before anything is verified, so that no
   * burst (nor several instances) verifies more than the thresholds allow. Refuses (429) when a
   * key is locked, or its failures and attempts in flight already reach its threshold.
   */
  async reserve(
    keys: LockoutKeys,
    policy: LockoutPolicy,
    context: AttemptContext,
  ): Promise<Attempt> {
    await this.purgeIfDue();
    const reservation = await reserveAttempt(this.db, keys, policy);
    if (reservation) return { reservation, settled: false };
    return this.refuseLocked(keys, context);
  }

  /** Deletes idle lockout rows when due (housekeeping: a failure here must not fail the sign-in). */
  purgeIfDue(): Promise<unknown> {
    if (Date.now() - this.lockoutsPurged < LOCKOUT_PURGE_INTERVAL_MS) return Promise.resolve();
    this.lockoutsPurged = Date.now();
    return purgeIdleLockouts(this.db).catch(() => 0);
  }

  /** The 429 of an attempt that could not be reserved, audited, with when to try again. */
  async refuseLocked(keys: LockoutKeys, context: AttemptContext): Promise<never> {
    const now = Date.now();
    const until = await lockedUntil(this.db, keys);
    // Not locked (yet): attempts in flight fill the threshold, and settle within moments.
    const retryAfter = until > now ? Math.ceil((until - now) / 1000) : 1;
    await this.refused(context, context.actor.id, 'locked');
    throw new AppError(
      429,
      'locked',
      until > now
        ? `Too many failed sign-in attempts. Try again in ${retryAfter} seconds.`
        : 'Too many sign-in attempts at once. Try again in a second.',
      {},
      { 'retry-after': String(retryAfter) },
    );
  }

  /**
   * Runs the attempt, which settles its reservation (a failure counted, or a success clearing it)
   * in a transaction and marks it so. An attempt that ends otherwise (an error, a code used twice)
   * takes its reservation back; should even that fail, it lapses with its period.
   */
  async settling<T>(attempt: Attempt, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } finally {
      if (!attempt.settled)
        await releaseAttempt(this.db, attempt.reservation).catch(() => undefined);
    }
  }

  /** The attempt failed: counted against both keys, with its audit row, in one transaction. */
  async fail(
    attempt: Attempt,
    policy: LockoutPolicy,
    context: AttemptContext,
    reason: string,
  ): Promise<void> {
    const { actor, collection, meta } = context;
    await writeAudited(this.db, [settleFailureWrite(attempt.reservation, policy)], {
      actor,
      ...meta,
      action: 'auth.signin',
      target: { type: collection, id: actor.id },
      result: 'failure',
      data: { reason },
    });
    attempt.settled = true;
  }

  /** The audit row of an attempt refused before any reservation (IP not allowed, locked). */
  async refused(context: AttemptContext, targetId: string, reason: string): Promise<void> {
    const { actor, collection, meta } = context;
    await recordEvent(this.db, {
      actor,
      ...meta,
      action: 'auth.signin',
      target: { type: collection, id: targetId },
      result: 'failure',
      data: { reason },
    });
  }
}
