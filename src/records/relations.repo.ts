// The one owner of `record_relations`, the multi-relation links every feature shares (records'
// shares, users' groups, groups' roles, service accounts' groups, the import): reading, adding
// and removing links of a record, or every link to a target.
import { sql } from 'kysely';
import { bulkInsert } from '../db/bulk-insert.js';
import type { Db } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';

/** One multi-relation field of one record. */
export interface RelationLink {
  collection: string;
  field: string;
  recordId: string;
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

/**
 * Adds `targetIds` at the end of one multi-relation `field` of every record of `recordIds` where
 * they are not yet (a bulk share): one statement reads each record's last position, then the links
 * go in by multi-row INSERTs that skip the ones already there.
 */
export async function appendToMany(
  db: Db,
  collection: string,
  field: string,
  recordIds: readonly string[],
  targetIds: readonly string[],
): Promise<void> {
  if (recordIds.length === 0 || targetIds.length === 0) return;
  const last = new Map<string, number>();
  const rows = await db
    .selectFrom('record_relations')
    .select((eb) => ['recordId', eb.fn.max('pos').as('max')])
    .where('collection', '=', collection)
    .where('field', '=', field)
    .where('recordId', 'in', recordIds)
    .groupBy('recordId')
    .execute();
  for (const row of rows) last.set(row.recordId, toNumber(row.max));
  const links = recordIds.flatMap((recordId) =>
    targetIds.map((targetId, i) => ({
      collection,
      field,
      recordId,
      targetId,
      pos: (last.get(recordId) ?? 0) + 1 + i,
    })),
  );
  for (let i = 0; i < links.length; i += 500) {
    await db
      .insertInto('record_relations')
      .values(links.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['collection', 'field', 'recordId', 'targetId']).doNothing())
      .execute();
  }
}

/** Removes the links to `targetIds` from one multi-relation `field` of every record of `recordIds`. */
export async function removeFromMany(
  db: Db,
  collection: string,
  field: string,
  recordIds: readonly string[],
  targetIds: readonly string[],
): Promise<void> {
  if (recordIds.length === 0 || targetIds.length === 0) return;
  await db
    .deleteFrom('record_relations')
    .where('collection', '=', collection)
    .where('field', '=', field)
    .where('recordId', 'in', recordIds)
    .where('targetId', 'in', targetIds)
    .execute();
}

/** Inserts new links as they are (a new record's, in bulk: the CSV import's memberships). */
export async function insertLinks(
  db: Db,
  links: readonly (RelationLink & { targetId: string; pos: number })[],
): Promise<void> {
  await bulkInsert(db, 'record_relations', LINK_COLUMNS, links);
}

const LINK_COLUMNS = ['collection', 'field', 'recordId', 'targetId', 'pos'] as const;

/** How many links point at `targetId` through `field`, outside `exceptCollection`. */
export async function countLinksTo(
  db: Db,
  targetId: string,
  field: string,
  exceptCollection: string,
): Promise<number> {
  const row = await db
    .selectFrom('record_relations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('targetId', '=', targetId)
    .where('field', '=', field)
    .where('collection', '!=', exceptCollection)
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}
