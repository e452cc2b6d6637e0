// CSV user imports: a streamed dry run that plans every row and stores the plan (nothing else is
// written), then a confirm that re-plans against the current state and applies every row in one
// transaction — users, memberships, new groups, invitations, one audit entry per user and one for
// the import — or nothing.
import type { Selectable } from 'kysely';
import { actorOf, appendAudit, type AuditEntry, fromActor } from '../audit/audit.repo.js';
import {
  type AccessSnapshot,
  type Actor,
  canImportCreateGroups,
  canImportUsers,
  ownsImport,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { Tx } from '../db/types.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { UserImportRowsTable, UserImportsTable } from '../db/types.js';
import { AppError, badRequest, forbidden, notFound } from '../errors.js';
import { type PasswordHasher, passwordProblem } from '../accounts/passwords.js';
import { newTokenKey, type UsersService } from '../accounts/users.service.js';
import { deleteSessionsOf } from '../accounts/sessions.repo.js';
import { revokeTokensOf } from '../tokens/tokens.revoke.js';
import { normalizeEmail } from '../accounts/account-records.js';
import type { AccessEvent, Directory } from '../directory/directory.js';
import { newId, randomStrings } from '../lib/ids.js';
import { nowTimestamp, timestampIn } from '../lib/time.js';
import { parseInput } from '../lib/validation.js';
import { addRelations } from '../records/records.repo.js';
import type { Settings } from '../settings/settings.schema.js';
import type { SettingsService } from '../settings/settings.service.js';
import { CsvParser, CsvSyntaxError } from './csv-parse.js';
import { type ImportRow, Planner, type RowPlan, reasonsOf, splitGroups } from './imports.plan.js';
import {
  CHUNK,
  deleteImport,
  findImport,
  importRows,
  insertImport,
  insertImportRows,
  pageImportRows,
  purgeExpiredImports,
  updateImport,
  usersByEmail,
} from './imports.repo.js';
import {
  COLUMN_ALIASES,
  IMPORT_COLUMNS,
  type ImportColumn,
  type ImportOptions,
  confirmSchema,
  importOptionsSchema,
  rowsQuerySchema,
} from './imports.schema.js';
import { INVITATION_PATH, makeInvitations } from '../accounts/invitations.service.js';
import { csvText } from './source.js';

/** Row results returned with the dry run itself; the rest are paged (GET /api/users/import/{id}). */
const PREVIEW_ROWS = 1000;
/** Rows at most reported in a refused confirm. */
const REPORTED_ERRORS = 20;

export interface Summary {
  rows: number;
  create: number;
  update: number;
  skip: number;
  error: number;
}

export interface RowResult {
  line: number;
  email: string;
  action: RowPlan['action'];
  reasons: string[];
}

export interface DryRun {
  id: string;
  status: 'pending';
  expires: string;
  options: ImportOptions;
  columns: string[];
  ignoredColumns: string[];
  summary: Summary;
  rows: RowResult[];
  /** More rows than `rows` holds: page through GET /api/users/import/{id}. */
  truncated: boolean;
}

export interface ImportResult {
  id: string;
  status: 'applied';
  summary: Summary;
  created: number;
  updated: number;
  skipped: number;
  groupsCreated: string[];
  invitations: { email: string; userId: string; link: string }[];
}

export interface DryRunHooks {
  /** Bytes read so far (a progress bar). */
  onBytes?: (total: number) => void;
  /** The declared size (Content-Length): refused at once when over the limit. */
  declaredBytes?: number;
}

const emptySummary = (): Summary => ({ rows: 0, create: 0, update: 0, skip: 0, error: 0 });

export class ImportsService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
    private readonly directory: Directory,
    private readonly users: UsersService,
  ) {}

  /**
   * Reads the CSV `bytes` as they stream in and plans every row; stores the plan as a pending
   * import (rows batch by batch, nothing else) and returns its id and summary. Passwords are
   * hashed here, in parallel, so the pending import never holds one in plain text.
   */
  async dryRun(
    actor: Actor,
    bytes: AsyncIterable<Buffer | Uint8Array | string>,
    query: unknown,
    hooks: DryRunHooks = {},
  ): Promise<DryRun> {
    const snapshot = await this.directory.snapshot();
    if (!canImportUsers(actor.principal, snapshot))
      throw forbidden('Importing users needs admin.users.manage and admin.import.');
    const options = parseInput(importOptionsSchema, query ?? {}, 'Invalid import options.');
    const settings = await this.settings.get();
    const limits = settings.imports;
    if (hooks.declaredBytes !== undefined && hooks.declaredBytes > limits.maxBytes + 64 * 1024) {
      const { tooLarge } = await import('./source.js');
      throw tooLarge(limits.maxBytes);
    }
    const now = nowTimestamp();
    await purgeExpiredImports(this.db, now);
    const id = newId();
    const auditActor = actorOf(actor.principal);
    const planner = this.planner(actor, snapshot, options, settings);
    await insertImport(this.db, {
      id,
      actorType: auditActor.type,
      actorId: auditActor.id,
      status: 'parsing',
      options: JSON.stringify(options),
      columns: '[]',
      summary: '{}',
      result: null,
      created: now,
      // A crash mid-parse leaves a row that the next import's purge removes.
      expires: timestampIn(limits.pendingHours * 3600),
    });

    const summary = emptySummary();
    const preview: RowResult[] = [];
    const state: { header: Header | null } = { header: null };
    let pending: { fields: string[]; line: number }[] = [];
    const parser = new CsvParser();
    const collect = (fields: string[], line: number) => {
      pending.push({ fields, line });
    };
    const flush = async () => {
      let records = pending;
      pending = [];
      if (!state.header) {
        const first = records[0];
        if (!first) return;
        state.header = readHeader(first.fields, first.line);
        records = records.slice(1);
      }
      const header = state.header;
      for (let i = 0; i < records.length; i += CHUNK) {
        const batch = records.slice(i, i + CHUNK);
        summary.rows += batch.filter((r) => !isBlank(r.fields)).length;
        if (summary.rows > limits.maxRows) {
          throw badRequest(
            `The file has more than ${limits.maxRows} rows (setting imports.maxRows); split it.`,
            {
              file: {
                code: 'validation_too_many_rows',
                message: `At most ${limits.maxRows} rows.`,
              },
            },
          );
        }
        await this.planBatch(
          id,
          header,
          batch,
          planner,
          summary,
          preview,
          settings.auth.passwordMinLength,
        );
      }
    };

    try {
      let first = true;
      for await (const text of csvText(bytes, limits.maxBytes, hooks.onBytes)) {
        if (first) {
          first = false;
          const start = text.trimStart()[0];
          if (start === '{' || start === '[')
            throw badRequest('The file is not CSV: it looks like JSON.', {
              file: { code: 'validation_not_csv', message: 'It looks like JSON, not CSV.' },
            });
        }
        parser.push(text, collect);
        if (pending.length >= CHUNK || (!state.header && pending.length > 0)) await flush();
      }
      parser.end(collect);
      await flush();
      if (!state.header)
        throw badRequest('The file is empty.', {
          file: { code: 'validation_required', message: 'The file is empty.' },
        });
      if (summary.rows === 0)
        throw badRequest('The file has a header but no rows.', {
          file: { code: 'validation_required', message: 'No rows below the header.' },
        });
    } catch (error) {
      await deleteImport(this.db, id);
      if (error instanceof CsvSyntaxError)
        throw badRequest(`The file is not valid CSV: ${error.message}`, {
          [`line ${error.line}`]: { code: 'validation_csv_syntax', message: error.message },
        });
      throw error;
    }
    const h = state.header;
    await updateImport(this.db, id, {
      status: 'pending',
      columns: JSON.stringify(h.columns),
      summary: JSON.stringify(summary),
    });
    const row = await findImport(this.db, id);
    return {
      id,
      status: 'pending',
      expires: row?.expires ?? '',
      options,
      columns: h.columns,
      ignoredColumns: h.ignored,
      summary,
      rows: preview,
      truncated: summary.rows > preview.length,
    };
  }

  /** The dry run's row results, a page at a time, optionally only one action (`error`). */
  async rows(actor: Actor, id: string, query: unknown) {
    const stored = await this.pendingOrApplied(actor, id);
    const q = parseInput(rowsQuerySchema, query ?? {}, 'Invalid query.');
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
  async confirm(actor: Actor, id: string, body: unknown, linkBase = ''): Promise<ImportResult> {
    const snapshot = await this.directory.snapshot();
    if (!canImportUsers(actor.principal, snapshot))
      throw forbidden('Importing users needs admin.users.manage and admin.import.');
    const stored = await this.pendingOrApplied(actor, id);
    if (stored.status !== 'pending')
      throw new AppError(409, 'import_applied', 'This import has been applied already.');
    const change = parseInput(confirmSchema, body ?? {}, 'Invalid import options.');
    const options: ImportOptions = {
      ...(JSON.parse(stored.options) as ImportOptions),
      ...change,
    };
    const settings = await this.settings.get();
    const planner = this.planner(actor, snapshot, options, settings);
    const storedRows = await importRows(this.db, id);
    const rows = storedRows.map(storedRow);
    const existing = await usersByEmail(
      this.db,
      rows.map((r) => r.email),
    );
    // A row the dry run accepted has valid fields (they do not depend on the database); only what
    // does — existing emails, groups, roles and levels — is checked again.
    const plans = rows.map((r, i) =>
      planner.plan(r, existing.get(r.email), undefined, storedRows[i]?.action !== 'error'),
    );
    const summary = summarize(plans);
    const errors = plans.filter((p) => p.action === 'error');
    if (errors.length > 0) {
      const first = errors.slice(0, REPORTED_ERRORS);
      throw badRequest(
        `${errors.length} row${errors.length === 1 ? ' has' : 's have'} errors, so nothing was imported (first: line ${first[0]?.line}: ${first[0]?.reasons.join('; ')}).`,
        Object.fromEntries(
          first.map((p) => [
            `line ${p.line}`,
            { code: 'validation_import_row', message: p.reasons.join('; ') },
          ]),
        ),
      );
    }
    const creates = plans.filter((p) => p.action === 'create');
    const updates = plans.filter((p) => p.action === 'update');
    const newGroupPaths = [...new Set(plans.flatMap((p) => p.newGroups))];
    const now = nowTimestamp();
    // Ids and token keys in two CSPRNG calls, not two per user.
    const fresh = randomStrings(creates.length, 15);
    const keys = randomStrings(creates.length, 50);
    const invitations = makeInvitations(
      options.invite ? creates.flatMap((p, i) => (p.passwordHash ? [] : [fresh[i] ?? ''])) : [],
      settings.imports.invitationHours,
    );
    const invitationOf = new Map(invitations.map((i) => [i.userId, i]));
    const rowsToInsert = creates.map((p, i) => {
      const userId = fresh[i] ?? '';
      const invitation = invitationOf.get(userId);
      return {
        id: userId,
        email: p.email,
        emailVisibility: 0,
        verified: 0,
        name: p.name,
        username: null,
        role: p.role || 'user',
        status: 'active',
        kind: 'user',
        passwordHash: p.passwordHash,
        tokenKey: keys[i] ?? newTokenKey(),
        invitationHash: invitation?.hash ?? '',
        invitationExpires: invitation?.expires ?? '',
        created: now,
        updated: now,
      };
    });
    const who = fromActor(actor);

    const apply = this.directory.transaction(actor.principal, async (tx, events, directory) => {
      // Updates decided again under the directory lock, on the directory as it is now (someone
      // may have been promoted since the plan); what every change does to anyone's roles is
      // checked as a whole before the commit.
      for (const p of updates) {
        const userId = p.userId ?? '';
        try {
          this.users.validateChange(
            actor,
            directory,
            userId,
            p.update ?? {},
            directory.index.user(userId)?.groupIds ?? [],
            settings.auth.passwordMinLength,
            { passwordChanges: p.changes?.password === true },
          );
        } catch (error) {
          throw badRequest(`Line ${p.line} can no longer be applied; nothing was imported.`, {
            [`line ${p.line}`]: {
              code: 'validation_import_row',
              message: reasonsOf(error).join('; '),
            },
          });
        }
      }
      const groupIds = await this.createGroups(tx, snapshot, newGroupPaths, now, who, events);
      const audits: AuditEntry[] = [];
      for (let i = 0; i < rowsToInsert.length; i += CHUNK)
        await tx
          .insertInto('users')
          .values(rowsToInsert.slice(i, i + CHUNK))
          .execute();
      // Each new user's groups: the existing ones, then the ones this import creates.
      const groupsOf = creates.map((p) => [
        ...new Set([...p.groupIds, ...p.newGroups.map((path) => groupIds.get(path) ?? '')]),
      ]);
      const links = creates.flatMap((p, i) =>
        (groupsOf[i] ?? []).map((targetId, pos) => ({
          collection: 'users',
          field: 'groups',
          recordId: rowsToInsert[i]?.id ?? '',
          targetId,
          pos: pos + 1,
        })),
      );
      for (let i = 0; i < links.length; i += CHUNK)
        await tx
          .insertInto('record_relations')
          .values(links.slice(i, i + CHUNK))
          .execute();
      for (const [i, p] of creates.entries()) {
        const row = rowsToInsert[i];
        const groups = groupsOf[i];
        if (!row || !groups) continue;
        events.push({
          kind: 'user',
          id: row.id,
          user: { id: row.id, role: row.role, status: 'active', groupIds: groups },
        });
        audits.push({
          actor: who.actor,
          ip: who.ip,
          userAgent: who.userAgent,
          action: 'user.create',
          target: { type: 'users', id: row.id },
          result: 'success',
          changes: {
            email: [null, row.email],
            name: [null, row.name],
            role: [null, row.role],
            status: [null, 'active'],
            ...(groups.length > 0 ? { groups: [null, groups] } : {}),
            ...(row.passwordHash ? { password: [null, '(set)'] } : {}),
          },
          data: { import: id, line: p.line },
        });
      }
      for (const p of updates) {
        const userId = p.userId ?? '';
        const before = existing.get(p.email);
        const c = p.changes;
        if (!before || !c) continue;
        const patch = {
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...(c.role !== undefined ? { role: c.role } : {}),
          ...(c.password && p.passwordHash
            ? {
                passwordHash: p.passwordHash,
                tokenKey: newTokenKey(),
                invitationHash: '',
                invitationExpires: '',
              }
            : {}),
          updated: now,
        };
        await tx.updateTable('users').set(patch).where('id', '=', userId).execute();
        const add = [...c.addGroups, ...p.newGroups.map((path) => groupIds.get(path) ?? '')];
        await addRelations(
          tx,
          { collection: 'users', field: 'groups', recordId: userId },
          add,
          'append',
        );
        if (c.password) {
          await deleteSessionsOf(tx, 'users', userId);
          // A password set by an administrator is a reset: the user's API tokens go too (SPEC §7).
          await revokeTokensOf(tx, who, userId, 'password_reset');
        }
        events.push({ kind: 'user', id: userId });
        audits.push({
          ...who,
          action: 'user.update',
          target: { type: 'users', id: userId },
          result: 'success',
          changes: {
            ...(c.name !== undefined ? { name: [before.name, c.name] } : {}),
            ...(c.role !== undefined ? { role: [before.role, c.role] } : {}),
            ...(add.length > 0
              ? {
                  groups: [
                    snapshot.index.user(userId)?.groupIds ?? [],
                    [...(snapshot.index.user(userId)?.groupIds ?? []), ...add],
                  ],
                }
              : {}),
            ...(c.password ? { password: ['(hidden)', '(changed)'] } : {}),
          },
          data: { import: id, line: p.line },
        });
      }
      audits.push({
        ...who,
        action: 'user.import',
        target: { type: 'user_imports', id },
        result: 'success',
        data: {
          options,
          summary,
          groupsCreated: newGroupPaths,
          invitations: invitations.length,
        },
      });
      await appendAudit(tx, audits);
      await tx.deleteFrom('user_import_rows').where('importId', '=', id).execute();
      await updateImport(tx, id, {
        status: 'applied',
        summary: JSON.stringify(summary),
        result: JSON.stringify({
          created: creates.length,
          updated: updates.length,
          skipped: summary.skip,
          groupsCreated: newGroupPaths,
          appliedAt: now,
        }),
      });
    });
    await apply.catch(async (error: unknown) => {
      // A user created between the plan and the write: the email's unique index refused the
      // whole transaction; name the lines rather than guess what the confirm should do now.
      if (!isUniqueViolation(error)) throw error;
      const taken = await usersByEmail(
        this.db,
        creates.map((p) => p.email),
      );
      if (taken.size === 0) throw error;
      const lines = creates.filter((p) => taken.has(p.email)).slice(0, REPORTED_ERRORS);
      throw badRequest(
        'Users with these emails were created since the dry run; nothing was imported. Confirm again to plan anew.',
        Object.fromEntries(
          lines.map((p) => [
            `line ${p.line}`,
            { code: 'validation_not_unique', message: `email: ${p.email} exists now.` },
          ]),
        ),
      );
    });
    const emailOf = new Map(rowsToInsert.map((row) => [row.id, row.email]));
    return {
      id,
      status: 'applied',
      summary,
      created: creates.length,
      updated: updates.length,
      skipped: summary.skip,
      groupsCreated: newGroupPaths,
      invitations: invitations.map((i) => ({
        email: emailOf.get(i.userId) ?? '',
        userId: i.userId,
        link: `${linkBase}${INVITATION_PATH}${i.token}`,
      })),
    };
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

  /** Plans and stores one batch of records (hashing its passwords in parallel first). */
  private async planBatch(
    importId: string,
    header: Header,
    records: { fields: string[]; line: number }[],
    planner: Planner,
    summary: Summary,
    preview: RowResult[],
    minLength: number,
  ): Promise<void> {
    const parsed = records
      .filter((r) => !isBlank(r.fields))
      .map((r) => readRow(header, r.fields, r.line));
    // Hash acceptable passwords, every core busy; the plaintext goes no further than this batch.
    await parallel(parsed, async ({ row, password }) => {
      if (password === undefined) return;
      const problem = passwordProblem(password, minLength);
      if (problem) row.passwordError = problem;
      else row.passwordHash = await this.hasher.hash(password);
    });
    const existing = await usersByEmail(
      this.db,
      parsed.map((p) => p.row.email),
    );
    const stored: Selectable<UserImportRowsTable>[] = [];
    for (const { row, password } of parsed) {
      const plan = planner.plan(row, existing.get(row.email), password);
      summary[plan.action]++;
      if (preview.length < PREVIEW_ROWS) preview.push(resultOf(plan));
      stored.push({
        importId,
        line: row.line,
        email: row.email,
        data: JSON.stringify(row),
        action: plan.action,
        reasons: JSON.stringify(plan.reasons),
      });
    }
    await insertImportRows(this.db, stored);
  }

  /** Creates the missing groups of `paths` (parents first), audited; path → id of every one. */
  private async createGroups(
    tx: Tx,
    snapshot: AccessSnapshot,
    paths: readonly string[],
    now: string,
    who: ReturnType<typeof fromActor>,
    events: AccessEvent[],
  ): Promise<Map<string, string>> {
    const known = new Map<string, string>();
    const index = snapshot.index;
    for (const id of index.groupIds()) {
      known.set(
        index
          .lineage(id)
          .reverse()
          .map((g) => index.group(g)?.name ?? g)
          .join('/'),
        id,
      );
    }
    const out = new Map<string, string>();
    const audits: AuditEntry[] = [];
    for (const path of paths) {
      const segments = path.split('/');
      for (let n = 1; n <= segments.length; n++) {
        const prefix = segments.slice(0, n).join('/');
        if (known.has(prefix)) continue;
        const id = newId();
        const parent = n > 1 ? (known.get(segments.slice(0, n - 1).join('/')) ?? '') : '';
        const name = segments[n - 1] ?? '';
        await tx
          .insertInto('groups')
          .values({ id, name, description: '', parent, created: now, updated: now })
          .execute();
        known.set(prefix, id);
        events.push({ kind: 'group', id });
        audits.push({
          ...who,
          action: 'record.create',
          target: { type: 'groups', id },
          result: 'success',
          changes: { name: [null, name], parent: [null, parent] },
          data: { import: true },
        });
      }
      out.set(path, known.get(path) ?? '');
    }
    await appendAudit(tx, audits);
    return out;
  }
}

interface Header {
  columns: ImportColumn[];
  ignored: string[];
  /** Column → its index in a record. */
  at: Partial<Record<ImportColumn, number>>;
  width: number;
}

function readHeader(fields: string[], line: number): Header {
  const names = fields.map((f) => f.trim().toLowerCase());
  const only = fields.length === 1 ? (fields[0] ?? '') : '';
  for (const [delimiter, label] of [
    [';', 'semicolons'],
    ['\t', 'tabs'],
    ['|', 'pipes'],
  ] as const) {
    if (only.includes(delimiter))
      throw badRequest(
        `The file separates columns with ${label}; Gatehouse reads commas. Save it as "CSV (comma delimited)".`,
        {
          file: {
            code: 'validation_csv_delimiter',
            message: `Columns are separated by ${label}, not commas.`,
          },
        },
      );
  }
  const at: Partial<Record<ImportColumn, number>> = {};
  const ignored: string[] = [];
  for (const [i, raw] of names.entries()) {
    const name = (COLUMN_ALIASES[raw] ?? raw) as ImportColumn;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      if (raw) ignored.push(fields[i]?.trim() ?? raw);
      continue;
    }
    if (at[name] !== undefined)
      throw badRequest(`The header names the column "${name}" twice.`, {
        [`line ${line}`]: { code: 'validation_csv_header', message: `Column "${name}" twice.` },
      });
    at[name] = i;
  }
  if (at.email === undefined) {
    const looksLikeData = fields.some((f) => f.includes('@'));
    throw badRequest(
      looksLikeData
        ? 'The file has no header: its first line looks like data. Start with the line "name,email,groups" (GET /api/users/import/template).'
        : `The header has no "email" column (found: ${fields.map((f) => `"${f.trim()}"`).join(', ')}). Start with "name,email,groups".`,
      {
        [`line ${line}`]: {
          code: 'validation_csv_header',
          message: looksLikeData ? 'Missing header line.' : 'No "email" column.',
        },
      },
    );
  }
  const columns = IMPORT_COLUMNS.filter((c) => at[c] !== undefined);
  return { columns, ignored, at, width: fields.length };
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

function readRow(
  header: Header,
  fields: string[],
  line: number,
): { row: ImportRow; password: string | undefined } {
  const cell = (c: ImportColumn) => {
    const i = header.at[c];
    return i === undefined ? '' : (fields[i] ?? '');
  };
  const extra = fields.length > header.width && fields.slice(header.width).some((f) => f.trim());
  const password = cell('password');
  return {
    row: {
      line,
      email: normalizeEmail(cell('email')),
      name: cell('name').trim(),
      role: cell('role').trim(),
      groups: splitGroups(cell('groups')),
      passwordHash: null,
      passwordError: null,
      problem: extra
        ? `${fields.length} fields, but the header names ${header.width} columns (put several groups inside quotes: "A,B").`
        : null,
    },
    password: password === '' ? undefined : password,
  };
}

function storedRow(row: Selectable<UserImportRowsTable>): ImportRow {
  return JSON.parse(row.data) as ImportRow;
}

function rowResult(row: Selectable<UserImportRowsTable>): RowResult {
  return {
    line: row.line,
    email: row.email,
    action: row.action as RowResult['action'],
    reasons: JSON.parse(row.reasons) as string[],
  };
}

function resultOf(plan: RowPlan): RowResult {
  return { line: plan.line, email: plan.email, action: plan.action, reasons: plan.reasons };
}

function summarize(plans: readonly RowPlan[]): Summary {
  const summary = emptySummary();
  summary.rows = plans.length;
  for (const p of plans) summary[p.action]++;
  return summary;
}

/**
 * Runs `work` over `items` with as many in flight as libuv has threads (argon2 hashes run there),
 * so every core hashes and other thread-pool work still gets a turn between hashes.
 */
async function parallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const width = Math.max(1, Number(process.env.UV_THREADPOOL_SIZE) || 4);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
