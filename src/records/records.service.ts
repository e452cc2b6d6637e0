// The records engine: list/view/create/update/delete on every catalogue collection, PocketBase-style.
// Access comes from access/records.ts (scope rules); this file turns them into queries.
import { appendAudit, type Changes, fromActor } from '../audit/audit.repo.js';
import {
  type AccessSnapshot,
  type Actor,
  isOperator,
  type Principal,
  recordAccess,
  type RecordAction,
  type ScopeRule,
  viewRule,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { Tx } from '../db/types.js';
import { type DialectName, isUniqueViolation } from '../db/dialect.js';
import { AppError, type FieldErrorCode, type FieldErrors, notFound, refuse } from '../errors.js';
import type { AccessEvent, Directory } from '../directory/directory.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';
import {
  COLLECTIONS,
  type CollectionDef,
  backRelation,
  fieldOf,
  findCollection,
} from '../catalogue/collections.js';
import { type FilterContext, type RequestInfo, compileFilter } from './filter/compile.js';
import { authInfo, checkSuperuserOnlyFields } from './filter/request.js';
import { parseFilter } from './filter/parse.js';
import { type ExpandTree, expandTree } from './expand-paths.js';
import { type PickFields, parseFields, pick } from './fields-picker.js';
import { type ListQuery, type ViewQuery, orderBy } from './records.query.js';
import * as repo from './records.repo.js';
import { ROOT, type Row } from './records.repo.js';
import { type ApiRecord, toApiRecord } from './records.view.js';
import { type RecordWrite, parseRecordBody, referencedIds } from './records.write.js';
import type { CollectionHooks } from './hooks.js';
import { scopeSql } from './scope-sql.js';
import { type SqlBool, sql } from 'kysely';
import { Aliases, type Cond, FALSE, and, col } from './sql.js';

export interface ListResult {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: Record<string, unknown>[];
}

/** Back-relation records expanded per record, as PocketBase's arbitrary `Limit(1000)`. */
const MAX_BACK_RELATIONS = 1000;

/** What a read needs: who asks, the snapshot decisions are made from, and the query's aliases. */
interface ReadScope {
  principal: Principal;
  snapshot: AccessSnapshot;
}

export class RecordsService {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly directory: Directory,
  ) {}

  private readonly hooks = new Map<string, CollectionHooks>();

  /** Extends the engine for one collection (see hooks.ts). */
  useHooks(collection: string, hooks: CollectionHooks): void {
    this.hooks.set(collection, hooks);
  }

  collection(nameOrId: string): CollectionDef {
    const collection = findCollection(nameOrId);
    if (!collection) throw new AppError(404, 'not_found', 'Missing collection context.');
    return collection;
  }

  async list(
    principal: Principal,
    collectionName: string,
    query: ListQuery,
    request?: RequestInfo,
  ): Promise<ListResult> {
    const collection = this.collection(collectionName);
    const read: ReadScope = { principal, snapshot: await this.directory.snapshot() };
    const decision = recordAccess(principal, read.snapshot, collection, 'view');
    if (!decision.ok) throw refuse(decision);
    checkSuperuserOnlyFields(principal, query);
    const { expand, fields } = answerShape(query);
    const aliases = new Aliases();
    const filter = this.filterContext(read, aliases, request);
    const where = this.where(read, collection, decision.rule, query.filter, filter);
    const order = orderBy(collection, query.sort, filter);
    // page and perPage arrive clamped (records.query.ts); a page so far that its offset is past
    // any row count (and past exact arithmetic) has no rows to read.
    const offset = (query.page - 1) * query.perPage;
    const rows = Number.isSafeInteger(offset)
      ? await repo.listRows(this.db, collection, {
          where,
          orderBy: order,
          limit: query.perPage,
          offset,
        })
      : [];
    const totalItems = query.skipTotal ? -1 : await repo.countRows(this.db, collection, where);
    const records = await this.present(read, collection, rows, expandTree(collection, expand));
    return {
      page: query.page,
      perPage: query.perPage,
      totalItems,
      totalPages: query.skipTotal ? -1 : Math.ceil(totalItems / query.perPage),
      // `fields` picks inside each item; the paging keys stay (the picker's search.Result case).
      items: records.map((r) => pick(r, fields) as Record<string, unknown>),
    };
  }

  async view(
    principal: Principal,
    collectionName: string,
    id: string,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    const collection = this.collection(collectionName);
    const read: ReadScope = { principal, snapshot: await this.directory.snapshot() };
    const { expand, fields } = answerShape(query);
    const row = await this.findVisible(read, collection, id);
    const [record] = await this.present(read, collection, [row], expandTree(collection, expand));
    if (!record) throw notFound();
    return pick(record, fields) as Record<string, unknown>;
  }

  /**
   * A row its caller has already read, as `principal` may see it (`view` without reading it
   * again), with `expand` (the raw parameter) read as `principal`: the sign-in answer renders the
   * account it just authenticated, expanded as that account (PocketBase's recordAuthResponse).
   */
  async presentRow(
    principal: Principal,
    collectionName: string,
    row: Row,
    expand = '',
  ): Promise<Record<string, unknown>> {
    const collection = this.collection(collectionName);
    const read: ReadScope = { principal, snapshot: await this.directory.snapshot() };
    const [record] = await this.present(read, collection, [row], expandTree(collection, expand));
    if (!record) throw notFound();
    return record;
  }

  async create(
    actor: Actor,
    collectionName: string,
    body: unknown,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    const { collection, read } = await this.writing(actor, collectionName);
    const shape = answerShape(query);
    const decision = recordAccess(actor.principal, read.snapshot, collection, 'create');
    if (!decision.ok) throw refuse(decision);
    const p = actor.principal;
    // The creator of an owner-mode record is its owner; of a member-mode record, a member.
    const owner = collection.access.mode === 'owner' ? collection.access.owner : null;
    const input = owner && p.type === 'user' ? withDefault(body, owner, p.id) : body;
    const write = parseRecordBody(collection, input, 'create');
    if (owner && p.type === 'user' && write.scalars[owner] !== p.id) {
      throw fieldFailure('create', owner, 'validation_not_owner', 'Must be your own user id.');
    }
    if (collection.access.mode === 'members' && p.type === 'user') {
      const field = collection.access.users;
      const change = write.relations.get(field) ?? {};
      const listed = [...(change.set ?? []), ...(change.append ?? []), ...(change.prepend ?? [])];
      if (!listed.includes(p.id))
        write.relations.set(field, { ...change, append: [...(change.append ?? []), p.id] });
    }
    await this.checkReferences(read, collection, write, 'create');
    const hooks = this.hooks.get(collection.name);
    const hook = { actor, snapshot: read.snapshot, id: null, before: null };
    await hooks?.validate?.({ ...hook, write, body: input as Record<string, unknown> });
    const id = write.id ?? newId();
    const now = nowTimestamp();
    let written: Row;
    try {
      written = await this.inTransaction(actor, hooks, async (tx, events) => {
        await repo.insertRow(tx, collection.name, {
          id,
          ...write.scalars,
          created: now,
          updated: now,
        });
        await this.applyRelations(tx, collection, id, write);
        const after = await this.snapshotOf(tx, collection, id);
        await hooks?.afterWrite?.(tx, { ...hook, id, after, events });
        await appendAudit(tx, {
          ...fromActor(actor),
          action: 'record.create',
          target: { type: collection.name, id },
          result: 'success',
          changes: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, [null, v]])),
        });
        return this.writtenRow(tx, collection, id);
      });
    } catch (error) {
      if (write.id && isUniqueViolation(error))
        throw fieldFailure('create', 'id', 'validation_not_unique', 'Value must be unique.');
      throw error;
    }
    return this.presentWritten(p, collection, written, shape);
  }

  async update(
    actor: Actor,
    collectionName: string,
    id: string,
    body: unknown,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    const { collection, read } = await this.writing(actor, collectionName);
    const shape = answerShape(query);
    await this.findVisible(read, collection, id);
    await this.requireInScope(read, collection, id, 'edit');
    const write = parseRecordBody(collection, body, 'update');
    const p = actor.principal;
    if (collection.access.mode === 'owner' && p.type === 'user') {
      const owner = collection.access.owner;
      if (owner in write.scalars && write.scalars[owner] !== p.id) {
        throw fieldFailure('update', owner, 'validation_not_owner', 'Must be your own user id.');
      }
    }
    await this.checkReferences(read, collection, write, 'update');
    const hooks = this.hooks.get(collection.name);
    const current = await this.snapshotOf(this.db, collection, id);
    await hooks?.validate?.({
      actor,
      snapshot: read.snapshot,
      id,
      before: current,
      write,
      body: body as Record<string, unknown>,
    });
    const written = await this.inTransaction(actor, hooks, async (tx, events) => {
      const before = await this.snapshotOf(tx, collection, id);
      await repo.updateRow(tx, collection.name, id, { ...write.scalars, updated: nowTimestamp() });
      await this.applyRelations(tx, collection, id, write);
      const after = await this.snapshotOf(tx, collection, id);
      await hooks?.afterWrite?.(tx, { actor, snapshot: read.snapshot, id, before, after, events });
      const changes: Changes = {};
      for (const [key, value] of Object.entries(after)) {
        if (key !== 'updated' && JSON.stringify(before[key]) !== JSON.stringify(value))
          changes[key] = [before[key], value];
      }
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'record.update',
        target: { type: collection.name, id },
        result: 'success',
        changes,
      });
      return this.writtenRow(tx, collection, id);
    });
    return this.presentWritten(p, collection, written, shape);
  }

  /** Deletes a record; returns what its hooks detached (null when nothing). */
  async delete(
    actor: Actor,
    collectionName: string,
    id: string,
    options: { confirm?: boolean } = {},
  ): Promise<Record<string, unknown> | null> {
    const { collection, read } = await this.writing(actor, collectionName);
    await this.findVisible(read, collection, id);
    await this.requireInScope(read, collection, id, 'delete');
    const hooks = this.hooks.get(collection.name);
    return this.inTransaction(actor, hooks, async (tx, events) => {
      const before = await this.snapshotOf(tx, collection, id);
      const report =
        (await hooks?.beforeDelete?.(tx, {
          actor,
          snapshot: read.snapshot,
          id,
          before,
          confirm: options.confirm ?? false,
          events,
        })) ?? null;
      const cascaded = await this.deleteCascade(tx, collection, [id]);
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'record.delete',
        target: { type: collection.name, id },
        result: 'success',
        changes: Object.fromEntries(Object.entries(before).map(([k, v]) => [k, [v, null]])),
        data:
          cascaded.length > 0 || report
            ? { ...(cascaded.length > 0 ? { cascaded } : {}), ...report }
            : null,
      });
      return report;
    });
  }

  /**
   * A write's transaction: the directory's (guarded, indexed) for collections that extend it
   * (groups, roles), a plain one for resource records, which the directory does not hold.
   */
  private inTransaction<T>(
    actor: Actor,
    hooks: CollectionHooks | undefined,
    body: (tx: Tx, events: AccessEvent[]) => Promise<T>,
  ): Promise<T> {
    if (hooks) return this.directory.transaction(actor.principal, body);
    return this.db.transaction().execute((tx) => body(tx, []));
  }

  /** The row as the write stored it, read inside its transaction. */
  private async writtenRow(tx: Db, collection: CollectionDef, id: string): Promise<Row> {
    const row = await repo.findRow(tx, collection, id, and([]));
    if (!row) throw new AppError(500, 'internal', `record ${collection.name}/${id} vanished`);
    return row;
  }

  /**
   * A write's answer describes what it committed, even when the change took the record out of the
   * caller's view (a group they left, a share they removed): it is not read again through the
   * caller's scope. Expands still are.
   */
  private async presentWritten(
    principal: Principal,
    collection: CollectionDef,
    row: Row,
    { expand, fields }: AnswerShape,
  ): Promise<Record<string, unknown>> {
    const read: ReadScope = { principal, snapshot: await this.directory.snapshot() };
    const [record] = await this.present(read, collection, [row], expandTree(collection, expand));
    if (!record) throw notFound();
    return pick(record, fields) as Record<string, unknown>;
  }

  /**
   * Whether `principal` may do `action` on record `id` (the decision API and explain): the grant,
   * and the record inside the action's scope. Missing records are simply not allowed.
   */
  async decide(
    principal: Principal,
    snapshot: AccessSnapshot,
    collection: CollectionDef,
    action: RecordAction,
    id: string | null,
  ): Promise<boolean> {
    const decision = recordAccess(
      principal,
      snapshot,
      collection,
      action === 'create' ? 'create' : action,
    );
    // A rule that admits nothing (a guest's) grants nothing, even with no record named.
    if (!decision.ok || decision.rule.kind === 'none') return false;
    if (id === null) return true;
    const scope = scopeSql(decision.rule, collection.name, ROOT, new Aliases());
    return (await repo.findRow(this.db, collection, id, and([scope]))) !== undefined;
  }

  /** How a filter or sort of this read follows relations and reads @request.* (one alias space). */
  private filterContext(read: ReadScope, aliases: Aliases, request?: RequestInfo): FilterContext {
    return {
      dialect: this.dialect,
      aliases,
      viewRule: (c) => viewRule(read.principal, read.snapshot, c),
      auth: authInfo(read.principal),
      ...(request ? { request } : {}),
      allowHidden: isOperator(read.principal),
    };
  }

  /** The filter condition for a read: scope rule AND the compiled `filter`. */
  private where(
    read: ReadScope,
    collection: CollectionDef,
    rule: ScopeRule,
    filter: string,
    ctx: FilterContext,
  ): Cond {
    const scope = scopeSql(rule, collection.name, ROOT, ctx.aliases);
    const ast = parseFilter(filter);
    if (!ast) return and([scope]);
    return and([scope, compileFilter(ast, collection, ROOT, ctx)]);
  }

  /** The row if the caller may view it; otherwise 404 (out of scope reads as absent) or 401/403. */
  private async findVisible(read: ReadScope, collection: CollectionDef, id: string): Promise<Row> {
    const decision = recordAccess(read.principal, read.snapshot, collection, 'view');
    if (!decision.ok) throw refuse(decision);
    const scope = scopeSql(decision.rule, collection.name, ROOT, new Aliases());
    const row = await repo.findRow(this.db, collection, id, and([scope]));
    if (!row) throw notFound();
    return row;
  }

  /** 403 unless the caller's grant for `action` covers this (visible) record. */
  private async requireInScope(
    read: ReadScope,
    collection: CollectionDef,
    id: string,
    action: RecordAction,
  ): Promise<void> {
    const decision = recordAccess(read.principal, read.snapshot, collection, action);
    if (!decision.ok) throw refuse(decision);
    const scope = scopeSql(decision.rule, collection.name, ROOT, new Aliases());
    if (scope && !(await repo.findRow(this.db, collection, id, scope))) {
      throw new AppError(403, 'forbidden', `You may view this record but not ${action} it.`);
    }
  }

  /** Relation targets must exist; parents of scoped records must also be visible to the caller. */
  private async checkReferences(
    read: ReadScope,
    collection: CollectionDef,
    write: RecordWrite,
    mode: 'create' | 'update',
  ) {
    const errors: FieldErrors = {};
    const parentField =
      collection.access.mode === 'owner'
        ? collection.access.parent
        : collection.access.mode === 'parent'
          ? collection.access.parent
          : undefined;
    for (const [target, uses] of referencedIds(collection, write)) {
      const targetCollection = this.collection(target);
      for (const use of uses) {
        const mustSee = use.field === parentField && !isOperator(read.principal);
        const found = mustSee
          ? await this.visibleIds(read, targetCollection, use.ids)
          : await repo.existingIds(this.db, target, use.ids);
        if (use.ids.some((i) => !found.has(i))) {
          errors[use.field] = {
            code: 'validation_missing_rel_records',
            message: 'Failed to find all relation records with the provided ids.',
          };
        }
      }
    }
    if (Object.keys(errors).length > 0) {
      throw new AppError(
        400,
        'validation_failed',
        mode === 'create' ? 'Failed to create record.' : 'Failed to update record.',
        errors,
      );
    }
  }

  private async visibleIds(
    read: ReadScope,
    collection: CollectionDef,
    ids: string[],
  ): Promise<Set<string>> {
    const rule = viewRule(read.principal, read.snapshot, collection);
    const rows = await repo.listRows(this.db, collection, {
      where: and([scopeSql(rule, collection.name, ROOT, new Aliases()), inIds(ids)]),
      orderBy: orderBy(collection, ''),
      limit: ids.length,
      offset: 0,
    });
    return new Set(rows.map((r) => r.id));
  }

  private async applyRelations(
    tx: Db,
    collection: CollectionDef,
    id: string,
    write: RecordWrite,
  ): Promise<void> {
    for (const [field, change] of write.relations) {
      const link = { collection: collection.name, field, recordId: id };
      if (change.set) {
        await repo.removeRelations(tx, link);
        await repo.addRelations(tx, link, change.set, 'append');
      }
      if (change.prepend) await repo.addRelations(tx, link, change.prepend, 'prepend');
      if (change.append) await repo.addRelations(tx, link, change.append, 'append');
      if (change.remove) await repo.removeRelations(tx, link, change.remove);
    }
  }

  /** A record's stored values (with relation id lists), for audit diffs. */
  private async snapshotOf(
    tx: Db,
    collection: CollectionDef,
    id: string,
  ): Promise<Record<string, unknown>> {
    const row = await repo.findRow(tx, collection, id, and([]));
    if (!row) return {};
    const relations = await this.relationsOf(tx, collection, [id]);
    return toApiRecord(collection, row, relations, { type: 'system' });
  }

  /** Every multi-relation field's ids for `ids`, in one query. */
  private relationsOf(db: Db, collection: CollectionDef, ids: string[]) {
    const fields = collection.fields
      .filter((f) => f.type === 'relation' && f.multiple)
      .map((f) => f.name);
    return repo.loadAllRelations(db, collection.name, fields, ids);
  }

  /** Deletes records and, recursively, the records whose cascading relations point at them. */
  private async deleteCascade(tx: Db, collection: CollectionDef, ids: string[]): Promise<string[]> {
    const cascaded: string[] = [];
    for (const other of COLLECTIONS) {
      for (const field of other.fields) {
        if (field.type !== 'relation' || field.collection !== collection.name) continue;
        if (field.multiple) {
          for (const id of ids) await repo.removeLinksTo(tx, other.name, field.name, id);
        } else if (field.cascadeDelete) {
          const dependents = await repo.idsReferencing(tx, other.name, field.name, ids);
          if (dependents.length > 0) {
            cascaded.push(...dependents.map((d) => `${other.name}/${d}`));
            cascaded.push(...(await this.deleteCascade(tx, other, dependents)));
          }
        } else {
          // A relation that does not cascade is cleared (as PocketBase does).
          await repo.clearReferences(tx, other.name, field.name, ids);
        }
      }
    }
    for (const id of ids) {
      await repo.removeAllRelationsOf(tx, collection.name, id);
      await repo.deleteRow(tx, collection.name, id);
    }
    return cascaded;
  }

  /**
   * API records for rows, with multi-relation ids and the requested expands (in view scope). As
   * PocketBase, every record of a level a valid expand path reaches carries `expand`, `{}` when
   * nothing was found.
   */
  private async present(
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
    const records = rows.map((row) => toApiRecord(collection, row, relations, read.principal));
    this.hooks.get(collection.name)?.present?.(records, read.snapshot);
    const paths = Object.entries(expand);
    if (paths.length > 0) for (const record of records) record.expand ??= {};
    for (const [name, sub] of paths) {
      await this.expandOne(read, collection, records, name, sub);
    }
    return records;
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

  /** The collection and read scope of a write; auth collections are written by the accounts services. */
  private async writing(
    actor: Actor,
    collectionName: string,
  ): Promise<{ collection: CollectionDef; read: ReadScope }> {
    const collection = this.collection(collectionName);
    if (collection.type === 'auth') {
      throw new AppError(
        500,
        'internal',
        `auth collection ${collection.name} is written by the accounts services`,
      );
    }
    return {
      collection,
      read: { principal: actor.principal, snapshot: await this.directory.snapshot() },
    };
  }
}

/**
 * What a record answer includes: the expand parameter (read per collection by expandTree, which
 * never refuses) and the fields picked, parsed before any write so a bad `fields` is a 400 before
 * anything is committed.
 */
interface AnswerShape {
  expand: string;
  fields: PickFields | null;
}

function answerShape(query: ViewQuery): AnswerShape {
  return { expand: query.expand, fields: parseFields(query.fields) };
}

/** `body` with `field` set to `value` when the request left it out or empty. */
function withDefault(body: unknown, field: string, value: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const input = body as Record<string, unknown>;
  return input[field] === undefined || input[field] === '' || input[field] === null
    ? { ...input, [field]: value }
    : body;
}

function fieldFailure(
  mode: 'create' | 'update',
  field: string,
  code: FieldErrorCode,
  message: string,
): AppError {
  return new AppError(
    400,
    'validation_failed',
    mode === 'create' ? 'Failed to create record.' : 'Failed to update record.',
    {
      [field]: { code, message },
    },
  );
}

const inIds = (ids: readonly string[]): Cond => inColumn('id', ids);

function inColumn(column: string, values: readonly string[]): Cond {
  if (values.length === 0) return FALSE;
  return sql<SqlBool>`${col(ROOT, column)} IN (${sql.join(values)})`;
}

/** Root rows linked (through a multiple relation) to any of `targetIds`. */
function sqlInRelations(collection: string, field: string, targetIds: readonly string[]): Cond {
  if (targetIds.length === 0) return FALSE;
  return sql<SqlBool>`${col(ROOT, 'id')} IN (SELECT "recordId" FROM "record_relations" WHERE "collection" = ${collection} AND "field" = ${field} AND "targetId" IN (${sql.join(targetIds)}))`;
}
