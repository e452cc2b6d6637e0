// Multi-row INSERTs of thousands of rows with a fixed SQL text per table, columns and row count: no
// query building per row (Kysely's value parsing costs about as much as SQLite's own work for wide
// bulk rows), and the SQLite statement cache reuses the prepared text for every full chunk.
import { CompiledQuery, type Kysely } from 'kysely';
import { type SqlDialect, dialectOf } from './dialect.js';
import type { Database } from './types.js';

/** Rows per INSERT: at 20 columns, 10k parameters, well under both databases' limits. */
export const BULK_CHUNK = 500;

/** By dialect, then by the columns list itself (callers pass one constant list per table). */
const texts = new Map<SqlDialect, WeakMap<readonly string[], Map<string, string>>>();

/** `INSERT INTO "table" ("a", "b") VALUES (?, ?), …` for `count` rows in the dialect's placeholders. */
export function bulkInsertText(
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
  count: number,
): string {
  let byColumns = texts.get(dialect);
  if (!byColumns)
    texts.set(dialect, (byColumns = new WeakMap<readonly string[], Map<string, string>>()));
  let byTableAndCount = byColumns.get(columns);
  if (!byTableAndCount) byColumns.set(columns, (byTableAndCount = new Map<string, string>()));
  const key = `${table}\0${String(count)}`;
  let text = byTableAndCount.get(key);
  if (text === undefined) {
    let n = 0;
    const placeholder = () => dialect.placeholder(++n);
    const tuples = Array.from({ length: count }, () => `(${columns.map(placeholder).join(', ')})`);
    text = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
    byTableAndCount.set(key, text);
  }
  return text;
}

/**
 * Inserts `rows` (each an object with every one of `columns`) in chunks of `BULK_CHUNK`, on `db`
 * (pass the transaction the rows belong to). Values go as bound parameters, never as SQL text.
 */
export async function bulkInsert<T extends keyof Database, C extends keyof Database[T] & string>(
  db: Kysely<Database>,
  table: T,
  columns: readonly C[],
  rows: readonly Readonly<Record<C, unknown>>[],
): Promise<void> {
  const dialect = dialectOf(db);
  for (let start = 0; start < rows.length; start += BULK_CHUNK) {
    const count = Math.min(BULK_CHUNK, rows.length - start);
    const params: unknown[] = new Array(count * columns.length);
    let p = 0;
    for (let i = start; i < start + count; i++) {
      const row = rows[i] as Readonly<Record<C, unknown>>;
      for (const column of columns) params[p++] = row[column];
    }
    await db.executeQuery(
      CompiledQuery.raw(bulkInsertText(dialect, table, columns, count), params),
    );
  }
}
