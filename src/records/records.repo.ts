// SQL for records of any catalogue collection, and their multi-relation rows.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';
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

/** The related ids of each record for one multi-relation field, in their stored order. */
export async function loadRelations(
  db: Db,
  collection: string,
  field: string,
  recordIds: readonly string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(recordIds.map((id) => [id, []]));
  if (recordIds.length === 0) return map;
  const rows = await db
    .selectFrom('record_relations')
    .select(['recordId', 'targetId'])
    .where('collection', '=', collection)
    .where('field', '=', field)
    .where('recordId', 'in', recordIds)
    .orderBy('pos')
    .orderBy('targetId')
    .execute();
  for (const row of rows) map.get(row.recordId)?.push(row.targetId);
  return map;
}

/**
 * The related ids of several multi-relation fields at once: field → record → ids, in order. Every
 * list and view runs it, so it is one raw statement (nothing to build per call; its text depends
 * only on how many ids, so SQLite keeps it prepared). It reads each record's links of every field
 * as one range of the `record_relations_record` index (callers ask for all of a collection's
 * multi-relation fields; links of a field not asked for are skipped here).
 */
export async function loadAllRelations(
  db: Db,
  collection: string,
  fields: readonly string[],
  recordIds: readonly string[],
): Promise<Map<string, Map<string, string[]>>> {
  const out = new Map<string, Map<string, string[]>>(
    fields.map((f) => [f, new Map<string, string[]>(recordIds.map((id) => [id, []]))]),
  );
  if (fields.length === 0 || recordIds.length === 0) return out;
  const { rows } = await relationsQuery(collection, recordIds).execute(db);
  for (const row of rows) out.get(row.field)?.get(row.recordId)?.push(row.targetId);
  return out;
}

/** The statement of `loadAllRelations` (exported for its query-plan test). */
export function relationsQuery(collection: string, recordIds: readonly string[]) {
  return sql<{
    field: string;
    recordId: string;
    targetId: string;
  }>`SELECT "field", "recordId", "targetId" FROM "record_relations" WHERE "collection" = ${collection} AND "recordId" IN (${sql.join(recordIds)}) ORDER BY "recordId", "field", "pos", "targetId"`;
}

/** Adds links that are not there yet (idempotent, so concurrent additions never lose each other). */
export async function addRelations(
  db: Db,
  link: { collection: string; field: string; recordId: string },
  targetIds: readonly string[],
  where: 'append' | 'prepend',
): Promise<void> {
  if (targetIds.length === 0) return;
  const edge = await db
    .selectFrom('record_relations')
    .select((eb) => [eb.fn.max('pos').as('max'), eb.fn.min('pos').as('min')])
    .where('collection', '=', link.collection)
    .where('field', '=', link.field)
    .where('recordId', '=', link.recordId)
    .executeTakeFirst();
  const base =
    where === 'append' ? toNumber(edge?.max ?? 0) + 1 : toNumber(edge?.min ?? 0) - targetIds.length;
  await db
    .insertInto('record_relations')
    .values(targetIds.map((targetId, i) => ({ ...link, targetId, pos: base + i })))
    .onConflict((oc) => oc.columns(['collection', 'field', 'recordId', 'targetId']).doNothing())
    .execute();
}

export async function removeRelations(
  db: Db,
  link: { collection: string; field: string; recordId: string },
  targetIds?: readonly string[],
): Promise<void> {
  let query = db
    .deleteFrom('record_relations')
    .where('collection', '=', link.collection)
    .where('field', '=', link.field)
    .where('recordId', '=', link.recordId);
  if (targetIds) {
    if (targetIds.length === 0) return;
    query = query.where('targetId', 'in', targetIds);
  }
  await query.execute();
}

/** Removes every link of the record (all its multi-relation fields). */
export async function removeAllRelationsOf(
  db: Db,
  collection: string,
  recordId: string,
): Promise<void> {
  await db
    .deleteFrom('record_relations')
    .where('collection', '=', collection)
    .where('recordId', '=', recordId)
    .execute();
}

/** Removes every link pointing at `targetId` from `collection.field` (e.g. a deleted user's shares). */
export async function removeLinksTo(
  db: Db,
  collection: string,
  field: string,
  targetId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('record_relations')
    .where('targetId', '=', targetId)
    .where('collection', '=', collection)
    .where('field', '=', field)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
