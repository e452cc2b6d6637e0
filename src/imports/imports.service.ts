// CSV user imports: a streamed dry run that plans every row and stores the plan (nothing else is
// written; imports.dry-run.ts), the stored rows paged, then a confirm that re-plans against the
// current state and applies every row in one transaction — users, memberships, new groups,
// invitations, one audit entry per user and one for the import — or nothing (imports.confirm.ts).
import type { Selectable } from 'kysely';
import { actorOf } from '../audit/audit.repo.js';
import {
  type AccessSnapshot,
  type Actor,
  canImportCreateGroups,
  mayImportUsers,
  ownsImport,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { UserImportsTable } from '../db/types.js';
import { AppError, notFound, refuse } from '../errors.js';
import type { PasswordHasher } from '../accounts/passwords.js';
import type { UsersService } from '../accounts/users.service.js';
import type { Directory } from '../directory/directory.js';
import { nowTimestamp } from '../lib/time.js';
import type { Settings } from '../settings/settings.schema.js';
import type { SettingsService } from '../settings/settings.service.js';
import { confirmImport } from './imports.confirm.js';
import { dryRun } from './imports.dry-run.js';
import { Planner } from './imports.plan.js';
import { findImport, pageImportRows } from './imports.repo.js';
import {
  type DryRun,
  type DryRunHooks,
  type ImportResult,
  rowResult,
  type Summary,
} from './imports.results.js';
import type { ImportChange, ImportOptions, RowsQuery } from './imports.schema.js';

export type { DryRun, DryRunHooks, ImportResult, RowResult, Summary } from './imports.results.js';

/** What the import's phases work with. */
export interface ImportsDeps {
  readonly db: Db;
  readonly hasher: PasswordHasher;
  readonly directory: Directory;
  readonly users: UsersService;
}

export class ImportsService implements ImportsDeps {
  constructor(
    readonly db: Db,
    private readonly settings: SettingsService,
    readonly hasher: PasswordHasher,
    readonly directory: Directory,
    readonly users: UsersService,
  ) {}

  /**
   * Reads the CSV `bytes` as they stream in and plans every row; stores the plan as a pending
   * import (rows batch by batch, nothing else) and returns its id and summary. Passwords are
   * hashed here, in parallel, so the pending import never holds one in plain text.
   */
  async dryRun(
    actor: Actor,
    bytes: AsyncIterable<Buffer | Uint8Array | string>,
    options: ImportOptions,
    hooks: DryRunHooks = {},
  ): Promise<DryRun> {
    const snapshot = await this.directory.snapshot();
    const may = mayImportUsers(actor.principal, snapshot);
    if (!may.ok) throw refuse(may);
    const settings = await this.settings.get();
    const planner = this.planner(actor, snapshot, options, settings);
    return dryRun(this, { actor, snapshot, options, settings, planner }, bytes, hooks);
  }

  /** The dry run's row results, a page at a time, optionally only one action (`error`). */
  async rows(actor: Actor, id: string, q: RowsQuery) {
    const stored = await this.pendingOrApplied(actor, id);
    const { total, rows } = await pageImportRows(this.db, id, q);
    return {
      id,
      status: stored.status,
      options: JSON.parse(stored.options) as ImportOptions,
      summary: JSON.parse(stored.summary) as Summary,
      ...(stored.result ? { result: JSON.parse(stored.result) as unknown } : {}),
      page: q.page,
      perPage: q.perPage,
      totalItems: total,
      totalPages: Math.ceil(total / q.perPage),
      items: rows.map(rowResult),
    };
  }

  /**
   * Applies a pending import in one transaction, all rows or none. The rows are planned again
   * with the confirm's options against the current state; any error row refuses the whole import.
   * `linkBase` is the origin invitation links start with ('' for a path only).
   */
  async confirm(
    actor: Actor,
    id: string,
    change: ImportChange,
    linkBase = '',
  ): Promise<ImportResult> {
    const snapshot = await this.directory.snapshot();
    const may = mayImportUsers(actor.principal, snapshot);
    if (!may.ok) throw refuse(may);
    const stored = await this.pendingOrApplied(actor, id);
    if (stored.status !== 'pending')
      throw new AppError(409, 'import_applied', 'This import has been applied already.');
    const options: ImportOptions = {
      ...(JSON.parse(stored.options) as ImportOptions),
      ...change,
    };
    const settings = await this.settings.get();
    const planner = this.planner(actor, snapshot, options, settings);
    return confirmImport(this, stored, { actor, snapshot, options, settings, planner, linkBase });
  }

  /** The planner of the dry run and of the confirm: same checks, same actor, same options. */
  private planner(
    actor: Actor,
    snapshot: AccessSnapshot,
    options: ImportOptions,
    settings: Settings,
  ): Planner {
    return new Planner(
      actor,
      snapshot,
      this.users,
      options,
      settings.auth.passwordMinLength,
      canImportCreateGroups(actor.principal, snapshot),
      settings.imports,
    );
  }

  private async pendingOrApplied(actor: Actor, id: string): Promise<Selectable<UserImportsTable>> {
    const stored = await findImport(this.db, id);
    // Someone else's import is a 404, as for records.
    const mine =
      stored &&
      ownsImport(
        actor.principal,
        { type: stored.actorType, id: stored.actorId },
        actorOf(actor.principal),
      );
    if (!stored || !mine || stored.status === 'parsing') throw notFound('No such import.');
    if (stored.status === 'pending' && stored.expires < nowTimestamp())
      throw new AppError(410, 'import_expired', 'This import has expired; upload the file again.');
    return stored;
  }
}
