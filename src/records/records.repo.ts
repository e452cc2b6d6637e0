// SQL for records of any catalogue collection (their multi-relation links: relations.repo.ts).
import { CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { dialectOf, toNumber } from '../db/dialect.js';
import type { CollectionDef } from '../catalogue/collections.js';
import type { StoredValue } from './fields.js';
import { type Cond, table } from './sql.js';

export type Row = Record<string, unknown> & { id: string };

/** Collections are declared in the catalogue, not in Kysely's static table types. */
type DynamicDb = Kysely<Record<string, Record<string, unknown>>>;
const dynamic = (db: Db) => db as unknown as DynamicDb;

export const ROOT = 't0';

export async function listRows(
  db: Db,
  collection: CollectionDef,
  options: { where: Cond; orderBy: RawBuilder<unknown>[]; limit: number; offset: number },
): Promise<Row[]> {
  const result =
    await sql<Row>`SELECT ${sql.ref(ROOT)}.* FROM ${table(collection.name, ROOT)} WHERE ${options.where} ORDER BY ${sql.join(options.orderBy)} LIMIT ${options.limit} OFFSET ${options.offset}`.execute(
      db,
    );
  return result.rows;
}

export async function countRows(db: Db, collection: CollectionDef, where: Cond): Promise<number> {
  const result = await sql<{
    n: unknown;
  }>`SELECT COUNT(*) AS n FROM ${table(collection.name, ROOT)} WHERE ${where}`.execute(db);
  return toNumber(result.rows[0]?.n);
}

export async function findRow(
  db: Db,
  collection: CollectionDef,
  id: string,
  where: Cond,
): Promise<Row | undefined> {
  const result =
    await sql<Row>`SELECT ${sql.ref(ROOT)}.* FROM ${table(collection.name, ROOT)} WHERE ${sql.ref(`${ROOT}.id`)} = ${id} AND ${where}`.execute(
      db,
    );
  return result.rows[0];
}

/** Which of `ids` exist in `collection`. */
export async function existingIds(
  db: Db,
  collection: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await dynamic(db)
    .selectFrom(collection)
    .select('id')
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => String(r.id)));
}

/**
 * Locks the rows of `ids` that exist until the transaction ends (PostgreSQL: FOR UPDATE, in id
 * order so two such writers never deadlock; SQLite's writers are serialised anyway) and returns
 * their ids. A row deleted by a transaction that committed meanwhile is not returned.
 */
export async function lockRowsById(
  tx: Db,
  collection: CollectionDef,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const dialect = dialectOf(tx);
  const marks = ids.map((_, i) => dialect.placeholder(i + 1)).join(', ');
  const text = dialect.lockRows(
    `SELECT "id" FROM "${collection.name}" WHERE "id" IN (${marks}) ORDER BY "id"`,
  );
  const { rows } = await tx.executeQuery<{ id: string }>(CompiledQuery.raw(text, [...ids]));
  return new Set(rows.map((r) => r.id));
}

/** Which of `ids` satisfy `where` (on the collection's table as `ROOT`). */
export async function idsWhere(
  db: Db,
  collection: CollectionDef,
  ids: readonly string[],
  where: Cond,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{
    id: string;
  }>`SELECT ${sql.ref(`${ROOT}.id`)} AS "id" FROM ${table(collection.name, ROOT)} WHERE ${sql.ref(`${ROOT}.id`)} IN (${sql.join(ids)}) AND ${where}`.execute(
    db,
  );
  return new Set(rows.map((r) => r.id));
}

/** Sets `updated` on the rows of `ids` (a change to their relations only). */
export async function touchRows(
  db: Db,
  collection: string,
  ids: readonly string[],
  updated: string,
): Promise<void> {
  if (ids.length === 0) return;
  await dynamic(db).updateTable(collection).set({ updated }).where('id', 'in', ids).execute();
}

export async function insertRow(
  db: Db,
  collection: string,
  row: Record<string, StoredValue>,
): Promise<void> {
  await dynamic(db).insertInto(collection).values(row).execute();
}

export async function updateRow(
  db: Db,
  collection: string,
  id: string,
  patch: Record<string, StoredValue>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await dynamic(db).updateTable(collection).set(patch).where('id', '=', id).execute();
}

export async function deleteRow(db: Db, collection: string, id: string): Promise<void> {
  await dynamic(db).deleteFrom(collection).where('id', '=', id).execute();
}

/** Ids of `collection` rows whose single relation `field` points at one of `targetIds`. */
export async function idsReferencing(
  db: Db,
  collection: string,
  field: string,
  targetIds: readonly string[],
): Promise<string[]> {
  if (targetIds.length === 0) return [];
  const rows = await dynamic(db)
    .selectFrom(collection)
    .select('id')
    .where(field, 'in', targetIds)
    .execute();
  return rows.map((r) => String(r.id));
}

/** Empties the single relation `field` wherever it points at one of `targetIds`. */
export async function clearReferences(
  db: Db,
  collection: string,
  field: string,
  targetIds: readonly string[],
): Promise<void> {
  if (targetIds.length === 0) return;
  await dynamic(db)
    .updateTable(collection)
    .set({ [field]: '' })
    .where(field, 'in', targetIds)
    .execute();
}

// The multi-relation links live in relations.repo.ts, their one owner; re-exported for callers here.
export {
  addRelations,
  loadAllRelations,
  loadRelations,
  relationsQuery,
  removeAllRelationsOf,
  removeLinksTo,
  removeRelations,
} from './relations.repo.js';
