// Superuser accounts: what `gatehouse superuser …` does. Never touches the user of the same email.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { appendAudit, fromActor } from '../audit/audit.repo.js';
import { type Actor, canAdministerInstance } from '../access/index.js';
import type { Db } from '../db/connect.js';
import { takeGuardLock } from '../db/guard-locks.js';
import type { SuperuserRow } from '../db/types.js';
import { AppError, fieldError, forbidden } from '../errors.js';
import { sha256Hex } from '../lib/digest.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp, timestampIn } from '../lib/time.js';
import { parseInput } from '../lib/validation.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type PasswordHasher, passwordProblem } from './passwords.js';
import { deleteSessionsOf } from './sessions.repo.js';
import {
  countSuperusers,
  deleteSuperuserRow,
  findSuperuserByEmail,
  insertSuperuser,
  updateSuperuserRow,
} from './superusers.repo.js';
import { emailSchema } from './users.schema.js';
import { newTokenKey } from './users.service.js';
import { deleteExpiredOtps, insertOtp } from './otp.repo.js';

export const OTP_SECONDS = 180;

export class SuperusersService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Creates the superuser, or sets its password when the email exists. */
  async upsert(actor: Actor, email: string, password: string): Promise<'created' | 'updated'> {
    return this.write(actor, email, password, 'upsert');
  }

  async create(actor: Actor, email: string, password: string): Promise<void> {
    await this.write(actor, email, password, 'create');
  }

  async update(actor: Actor, email: string, password: string): Promise<void> {
    await this.write(actor, email, password, 'update');
  }

  /** Idempotent: a missing email is not an error. The last superuser cannot be deleted. */
  async delete(actor: Actor, rawEmail: string): Promise<boolean> {
    this.guard(actor);
    const email = parseEmail(rawEmail);
    return this.db.transaction().execute(async (tx) => {
      // Counted under the guard lock: two deletes at once (two instances) cannot both see two.
      await takeGuardLock(tx, 'superusers');
      const row = await findSuperuserByEmail(tx, email);
      if (!row) return false;
      if ((await countSuperusers(tx)) <= 1) {
        throw new AppError(400, 'last_superuser', 'Cannot delete the last superuser.');
      }
      await deleteSessionsOf(tx, '_superusers', row.id);
      await deleteSuperuserRow(tx, row.id);
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'superuser.delete',
        target: { type: '_superusers', id: row.id },
        result: 'success',
        changes: { email: [row.email, null] },
      });
      return true;
    });
  }

  /** A one-time console sign-in code, valid OTP_SECONDS; only its hash is stored. */
  async otp(
    actor: Actor,
    rawEmail: string,
  ): Promise<{ otpId: string; code: string; expires: string }> {
    this.guard(actor);
    const email = parseEmail(rawEmail);
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const otp = {
      id: newId(),
      superuserId: '',
      codeHash: sha256Hex(code),
      expires: timestampIn(OTP_SECONDS),
      created: nowTimestamp(),
    };
    await this.db.transaction().execute(async (tx) => {
      const row = await findSuperuserByEmail(tx, email);
      if (!row) throw unknownSuperuser(email);
      otp.superuserId = row.id;
      await deleteExpiredOtps(tx, otp.created);
      await insertOtp(tx, otp);
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'superuser.otp',
        target: { type: '_superusers', id: row.id },
        result: 'success',
      });
    });
    return { otpId: otp.id, code, expires: otp.expires };
  }

  /** Sets the console IP allow-list; an empty list allows every address. */
  async setAllowedIps(actor: Actor, ips: string[]): Promise<string[]> {
    const settings = await this.settings.update(actor, { console: { allowedIps: ips } });
    return settings.console.allowedIps;
  }

  private guard(actor: Actor): void {
    if (!canAdministerInstance(actor.principal)) throw forbidden();
  }

  private async write(
    actor: Actor,
    rawEmail: string,
    password: string,
    mode: 'upsert' | 'create' | 'update',
  ): Promise<'created' | 'updated'> {
    this.guard(actor);
    const email = parseEmail(rawEmail);
    const { auth } = await this.settings.get();
    const problem = passwordProblem(password, auth.passwordMinLength);
    if (problem)
      throw fieldError(
        'password',
        'validation_invalid_password',
        problem,
        `Invalid password: ${problem}`,
      );
    const passwordHash = await this.hasher.hash(password);
    return this.db.transaction().execute(async (tx) => {
      const existing = await findSuperuserByEmail(tx, email);
      if (existing && mode === 'create') {
        throw new AppError(400, 'superuser_exists', `Superuser ${email} already exists.`);
      }
      if (!existing && mode === 'update') throw unknownSuperuser(email);
      const now = nowTimestamp();
      if (existing) {
        // A new password ends every console session of this superuser.
        await updateSuperuserRow(tx, existing.id, {
          passwordHash,
          tokenKey: newTokenKey(),
          updated: now,
        });
        await deleteSessionsOf(tx, '_superusers', existing.id);
        await appendAudit(tx, {
          ...fromActor(actor),
          action: 'superuser.update',
          target: { type: '_superusers', id: existing.id },
          result: 'success',
          changes: { password: ['(hidden)', '(changed)'] },
        });
        return 'updated';
      }
      const row: SuperuserRow = {
        id: newId(),
        email,
        passwordHash,
        tokenKey: newTokenKey(),
        created: now,
        updated: now,
      };
      await insertSuperuser(tx, row);
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'superuser.create',
        target: { type: '_superusers', id: row.id },
        result: 'success',
        changes: { email: [null, email] },
      });
      return 'created';
    });
  }
}

function parseEmail(raw: string): string {
  return parseInput(
    z.object({ email: emailSchema }),
    { email: raw },
    `Invalid email address "${raw}".`,
  ).email;
}

const unknownSuperuser = (email: string) =>
  new AppError(404, 'unknown_superuser', `No superuser with email ${email}.`);
