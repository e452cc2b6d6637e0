// Writing records: create, update and delete, each with its references checked before and its
// audit row (and, for directory collections, its index events) in the same transaction.
import { appendAudit, type Changes, fromActor } from '../audit/audit.repo.js';
import { type Actor, creatorDefaults, mayAssignOwner, recordAccess } from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { Tx } from '../db/types.js';
import { isUniqueViolation } from '../db/dialect.js';
import {
  AppError,
  type FieldErrorCode,
  internalError,
  notFound,
  recordInvalid,
  refuse,
} from '../errors.js';
import type { AccessEvent, Directory } from '../directory/directory.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';
import type { CollectionDef } from '../catalogue/collections.js';
import type { CollectionHooks } from './hooks.js';
import type { ViewQuery } from './records.query.js';
import * as repo from './records.repo.js';
import { type Row } from './records.repo.js';
import { toApiRecord } from './records.view.js';
import { parseRecordBody } from './records.write.js';
import { type ReadScope, type RecordPresenter } from './records.expand.js';
import { type RecordReader, answerShape } from './records.read.js';
import { and } from './sql.js';
import { applyRelations, deleteCascade } from './records.links.js';
import { type ReferenceLookups, checkReferences } from './records.references.js';

export class RecordWriter {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
    private readonly hooks: ReadonlyMap<string, CollectionHooks>,
    private readonly reader: RecordReader,
    private readonly presenter: RecordPresenter,
    private readonly collection: (nameOrId: string) => CollectionDef,
  ) {}

  async create(
    actor: Actor,
    collection: CollectionDef,
    body: Record<string, unknown>,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    const read = await this.readScope(actor);
    const shape = answerShape(query);
    const p = actor.principal;
    const decision = recordAccess(p, read.snapshot, collection, 'create');
    if (!decision.ok) throw refuse(decision);
    const defaults = creatorDefaults(p, collection);
    const input = defaults.owner
      ? withDefault(body, defaults.owner.field, defaults.owner.userId)
      : body;
    const write = parseRecordBody(collection, input, 'create');
    const owns = mayAssignOwner(p, collection, write.scalars, 'create');
    if (!owns.ok)
      throw fieldFailure(
        'create',
        owns.field ?? '',
        owns.code ?? 'validation_invalid_value',
        owns.message,
      );
    if (defaults.member) {
      const { field, userId } = defaults.member;
      const change = write.relations.get(field) ?? {};
      const listed = [...(change.set ?? []), ...(change.append ?? []), ...(change.prepend ?? [])];
      if (!listed.includes(userId))
        write.relations.set(field, { ...change, append: [...(change.append ?? []), userId] });
    }
    await checkReferences(this.lookups(), read, collection, write, 'create');
    const hooks = this.hooks.get(collection.name);
    const hook = { actor, snapshot: read.snapshot, id: null, before: null };
    await hooks?.validate?.({ ...hook, write, body: input });
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
        await applyRelations(tx, collection, id, write);
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
    return this.presentWritten(actor, collection, written, shape);
  }

  async update(
    actor: Actor,
    collection: CollectionDef,
    id: string,
    body: Record<string, unknown>,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    const read = await this.readScope(actor);
    const shape = answerShape(query);
    await this.reader.findVisible(read, collection, id);
    await this.reader.requireInScope(read, collection, id, 'edit');
    const write = parseRecordBody(collection, body, 'update');
    const owns = mayAssignOwner(actor.principal, collection, write.scalars, 'edit');
    if (!owns.ok)
      throw fieldFailure(
        'update',
        owns.field ?? '',
        owns.code ?? 'validation_invalid_value',
        owns.message,
      );
    await checkReferences(this.lookups(), read, collection, write, 'update');
    const hooks = this.hooks.get(collection.name);
    const current = await this.snapshotOf(this.db, collection, id);
    await hooks?.validate?.({
      actor,
      snapshot: read.snapshot,
      id,
      before: current,
      write,
      body,
    });
    const written = await this.inTransaction(actor, hooks, async (tx, events) => {
      // Locked first: a delete that got there before leaves nothing to change (404, and no link
      // written for a record that is gone); one that comes after waits for this change.
      if (!(await repo.lockRowsById(tx, collection, [id])).has(id)) throw notFound();
      const before = await this.snapshotOf(tx, collection, id);
      await repo.updateRow(tx, collection.name, id, { ...write.scalars, updated: nowTimestamp() });
      await applyRelations(tx, collection, id, write);
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
    return this.presentWritten(actor, collection, written, shape);
  }

  /** Deletes a record; returns what its hooks detached (null when nothing). */
  async delete(
    actor: Actor,
    collection: CollectionDef,
    id: string,
    options: { confirm?: boolean } = {},
  ): Promise<Record<string, unknown> | null> {
    const read = await this.readScope(actor);
    await this.reader.findVisible(read, collection, id);
    await this.reader.requireInScope(read, collection, id, 'delete');
    const hooks = this.hooks.get(collection.name);
    return this.inTransaction(actor, hooks, async (tx, events) => {
      // A second delete of the same record waits here, then finds it gone: 404, not a second entry.
      if (!(await repo.lockRowsById(tx, collection, [id])).has(id)) throw notFound();
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
      const cascaded = await deleteCascade(tx, collection, [id]);
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

  private lookups(): ReferenceLookups {
    return { db: this.db, reader: this.reader, collection: this.collection };
  }

  private async readScope(actor: Actor): Promise<ReadScope> {
    return { principal: actor.principal, snapshot: await this.directory.snapshot() };
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
  private async writtenRow(tx: Tx, collection: CollectionDef, id: string): Promise<Row> {
    const row = await repo.findRow(tx, collection, id, and([]));
    if (!row) throw internalError(`record ${collection.name}/${id} vanished`);
    return row;
  }

  /**
   * A write's answer describes what it committed, even when the change took the record out of the
   * caller's view (a group they left, a share they removed): it is not read again through the
   * caller's scope. Expands still are.
   */
  private async presentWritten(
    actor: Actor,
    collection: CollectionDef,
    row: Row,
    shape: ReturnType<typeof answerShape>,
  ): Promise<Record<string, unknown>> {
    return this.reader.answer(await this.readScope(actor), collection, row, shape);
  }

  /** A record's stored values (with relation id lists), for audit diffs. */
  private async snapshotOf(
    tx: Db,
    collection: CollectionDef,
    id: string,
  ): Promise<Record<string, unknown>> {
    const row = await repo.findRow(tx, collection, id, and([]));
    if (!row) return {};
    const relations = await this.presenter.relationsOf(tx, collection, [id]);
    return toApiRecord(collection, row, relations, { type: 'system' });
  }
}

/** `body` with `field` set to `value` when the request left it out or empty. */
function withDefault(
  body: Record<string, unknown>,
  field: string,
  value: string,
): Record<string, unknown> {
  return body[field] === undefined || body[field] === '' || body[field] === null
    ? { ...body, [field]: value }
    : body;
}

function fieldFailure(
  mode: 'create' | 'update',
  field: string,
  code: FieldErrorCode,
  message: string,
): AppError {
  return recordInvalid(mode, {
    [field]: { code, message },
  });
}
