// Queries on pending imports, their rows, and the accounts an import matches by email.
import type { Db } from '../db/connect.js';
import { bulkInsert } from '../db/bulk-insert.js';
import type { UserImportRowsTable, UserImportsTable } from '../db/types.js';
import { toNumber } from '../db/dialect.js';
import type { Insertable, Selectable } from 'kysely';
import type { ExistingUser } from './imports.plan.js';

/** Rows per multi-row INSERT or IN (…) list: well under both databases' parameter limits. */
export const CHUNK = 500;

export async function insertImport(db: Db, row: Insertable<UserImportsTable>): Promise<void> {
  await db.insertInto('user_imports').values(row).execute();
}

export function findImport(db: Db, id: string): Promise<Selectable<UserImportsTable> | undefined> {
  return db.selectFrom('user_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateImport(
  db: Db,
  id: string,
  patch: Partial<Selectable<UserImportsTable>>,
): Promise<void> {
  await db.updateTable('user_imports').set(patch).where('id', '=', id).execute();
}

export async function insertImportRows(
  db: Db,
  rows: readonly Selectable<UserImportRowsTable>[],
): Promise<void> {
  await bulkInsert(db, 'user_import_rows', IMPORT_ROW_COLUMNS, rows);
}

const IMPORT_ROW_COLUMNS = ['importId', 'line', 'email', 'data', 'action', 'reasons'] as const;

/** An applied import keeps its summary and result, not its rows. */
export async function deleteImportRows(db: Db, id: string): Promise<void> {
  await db.deleteFrom('user_import_rows').where('importId', '=', id).execute();
}

export async function deleteImport(db: Db, id: string): Promise<void> {
  await deleteImportRows(db, id);
  await db.deleteFrom('user_imports').where('id', '=', id).execute();
}

/** Unconfirmed imports past their expiry, and imports a crash left half-parsed, go. */
export async function purgeExpiredImports(db: Db, now: string): Promise<void> {
  const stale = await db
    .selectFrom('user_imports')
    .select('id')
    .where('status', '!=', 'applied')
    .where('expires', '<', now)
    .execute();
  for (const { id } of stale) await deleteImport(db, id);
}

export function importRows(db: Db, importId: string): Promise<Selectable<UserImportRowsTable>[]> {
  return db
    .selectFrom('user_import_rows')
    .selectAll()
    .where('importId', '=', importId)
    .orderBy('line')
    .execute();
}

export async function pageImportRows(
  db: Db,
  importId: string,
  options: { page: number; perPage: number; action?: string | undefined },
): Promise<{ total: number; rows: Selectable<UserImportRowsTable>[] }> {
  let query = db.selectFrom('user_import_rows').where('importId', '=', importId);
  if (options.action) query = query.where('action', '=', options.action);
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    query
      .selectAll()
      .orderBy('line')
      .limit(options.perPage)
      .offset((options.page - 1) * options.perPage)
      .execute(),
  ]);
  return { total: toNumber(count.n), rows };
}

/** The accounts that already have one of `emails` (lower-cased), by email. */
export async function usersByEmail(
  db: Db,
  emails: readonly string[],
): Promise<Map<string, ExistingUser>> {
  const out = new Map<string, ExistingUser>();
  const unique = [...new Set(emails.filter(Boolean))];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role', 'kind'])
      .where('email', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) out.set(row.email, row);
  }
  return out;
}
