// Sign-in with a password or a one-time code: console check, lockout reservation, verification,
// then the session, the settled reservation and the audit row in one transaction.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { AppError, refuse } from '../errors.js';
import { appendAudit, type AuditActor, writeAudited } from '../audit/audit.repo.js';
import { type AccountCollection, mayUseConsole } from '../access/index.js';
import { parseTimestamp } from '../lib/time.js';
import type { SettingsService } from '../settings/settings.service.js';
import { normalizeEmail } from './account-records.js';
import {
  type Account,
  type AuthResult,
  type PresentUser,
  type RequestMeta,
  authResult,
  findAccount,
  passwordHashWrite,
} from './auth.accounts.js';
import { type OtpAuthInput, type PasswordAuthInput, auditedIdentity } from './auth.schema.js';
import { type AttemptContext, SignInAttempts } from './lockout.attempts.js';
import { settleSuccess, settleSuccessWrite } from './lockout.repo.js';
import { lockoutKeys } from './lockout.js';
import { deleteOtp, findOtp } from './otp.repo.js';
import type { PasswordHasher } from './passwords.js';
import type { SessionIssuer } from './sessions.issue.js';
import { findSuperuserById } from './superusers.repo.js';

const FAILED = () => new AppError(400, 'auth_failed', 'Failed to authenticate.');

/**
 * One-time codes sign in superusers only (codes are made by `gatehouse superuser otp`). The route
 * asks before it reads the body, so that this 400 comes first, as it always did.
 */
export function requireOtpEnabled(
  collection: AccountCollection,
): asserts collection is '_superusers' {
  if (collection !== '_superusers') {
    throw new AppError(
      400,
      'otp_disabled',
      'One-time code sign-in is not enabled for this collection.',
    );
  }
}

export class SignIn {
  private readonly attempts: SignInAttempts;

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly presentUser: PresentUser,
  ) {
    this.attempts = new SignInAttempts(db);
  }

  async withPassword(
    collection: AccountCollection,
    input: PasswordAuthInput,
    meta: RequestMeta,
    expand = '',
  ): Promise<AuthResult> {
    const identity = normalizeEmail(input.identity);
    const { auth, console } = await this.settings.get();
    const keys = lockoutKeys(collection, identity, meta.ip);
    // What was typed is kept only when it may be an email: people type passwords there too.
    const guest: AttemptContext = {
      actor: {
        type: collection === 'users' ? 'user' : 'superuser',
        id: '',
        email: auditedIdentity(identity),
      },
      collection,
      meta,
    };

    if (collection === '_superusers') {
      const may = mayUseConsole(meta, console.allowedIps, 'sign-in');
      if (!may.ok) {
        await this.attempts.refused(guest, '', 'ip_not_allowed');
        throw refuse(may);
      }
    }
    // The account is read while the attempt is reserved (on PostgreSQL, on another connection:
    // one round trip's wait instead of two); nothing is verified before the reservation holds.
    const found = findAccount(this.db, collection, identity);
    found.catch(() => undefined); // awaited below, unless the reservation is refused
    const attempt = await this.attempts.reserve(keys, auth.lockout, guest);
    return this.attempts.settling(attempt, async () => {
      const account = await found;
      const stored = account?.row.passwordHash ?? null;
      // Unknown accounts are verified against a dummy hash: same answer, same time.
      const ok = await this.hasher.verify(stored, input.password);
      const actor: AuditActor = { ...guest.actor, id: account?.row.id ?? '' };
      const tried: AttemptContext = { ...guest, actor };
      if (!ok || !account) {
        await this.attempts.fail(attempt, auth.lockout, tried, 'invalid_credentials');
        throw FAILED();
      }
      // A disabled account's right password is answered and counted like a wrong one: neither
      // the answer nor the lockout may tell an attacker that the password is right.
      if (account.collection === 'users' && account.row.status !== 'active') {
        await this.attempts.fail(attempt, auth.lockout, tried, 'disabled');
        throw FAILED();
      }
      const rehash =
        stored && this.hasher.needsRehash(stored) ? await this.hasher.hash(input.password) : null;
      const seal = await this.sessions.seal(collection, auth);
      const session = this.sessions.prepare(account, meta, seal);
      // The record is read while the sign-in is written (on PostgreSQL, on another connection):
      // nothing written here changes what it shows.
      const result = authResult(this.presentUser, account, session.token, expand);
      result.catch(() => undefined); // awaited below, unless the writes fail
      // The session, the settled reservation and the audit entry, all or nothing: one statement on
      // PostgreSQL (see writeAudited).
      await writeAudited(
        this.db,
        [
          ...(rehash ? [passwordHashWrite(account, rehash)] : []),
          settleSuccessWrite(attempt.reservation),
          ...session.writes,
        ],
        {
          actor: { ...actor, email: account.row.email },
          ...meta,
          action: 'auth.signin',
          target: { type: collection, id: account.row.id },
          result: 'success',
          data: { method: 'password' },
        },
      );
      attempt.settled = true;
      return result;
    });
  }

  /** Console sign-in with a one-time code made by `gatehouse superuser otp`. */
  async withOtp(
    collection: AccountCollection,
    input: OtpAuthInput,
    meta: RequestMeta,
    expand = '',
  ): Promise<AuthResult> {
    requireOtpEnabled(collection);
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
    const context: AttemptContext = { actor, collection, meta };
    const may = mayUseConsole(meta, console.allowedIps, 'sign-in');
    if (!may.ok) {
      await this.attempts.refused(context, actor.id, 'ip_not_allowed');
      throw refuse(may);
    }
    const attempt = await this.attempts.reserve(keys, auth.lockout, context);
    return this.attempts.settling(attempt, async () => {
      const given = createHash('sha256').update(input.password).digest();
      const expected = otp ? Buffer.from(otp.codeHash, 'hex') : Buffer.alloc(32);
      const valid =
        otp !== undefined &&
        superuser !== undefined &&
        timingSafeEqual(given, expected) &&
        parseTimestamp(otp.expires) > Date.now();
      if (!valid) {
        await this.attempts.fail(attempt, auth.lockout, context, 'invalid_otp');
        throw FAILED();
      }
      const seal = await this.sessions.seal(collection, auth);
      const account: Account = { collection, row: superuser };
      const token = await this.db.transaction().execute(async (tx) => {
        // Single use: a second sign-in with the same code finds nothing (and the reservation is
        // released uncounted: only the holder of the code gets here).
        if ((await deleteOtp(tx, otp.id)) === 0) throw FAILED();
        await settleSuccess(tx, attempt.reservation);
        const issued = await this.sessions.open(tx, account, meta, seal);
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
      return authResult(this.presentUser, account, token, expand);
    });
  }
}
