// The records engine: list/view/create/update/delete on every catalogue collection, PocketBase-style,
// over its phases: read (records.read.ts), expand (records.expand.ts), write (records.change.ts).
// Access comes from access/records.ts (scope rules); those files turn them into queries.
import {
  type AccessSnapshot,
  type Actor,
  type Principal,
  type RecordAction,
  mayDescribeCollection,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { SqlDialect } from '../db/dialect.js';
import { notFound, internalError, refuse } from '../errors.js';
import type { Directory } from '../directory/directory.js';
import { type CollectionDef, COLLECTIONS, findCollection } from '../catalogue/collections.js';
import type { RequestInfo } from './filter/compile.js';
import type { CollectionHooks } from './hooks.js';
import type { ListQuery, ViewQuery } from './records.query.js';
import type { Row } from './records.repo.js';
import { type ReadScope, RecordPresenter } from './records.expand.js';
import { type ListResult, RecordReader } from './records.read.js';
import { RecordWriter } from './records.change.js';

export type { ListResult } from './records.read.js';

export class RecordsService {
  private readonly hooks = new Map<string, CollectionHooks>();
  private readonly reader: RecordReader;
  private readonly writer: RecordWriter;

  constructor(
    db: Db,
    dialect: SqlDialect,
    private readonly directory: Directory,
  ) {
    const collection = (nameOrId: string) => this.collection(nameOrId);
    const presenter = new RecordPresenter(db, this.hooks, collection);
    this.reader = new RecordReader(db, dialect, presenter);
    this.writer = new RecordWriter(db, directory, this.hooks, this.reader, presenter, collection);
  }

  /** Extends the engine for one collection (see hooks.ts). */
  useHooks(collection: string, hooks: CollectionHooks): void {
    this.hooks.set(collection, hooks);
  }

  collection(nameOrId: string): CollectionDef {
    const collection = findCollection(nameOrId);
    if (!collection) throw notFound('Missing collection context.');
    return collection;
  }

  /** The collections whose description `principal` may read, in catalogue order. */
  async describable(principal: Principal): Promise<CollectionDef[]> {
    const snapshot = await this.directory.snapshot();
    return COLLECTIONS.filter((c) => mayDescribeCollection(principal, snapshot, c).ok);
  }

  /** One collection's description, or the refusal (404 for an unknown one). */
  async describe(principal: Principal, nameOrId: string): Promise<CollectionDef> {
    const collection = this.collection(nameOrId);
    const decision = mayDescribeCollection(principal, await this.directory.snapshot(), collection);
    if (!decision.ok) throw refuse(decision);
    return collection;
  }

  async list(
    principal: Principal,
    collectionName: string,
    query: ListQuery,
    request?: RequestInfo,
  ): Promise<ListResult> {
    const collection = this.collection(collectionName);
    return this.reader.list(await this.readScope(principal), collection, query, request);
  }

  async view(
    principal: Principal,
    collectionName: string,
    id: string,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    const collection = this.collection(collectionName);
    return this.reader.view(await this.readScope(principal), collection, id, query);
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
    const read = await this.readScope(principal);
    return this.reader.answer(read, collection, row, { expand, fields: null });
  }

  async create(
    actor: Actor,
    collectionName: string,
    body: Record<string, unknown>,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    return this.writer.create(actor, this.writable(collectionName), body, query);
  }

  async update(
    actor: Actor,
    collectionName: string,
    id: string,
    body: Record<string, unknown>,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    return this.writer.update(actor, this.writable(collectionName), id, body, query);
  }

  /** Deletes a record; returns what its hooks detached (null when nothing). */
  async delete(
    actor: Actor,
    collectionName: string,
    id: string,
    options: { confirm?: boolean } = {},
  ): Promise<Record<string, unknown> | null> {
    return this.writer.delete(actor, this.writable(collectionName), id, options);
  }

  /**
   * Whether `principal` may do `action` on record `id` (the decision API and explain): the grant,
   * and the record inside the action's scope. Missing records are simply not allowed.
   */
  decide(
    principal: Principal,
    snapshot: AccessSnapshot,
    collection: CollectionDef,
    action: RecordAction,
    id: string | null,
  ): Promise<boolean> {
    return this.reader.decide(principal, snapshot, collection, action, id);
  }

  private async readScope(principal: Principal): Promise<ReadScope> {
    return { principal, snapshot: await this.directory.snapshot() };
  }

  /** The collection of a write; auth collections are written by the accounts services. */
  private writable(collectionName: string): CollectionDef {
    const collection = this.collection(collectionName);
    if (collection.type === 'auth') {
      throw internalError(`auth collection ${collection.name} is written by the accounts services`);
    }
    return collection;
  }
}
