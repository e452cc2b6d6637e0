// Sign-in (password, one-time code), token refresh and token authentication for both account stores.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { SessionRow, SuperuserRow, UserRow } from '../db/types.js';
import { AppError, forbidden, unauthorized } from '../errors.js';
import { appendAudit, type AuditActor, recordEvent } from '../audit/audit.repo.js';
import { type AccountCollection, GUEST, isAuthenticated, type Principal } from '../access/index.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp, parseTimestamp, timestampIn } from '../lib/time.js';
import { parseInput } from '../lib/validation.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type Settings, ipAllowed } from '../settings/settings.schema.js';

type AuthSettings = Settings['auth'];
import {
  COLLECTION_IDS,
  collectionOfId,
  normalizeEmail,
  superuserRecord,
  type SuperuserRecord,
} from './account-records.js';
import { auditedIdentity, otpAuthSchema, passwordAuthSchema } from './auth.schema.js';
import { peekClaims, signToken, verifyToken } from './jwt.js';
import {
  type Reservation,
  lockedUntil,
  purgeIdleLockouts,
  releaseAttempt,
  reserveAttempt,
  settleFailure,
  settleSuccess,
} from './lockout.repo.js';
import { type LockoutKeys, type LockoutPolicy, lockoutKeys } from './lockout.js';
import type { PasswordHasher } from './passwords.js';
import {
  findSessionWithAccount,
  insertSession,
  touchSession,
  deleteExpiredSessionsOf,
} from './sessions.repo.js';
import { findSuperuserByEmail, findSuperuserById, updateSuperuserRow } from './superusers.repo.js';
import { findUserByEmail, findUserById, updateUserRow } from './users.repo.js';
import { deleteOtp, findOtp } from './otp.repo.js';

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

export interface AuthResult {
  token: string;
  record: Record<string, unknown> | SuperuserRecord;
}

/** A sign-in attempt's reservation, and whether a committed transaction has settled it. */
interface Attempt {
  reservation: Reservation;
  settled: boolean;
}

type Account =
  { collection: 'users'; row: UserRow } | { collection: '_superusers'; row: SuperuserRow };

/** Sessions are touched at most this often, so authenticated reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * A sign-in deletes its account's expired sessions at most this often per instance: the rows are
 * dead either way (every token check reads `expires`), and skipping the statement on the other
 * sign-ins spares them a write. Accounts are remembered up to PURGE_MEMORY, then forgotten at once
 * (their next sign-in purges again, which is harmless).
 */
export const SESSION_PURGE_INTERVAL_MS = 15 * 60_000;
const PURGE_MEMORY = 10_000;

/** Idle lockout rows are deleted at most this often per instance, by the sign-in that finds it due. */
export const LOCKOUT_PURGE_INTERVAL_MS = 60 * 60_000;

const FAILED = () => new AppError(400, 'auth_failed', 'Failed to authenticate.');

export class AuthService {
  /** When each account's expired sessions were last deleted here (ms). */
  private readonly purged = new Map<string, number>();
  /** When this instance last deleted idle lockout rows (ms). */
  private lockoutsPurged = 0;

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
    /**
     * Renders a user row (as just read) exactly as the records API does (fields, relations), as
     * `viewer` sees it, with the `expand` parameter read as `viewer`.
     */
    private readonly presentUser: (
      row: UserRow,
      viewer: Principal,
      expand: string,
    ) => Promise<Record<string, unknown>>,
  ) {}

  async signInWithPassword(
    collection: AccountCollection,
    body: unknown,
    meta: RequestMeta,
    expand = '',
  ): Promise<AuthResult> {
    const input = parseInput(passwordAuthSchema, body, 'Failed to authenticate.');
    const identity = normalizeEmail(input.identity);
    const { auth, console } = await this.settings.get();
    const keys = lockoutKeys(collection, identity, meta.ip);
    // What was typed is kept only when it may be an email: people type passwords there too.
    const guestActor: AuditActor = {
      type: collection === 'users' ? 'user' : 'superuser',
      id: '',
      email: auditedIdentity(identity),
    };

    if (collection === '_superusers' && !ipAllowed(meta.ip, console.allowedIps)) {
      await this.recordAttempt(guestActor, collection, '', meta, 'failure', 'ip_not_allowed');
      throw forbidden('Superuser sign-in is not allowed from your IP address.');
    }
    const attempt = await this.reserve(keys, auth.lockout, guestActor, collection, meta);
    return this.settling(attempt, async () => {
      const account = await this.findAccount(collection, identity);
      const stored = account?.row.passwordHash ?? null;
      // Unknown accounts are verified against a dummy hash: same answer, same time.
      const ok = await this.hasher.verify(stored, input.password);
      const actor: AuditActor = { ...guestActor, id: account?.row.id ?? '' };
      if (!ok || !account) {
        await this.registerFailure(
          attempt,
          auth.lockout,
          actor,
          collection,
          meta,
          'invalid_credentials',
        );
        throw FAILED();
      }
      // A disabled account's right password is answered and counted like a wrong one: neither
      // the answer nor the lockout may tell an attacker that the password is right.
      if (account.collection === 'users' && account.row.status !== 'active') {
        await this.registerFailure(attempt, auth.lockout, actor, collection, meta, 'disabled');
        throw FAILED();
      }
      const rehash =
        stored && this.hasher.needsRehash(stored) ? await this.hasher.hash(input.password) : null;
      const seal = await this.sealFor(collection, auth);
      const token = await this.db.transaction().execute(async (tx) => {
        if (rehash) await this.setPasswordHash(tx, account, rehash);
        await settleSuccess(tx, attempt.reservation);
        const issued = await this.openSession(tx, account, meta, seal);
        await appendAudit(tx, {
          actor: { ...actor, email: account.row.email },
          ...meta,
          action: 'auth.signin',
          target: { type: collection, id: account.row.id },
          result: 'success',
          data: { method: 'password' },
        });
        return issued;
      });
      attempt.settled = true;
      return this.result(account, token, expand);
    });
  }

  /** Console sign-in with a one-time code made by `gatehouse superuser otp`. */
  async signInWithOtp(
    collection: AccountCollection,
    body: unknown,
    meta: RequestMeta,
    expand = '',
  ): Promise<AuthResult> {
    if (collection !== '_superusers') {
      throw new AppError(
        400,
        'otp_disabled',
        'One-time code sign-in is not enabled for this collection.',
      );
    }
    const input = parseInput(otpAuthSchema, body, 'Failed to authenticate.');
    const otp = await findOtp(this.db, input.otpId);
    const superuser = otp ? await findSuperuserById(this.db, otp.superuserId) : undefined;
    const identity = superuser?.email ?? `otp:${input.otpId}`;
    const { auth, console } = await this.settings.get();
    const keys = lockoutKeys(collection, identity, meta.ip);
    const actor: AuditActor = {
      type: 'superuser',
      id: superuser?.id ?? '',
      email: superuser?.email ?? '',
    };
    if (!ipAllowed(meta.ip, console.allowedIps)) {
      await this.recordAttempt(actor, collection, actor.id, meta, 'failure', 'ip_not_allowed');
      throw forbidden('Superuser sign-in is not allowed from your IP address.');
    }
    const attempt = await this.reserve(keys, auth.lockout, actor, collection, meta);
    return this.settling(attempt, async () => {
      const given = createHash('sha256').update(input.password).digest();
      const expected = otp ? Buffer.from(otp.codeHash, 'hex') : Buffer.alloc(32);
      const valid =
        otp !== undefined &&
        superuser !== undefined &&
        timingSafeEqual(given, expected) &&
        parseTimestamp(otp.expires) > Date.now();
      if (!valid) {
        await this.registerFailure(attempt, auth.lockout, actor, collection, meta, 'invalid_otp');
        throw FAILED();
      }
      const seal = await this.sealFor(collection, auth);
      const account: Account = { collection, row: superuser };
      const token = await this.db.transaction().execute(async (tx) => {
        // Single use: a second sign-in with the same code finds nothing (and the reservation is
        // released uncounted: only the holder of the code gets here).
        if ((await deleteOtp(tx, otp.id)) === 0) throw FAILED();
        await settleSuccess(tx, attempt.reservation);
        const issued = await this.openSession(tx, account, meta, seal);
        await appendAudit(tx, {
          actor,
          ...meta,
          action: 'auth.signin',
          target: { type: collection, id: superuser.id },
          result: 'success',
          data: { method: 'otp' },
        });
        return issued;
      });
      attempt.settled = true;
      return this.result(account, token, expand);
    });
  }

  /**
   * A fresh token for the same session (PocketBase's auth-refresh): 401 without a token, 403 with
   * a token of the other collection (RequireSameCollectionContextAuth).
   */
  async refresh(
    collection: AccountCollection,
    principal: Principal,
    expand = '',
  ): Promise<AuthResult> {
    const own = principalCollection(principal);
    if (!isAuthenticated(principal) || !own) throw unauthorized();
    if (own !== collection) {
      throw forbidden(`The request requires auth record from ${own} collection.`);
    }
    if (principal.type !== 'user' && principal.type !== 'superuser') throw unauthorized();
    if (principal.type === 'user' && principal.token) {
      throw new AppError(
        400,
        'token_not_refreshable',
        'API tokens cannot be exchanged for session tokens.',
      );
    }
    const account = await this.findAccountById(collection, principal.id);
    if (!account) throw unauthorized();
    const seal = await this.sealFor(collection);
    const expires = timestampIn(seal.duration);
    await touchSession(this.db, principal.sessionId, { lastSeen: nowTimestamp(), expires });
    const token = this.issue(account, principal.sessionId, expires, seal.secret);
    return this.result(account, token, expand, principal);
  }

  /** The principal a token stands for, or the guest when it is invalid, expired or revoked. */
  async authenticate(token: string, meta: RequestMeta): Promise<Principal> {
    const claims = peekClaims(token);
    const collection = claims ? collectionOfId(claims.collectionId) : null;
    if (!claims || !collection) return GUEST;
    const found = await findSessionWithAccount(this.db, collection, claims.sid, claims.id);
    const now = Date.now();
    if (
      !found ||
      parseTimestamp(found.expires) <= now ||
      !verifyToken(token, found.row.tokenKey + (await this.settings.tokenSecret()), now / 1000)
    ) {
      return GUEST;
    }
    const account: Account =
      found.collection === 'users'
        ? { collection: 'users', row: found.row }
        : { collection: '_superusers', row: found.row };
    if (account.collection === 'users' && account.row.status !== 'active') return GUEST;
    if (account.collection === '_superusers') {
      const { console } = await this.settings.get();
      if (!ipAllowed(meta.ip, console.allowedIps)) {
        throw forbidden('Superuser access is not allowed from your IP address.');
      }
    }
    if (now - parseTimestamp(found.lastSeen) > TOUCH_INTERVAL_MS) {
      await touchSession(this.db, claims.sid, { lastSeen: nowTimestamp() });
    }
    const session = { id: claims.sid };
    return account.collection === 'users'
      ? {
          type: 'user',
          id: account.row.id,
          email: account.row.email,
          role: account.row.role,
          sessionId: session.id,
        }
      : { type: 'superuser', id: account.row.id, email: account.row.email, sessionId: session.id };
  }

  /**
   * Reserves the attempt against the identity and the IP before anything is verified, so that no
   * burst (nor several instances) verifies more than the thresholds allow. Refuses (429) when a
   * key is locked, or its failures and attempts in flight already reach its threshold.
   */
  private async reserve(
    keys: LockoutKeys,
    policy: LockoutPolicy,
    actor: AuditActor,
    collection: AccountCollection,
    meta: RequestMeta,
  ): Promise<Attempt> {
    if (Date.now() - this.lockoutsPurged >= LOCKOUT_PURGE_INTERVAL_MS) {
      this.lockoutsPurged = Date.now();
      // Housekeeping: a failure here must not fail the sign-in.
      await purgeIdleLockouts(this.db).catch(() => 0);
    }
    const reservation = await reserveAttempt(this.db, keys, policy);
    if (reservation) return { reservation, settled: false };
    const now = Date.now();
    const until = await lockedUntil(this.db, keys);
    // Not locked (yet): attempts in flight fill the threshold, and settle within moments.
    const retryAfter = until > now ? Math.ceil((until - now) / 1000) : 1;
    await this.recordAttempt(actor, collection, actor.id, meta, 'failure', 'locked');
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
  private async settling<T>(attempt: Attempt, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } finally {
      if (!attempt.settled)
        await releaseAttempt(this.db, attempt.reservation).catch(() => undefined);
    }
  }

  private async registerFailure(
    attempt: Attempt,
    policy: LockoutPolicy,
    actor: AuditActor,
    collection: AccountCollection,
    meta: RequestMeta,
    reason: string,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await settleFailure(tx, attempt.reservation, policy);
      await appendAudit(tx, {
        actor,
        ...meta,
        action: 'auth.signin',
        target: { type: collection, id: actor.id },
        result: 'failure',
        data: { reason },
      });
    });
    attempt.settled = true;
  }

  private async recordAttempt(
    actor: AuditActor,
    collection: AccountCollection,
    targetId: string,
    meta: RequestMeta,
    result: 'success' | 'failure',
    reason: string,
  ): Promise<void> {
    await recordEvent(this.db, {
      actor,
      ...meta,
      action: 'auth.signin',
      target: { type: collection, id: targetId },
      result,
      data: { reason },
    });
  }

  private async findAccount(
    collection: AccountCollection,
    identity: string,
  ): Promise<Account | null> {
    if (collection === '_superusers') {
      const row = await findSuperuserByEmail(this.db, identity);
      return row ? { collection, row } : null;
    }
    const row = await findUserByEmail(this.db, identity);
    return row && row.kind === 'user' ? { collection, row } : null;
  }

  private async findAccountById(
    collection: AccountCollection,
    id: string,
  ): Promise<Account | null> {
    if (collection === '_superusers') {
      const row = await findSuperuserById(this.db, id);
      return row ? { collection, row } : null;
    }
    const row = await findUserById(this.db, id);
    return row ? { collection, row } : null;
  }

  private async setPasswordHash(db: Db, account: Account, passwordHash: string): Promise<void> {
    if (account.collection === 'users') await updateUserRow(db, account.row.id, { passwordHash });
    else await updateSuperuserRow(db, account.row.id, { passwordHash });
  }

  /**
   * Opens a session inside the transaction `db`. Everything read outside it (token lifetime,
   * signing secret) is read before, because SQLite has one connection and the transaction holds it.
   */
  private async openSession(
    db: Db,
    account: Account,
    meta: RequestMeta,
    seal: { duration: number; secret: string },
  ): Promise<string> {
    const now = Date.now();
    const created = nowTimestamp();
    const expires = timestampIn(seal.duration, now);
    if (this.purgeDue(`${account.collection}:${account.row.id}`, now)) {
      await deleteExpiredSessionsOf(db, account.collection, account.row.id, created);
    }
    const session: SessionRow = {
      id: newId(),
      collection: account.collection,
      accountId: account.row.id,
      ip: meta.ip,
      userAgent: meta.userAgent.slice(0, 512),
      created,
      lastSeen: created,
      expires,
    };
    await insertSession(db, session);
    return this.issue(account, session.id, expires, seal.secret);
  }

  /** True (and noted) when the account's expired sessions were not deleted here lately. */
  private purgeDue(key: string, now: number): boolean {
    const last = this.purged.get(key);
    if (last !== undefined && now - last < SESSION_PURGE_INTERVAL_MS) return false;
    if (this.purged.size >= PURGE_MEMORY) this.purged.clear();
    this.purged.set(key, now);
    return true;
  }

  /** What openSession needs from outside the transaction. */
  private async sealFor(collection: AccountCollection, auth?: AuthSettings) {
    const { userTokenDuration, superuserTokenDuration } = auth ?? (await this.settings.get()).auth;
    return {
      duration: collection === 'users' ? userTokenDuration : superuserTokenDuration,
      secret: await this.settings.tokenSecret(),
    };
  }

  private issue(account: Account, sessionId: string, expires: string, secret: string): string {
    return signToken(
      {
        id: account.row.id,
        type: 'auth',
        collectionId: COLLECTION_IDS[account.collection],
        sid: sessionId,
        refreshable: true,
        exp: Math.floor(parseTimestamp(expires) / 1000),
      },
      account.row.tokenKey + secret,
    );
  }

  /**
   * The account as the records API shows it to its owner (read after any transaction ends),
   * expanded as the account itself (PocketBase's recordAuthResponse sets the auth record first).
   * Superusers have no relations to expand.
   */
  private async result(
    account: Account,
    token: string,
    expand: string,
    viewer?: Principal,
  ): Promise<AuthResult> {
    if (account.collection === '_superusers')
      return { token, record: superuserRecord(account.row) };
    const { row } = account;
    const self: Principal = viewer ?? {
      type: 'user',
      id: row.id,
      email: row.email,
      role: row.role,
      sessionId: '',
    };
    return { token, record: await this.presentUser(row, self, expand) };
  }
}

export function principalCollection(p: Principal): AccountCollection | null {
  if (p.type === 'user') return 'users';
  if (p.type === 'superuser') return '_superusers';
  return null;
}
