// Reading records: list (scope rule AND filter, sorted, paged) and view, and the checks every
// write reads through first (the record visible, the action in scope).
import {
  type AccessSnapshot,
  mayFilterHiddenFields,
  readsDirectory,
  type Principal,
  recordAccess,
  type RecordAction,
  type ScopeRule,
  viewRule,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { SqlDialect } from '../db/dialect.js';
import { notFound, refuse, forbidden } from '../errors.js';
import type { CollectionDef } from '../catalogue/collections.js';
import { type FilterContext, type RequestInfo, compileFilter } from './filter/compile.js';
import { authInfo, checkSuperuserOnlyFields } from './filter/request.js';
import { parseFilter } from './filter/parse.js';
import { inGroupSql, memberOfSql } from './in-group.js';
import { expandTree } from './expand-paths.js';
import { type PickFields, parseFields, pick } from './fields-picker.js';
import { type ListQuery, type ViewQuery, orderBy } from './records.query.js';
import * as repo from './records.repo.js';
import { ROOT, type Row } from './records.repo.js';
import { type ReadScope, type RecordPresenter, inIds } from './records.expand.js';
import { scopeSql } from './scope-sql.js';
import { Aliases, type Cond, and } from './sql.js';

export interface ListResult {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: Record<string, unknown>[];
}

/**
 * What a record answer includes: the expand parameter (read per collection by expandTree, which
 * never refuses) and the fields picked, parsed before any write so a bad `fields` is a 400 before
 * anything is committed.
 */
export interface AnswerShape {
  expand: string;
  fields: PickFields | null;
}

export function answerShape(query: ViewQuery): AnswerShape {
  return { expand: query.expand, fields: parseFields(query.fields) };
}

export class RecordReader {
  constructor(
    private readonly db: Db,
    private readonly dialect: SqlDialect,
    private readonly presenter: RecordPresenter,
  ) {}

  async list(
    read: ReadScope,
    collection: CollectionDef,
    query: ListQuery,
    request?: RequestInfo,
  ): Promise<ListResult> {
    const { principal } = read;
    const decision = recordAccess(principal, read.snapshot, collection, 'view');
    if (!decision.ok) throw refuse(decision);
    checkSuperuserOnlyFields(principal, query);
    const { expand, fields } = answerShape(query);
    const aliases = new Aliases();
    const filter = this.filterContext(read, aliases, request);
    const where = and([
      this.where(collection, decision.rule, query.filter, filter),
      query.inGroup ? inGroupSql(collection, ROOT, query.inGroup) : null,
      query.memberOf ? memberOfSql(collection, ROOT, query.memberOf) : null,
    ]);
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
    const records = await this.presenter.present(
      { ...read, listing: true },
      collection,
      rows,
      expandTree(collection, expand),
    );
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
    read: ReadScope,
    collection: CollectionDef,
    id: string,
    query: ViewQuery,
  ): Promise<Record<string, unknown>> {
    const { expand, fields } = answerShape(query);
    const row = await this.findVisible(read, collection, id);
    return this.answer(read, collection, row, { expand, fields });
  }

  /** A row as `read.principal` may see it, expanded and picked as `shape` asks; 404 if hidden. */
  async answer(
    read: ReadScope,
    collection: CollectionDef,
    row: Row,
    { expand, fields }: AnswerShape,
  ): Promise<Record<string, unknown>> {
    const [record] = await this.presenter.present(
      read,
      collection,
      [row],
      expandTree(collection, expand),
    );
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

  /** The row if the caller may view it; otherwise 404 (out of scope reads as absent) or 401/403. */
  async findVisible(read: ReadScope, collection: CollectionDef, id: string): Promise<Row> {
    const decision = recordAccess(read.principal, read.snapshot, collection, 'view');
    if (!decision.ok) throw refuse(decision);
    const scope = scopeSql(decision.rule, collection.name, ROOT, new Aliases());
    const row = await repo.findRow(this.db, collection, id, and([scope]));
    if (!row) throw notFound();
    return row;
  }

  /** 403 unless the caller's grant for `action` covers this (visible) record. */
  async requireInScope(
    read: ReadScope,
    collection: CollectionDef,
    id: string,
    action: RecordAction,
  ): Promise<void> {
    const decision = recordAccess(read.principal, read.snapshot, collection, action);
    if (!decision.ok) throw refuse(decision);
    const scope = scopeSql(decision.rule, collection.name, ROOT, new Aliases());
    if (scope && !(await repo.findRow(this.db, collection, id, scope))) {
      throw forbidden(`You may view this record but not ${action} it.`);
    }
  }

  /** Which of `ids` the caller may view. */
  async visibleIds(
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

  /** How a filter or sort of this read follows relations and reads @request.* (one alias space). */
  private filterContext(read: ReadScope, aliases: Aliases, request?: RequestInfo): FilterContext {
    return {
      dialect: this.dialect,
      aliases,
      viewRule: (c) => viewRule(read.principal, read.snapshot, c),
      auth: authInfo(read.principal),
      ...(request ? { request } : {}),
      allowHidden: mayFilterHiddenFields(read.principal),
      emailsVisible: readsDirectory(read.principal, read.snapshot),
    };
  }

  /** The filter condition for a read: scope rule AND the compiled `filter`. */
  private where(
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
}
