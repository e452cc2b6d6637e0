// First run: the first admin user and the first superuser, created together in one transaction.
import { appendAudit, fromActor } from '../audit/audit.repo.js';
import { type Actor, SYSTEM } from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { SuperuserRow } from '../db/types.js';
import { AppError, fieldError } from '../errors.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';
import { claimSettingRow, readSettingRows } from '../settings/settings.repo.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Directory } from '../directory/directory.js';
import {
  type SuperuserRecord,
  superuserRecord,
  type UserRecord,
  userRecord,
} from './account-records.js';
import { type PasswordHasher, passwordProblem } from './passwords.js';
import { findSuperuserByEmail, insertSuperuser } from './superusers.repo.js';
import { countUsers, insertUser } from './users.repo.js';
import type { SetupInput } from './setup.schema.js';
import { newTokenKey, newUserRow } from './users.rows.js';

const SETUP_KEY = 'setup';

const setupClosed = () => new AppError(403, 'setup_closed', 'Setup has already been completed.');

export class SetupService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
    private readonly directory: Directory,
  ) {}

  /** First run lasts while no user exists and setup has not been completed. */
  async isFirstRun(): Promise<boolean> {
    const rows = await readSettingRows(this.db, [SETUP_KEY]);
    return !rows.has(SETUP_KEY) && (await countUsers(this.db)) === 0;
  }

  /** What the first-run and password forms need before anything is signed in. */
  async status(): Promise<{ firstRun: boolean; passwordMinLength: number }> {
    const [firstRun, { auth }] = await Promise.all([this.isFirstRun(), this.settings.get()]);
    return { firstRun, passwordMinLength: auth.passwordMinLength };
  }

  async run(
    actor: Actor,
    input: SetupInput,
  ): Promise<{ user: UserRecord; superuser: SuperuserRecord }> {
    if (!(await this.isFirstRun())) throw setupClosed();
    const { auth } = await this.settings.get();
    const problem = passwordProblem(input.password, auth.passwordMinLength);
    if (problem) throw fieldError('password', 'validation_invalid_password', problem);
    const passwordHash = await this.hasher.hash(input.password);
    const now = nowTimestamp();
    const user = newUserRow(
      { email: input.email, verified: 1, name: input.name, role: 'admin', passwordHash },
      now,
    );
    const superuser: SuperuserRow = {
      id: newId(),
      email: input.email,
      passwordHash,
      tokenKey: newTokenKey(),
      created: now,
      updated: now,
    };
    // First run creates the first administrator: Gatehouse itself acts (the caller is a guest).
    await this.directory.transaction(SYSTEM, async (tx, events) => {
      events.push({ kind: 'user', id: user.id });
      // The latch row makes concurrent setups (even on other instances) end with exactly one.
      if (!(await claimSettingRow(tx, SETUP_KEY, { completed: now, email: input.email })))
        throw setupClosed();
      if ((await countUsers(tx)) > 0) throw setupClosed();
      if (await findSuperuserByEmail(tx, input.email)) {
        throw fieldError(
          'email',
          'validation_not_unique',
          'A superuser with this email already exists.',
        );
      }
      await insertUser(tx, user);
      await insertSuperuser(tx, superuser);
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'setup',
        target: { type: 'users', id: user.id },
        result: 'success',
        changes: { email: [null, user.email], role: [null, 'admin'] },
        data: { superuserId: superuser.id },
      });
    });
    return { user: userRecord(user), superuser: superuserRecord(superuser) };
  }
}
