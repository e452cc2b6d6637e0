// Records as answered: rows turned into API records with their relation ids, and the requested
// expands (relations and back-relations), each read within the caller's view scope.
import { type AccessSnapshot, type Principal, readsDirectory, viewRule } from '../access/index.js';
import type { Db } from '../db/connect.js';
import { type CollectionDef, backRelation, fieldOf } from '../catalogue/collections.js';
import { type SqlBool, sql } from 'kysely';
import type { ExpandTree } from './expand-paths.js';
import type { CollectionHooks } from './hooks.js';
import { orderBy } from './records.query.js';
import * as repo from './records.repo.js';
import { ROOT, type Row } from './records.repo.js';
import { type ApiRecord, toApiRecord } from './records.view.js';
import { shapeRecord } from './record-schemas.js';
import { scopeSql } from './scope-sql.js';
import { Aliases, type Cond, FALSE, and, col } from './sql.js';

/** Back-relation records expanded per record, as PocketBase's arbitrary `Limit(1000)`. */
const MAX_BACK_RELATIONS = 1000;

/** What a read needs: who asks, and the snapshot decisions are made from. */
export interface ReadScope {
  principal: Principal;
  snapshot: AccessSnapshot;
  /** A list's page (not one record): hooks may add what only a list shows (a user's last sign-in). */
  listing?: boolean;
}

export class RecordPresenter {
  constructor(
    private readonly db: Db,
    private readonly hooks: ReadonlyMap<string, CollectionHooks>,
    private readonly collection: (nameOrId: string) => CollectionDef,
  ) {}

  /**
   * API records for rows, with multi-relation ids and the requested expands (in view scope). As
   * PocketBase, every record of a level a valid expand path reaches carries `expand`, `{}` when
   * nothing was found.
   */
  async present(
    read: ReadScope,
    collection: CollectionDef,
    rows: Row[],
    expand: ExpandTree,
  ): Promise<ApiRecord[]> {
    const relations = await this.relationsOf(
      this.db,
      collection,
      rows.map((r) => r.id),
    );
    const reader = collection.name === 'users' && readsDirectory(read.principal, read.snapshot);
    const built = rows.map((row) =>
      toApiRecord(collection, row, relations, read.principal, reader),
    );
    await this.hooks
      .get(collection.name)
      ?.present?.(built, read.snapshot, read.principal, read.listing === true);
    const records = built.map((record) => shapeRecord(collection.name, record));
    const paths = Object.entries(expand);
    if (paths.length > 0) for (const record of records) record.expand ??= {};
    for (const [name, sub] of paths) {
      await this.expandOne(read, collection, records, name, sub);
    }
    return records;
  }

  /** Every multi-relation field's ids for `ids`, in one query. */
  relationsOf(db: Db, collection: CollectionDef, ids: string[]) {
    const fields = collection.fields
      .filter((f) => f.type === 'relation' && f.multiple)
      .map((f) => f.name);
    return repo.loadAllRelations(db, collection.name, fields, ids);
  }

  /** Expands `name` (a relation or back-relation, checked by expandTree) on `records`. */
  private async expandOne(
    read: ReadScope,
    collection: CollectionDef,
    records: ApiRecord[],
    name: string,
    sub: ExpandTree,
  ) {
    if (records.length === 0) return;
    const field = fieldOf(collection, name);
    if (field?.type === 'relation' && !field.hidden) {
      const target = this.collection(field.collection ?? '');
      const idsOf = (r: ApiRecord): string[] =>
        field.multiple
          ? (r[name] as string[])
          : typeof r[name] === 'string' && r[name] !== ''
            ? [r[name]]
            : [];
      const ids = [...new Set(records.flatMap(idsOf))];
      const found = await this.readVisible(read, target, inIds(ids), sub);
      const byId = new Map(found.map((r) => [r.id, r]));
      for (const record of records) {
        const list = idsOf(record).flatMap((i) => byId.get(i) ?? []);
        if (field.multiple ? list.length > 0 : list[0]) {
          record.expand = { ...record.expand, [name]: field.multiple ? list : list[0] };
        }
      }
      return;
    }
    const back = backRelation(collection, name);
    if (!back) return;
    const parentIds = records.map((r) => r.id);
    const link = back.field.multiple
      ? sqlInRelations(back.from.name, back.field.name, parentIds)
      : inColumn(back.field.name, parentIds);
    const found = await this.readVisible(read, back.from, link, sub);
    for (const record of records) {
      const children = found
        .filter((child) =>
          back.field.multiple
            ? (child[back.field.name] as string[]).includes(record.id)
            : child[back.field.name] === record.id,
        )
        .slice(0, MAX_BACK_RELATIONS);
      if (children.length > 0) record.expand = { ...record.expand, [name]: children };
    }
  }

  private async readVisible(
    read: ReadScope,
    collection: CollectionDef,
    condition: Cond,
    sub: ExpandTree,
  ) {
    const rule = viewRule(read.principal, read.snapshot, collection);
    const rows = await repo.listRows(this.db, collection, {
      where: and([scopeSql(rule, collection.name, ROOT, new Aliases()), condition]),
      orderBy: orderBy(collection, ''),
      limit: 10_000,
      offset: 0,
    });
    return this.present(read, collection, rows, sub);
  }
}

export const inIds = (ids: readonly string[]): Cond => inColumn('id', ids);

function inColumn(column: string, values: readonly string[]): Cond {
  if (values.length === 0) return FALSE;
  return sql<SqlBool>`${col(ROOT, column)} IN (${sql.join(values)})`;
}

/** Root rows linked (through a multiple relation) to any of `targetIds`. */
function sqlInRelations(collection: string, field: string, targetIds: readonly string[]): Cond {
  if (targetIds.length === 0) return FALSE;
  return sql<SqlBool>`${col(ROOT, 'id')} IN (SELECT "recordId" FROM "record_relations" WHERE "collection" = ${collection} AND "field" = ${field} AND "targetId" IN (${sql.join(targetIds)}))`;
}
