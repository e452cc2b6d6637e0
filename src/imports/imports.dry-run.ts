// The dry run of a CSV import: the upload read as it streams in, every row planned batch by batch
// (passwords hashed in parallel, never stored in plain text), the plan stored as a pending import.
import type { Selectable } from 'kysely';
import { actorOf } from '../audit/audit.repo.js';
import { type AccessSnapshot, type Actor } from '../access/index.js';
import type { UserImportRowsTable } from '../db/types.js';
import { badRequest } from '../errors.js';
import { passwordProblem } from '../accounts/passwords.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp, timestampIn } from '../lib/time.js';
import type { Settings } from '../settings/settings.schema.js';
import { CsvParser, CsvSyntaxError } from './csv-parse.js';
import type { Planner } from './imports.plan.js';
import {
  CHUNK,
  deleteImport,
  findImport,
  insertImport,
  insertImportRows,
  purgeExpiredImports,
  updateImport,
  usersByEmail,
} from './imports.repo.js';
import {
  type DryRun,
  type DryRunHooks,
  emptySummary,
  PREVIEW_ROWS,
  resultOf,
  type RowResult,
  type Summary,
} from './imports.results.js';
import { type Header, isBlank, readHeader, readRow } from './imports.rows.js';
import type { ImportOptions } from './imports.schema.js';
import type { ImportsDeps } from './imports.service.js';
import { csvText, tooLarge } from './source.js';

/** What one dry run works with: who, against which directory, with which options and settings. */
export interface DryRunInput {
  actor: Actor;
  snapshot: AccessSnapshot;
  options: ImportOptions;
  settings: Settings;
  planner: Planner;
}

/**
 * Reads the CSV `bytes` as they stream in and plans every row; stores the plan as a pending
 * import (rows batch by batch, nothing else) and returns its id and summary.
 */
export async function dryRun(
  deps: ImportsDeps,
  { actor, options, settings, planner }: DryRunInput,
  bytes: AsyncIterable<Buffer | Uint8Array | string>,
  hooks: DryRunHooks,
): Promise<DryRun> {
  const limits = settings.imports;
  if (hooks.declaredBytes !== undefined && hooks.declaredBytes > limits.maxBytes + 64 * 1024)
    throw tooLarge(limits.maxBytes);
  const now = nowTimestamp();
  await purgeExpiredImports(deps.db, now);
  const id = newId();
  const auditActor = actorOf(actor.principal);
  await insertImport(deps.db, {
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
      await planBatch(deps, id, header, batch, planner, summary, preview, settings);
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
    await deleteImport(deps.db, id);
    if (error instanceof CsvSyntaxError)
      throw badRequest(`The file is not valid CSV: ${error.message}`, {
        [`line ${error.line}`]: { code: 'validation_csv_syntax', message: error.message },
      });
    throw error;
  }
  const h = state.header;
  await updateImport(deps.db, id, {
    status: 'pending',
    columns: JSON.stringify(h.columns),
    summary: JSON.stringify(summary),
  });
  const row = await findImport(deps.db, id);
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

/** Plans and stores one batch of records (hashing its passwords in parallel first). */
async function planBatch(
  deps: ImportsDeps,
  importId: string,
  header: Header,
  records: { fields: string[]; line: number }[],
  planner: Planner,
  summary: Summary,
  preview: RowResult[],
  settings: Settings,
): Promise<void> {
  const minLength = settings.auth.passwordMinLength;
  const parsed = records
    .filter((r) => !isBlank(r.fields))
    .map((r) => readRow(header, r.fields, r.line));
  // Hash acceptable passwords, every core busy; the plaintext goes no further than this batch.
  await parallel(parsed, async ({ row, password }) => {
    if (password === undefined) return;
    const problem = passwordProblem(password, minLength);
    if (problem) row.passwordError = problem;
    else row.passwordHash = await deps.hasher.hash(password);
  });
  const existing = await usersByEmail(
    deps.db,
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
  await insertImportRows(deps.db, stored);
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
