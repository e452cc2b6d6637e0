// Compiles a filter AST (parse.ts) to a parameterised SQL condition for either database.
// Relation paths become subqueries that respect the related collection's view scope.
import { type SqlBool, sql } from 'kysely';
import type { ScopeRule } from '../../access/records.js';
import { type DialectName, likeSql } from '../../db/dialect.js';
import { AppError } from '../../errors.js';
import { nowTimestamp, toTimestamp } from '../../lib/time.js';
import {
  type CollectionDef,
  type FieldDef,
  backRelation,
  fieldOf,
  findCollection,
} from '../collections.js';
import { scopeSql } from '../scope-sql.js';
import { type Aliases, type Cond, type SqlValue, and, col, or, table } from '../sql.js';
import type { CompareOp, Expr, Operand } from './ast.js';

export interface FilterContext {
  dialect: DialectName;
  aliases: Aliases;
  /** The view rule of a collection for the caller (relation paths stay inside it). */
  viewRule: (collection: CollectionDef) => ScopeRule;
  /** `@request.auth.*` values; null for guests. */
  auth: Record<string, unknown> | null;
}

interface Scalar {
  kind: 'scalar';
  sql: SqlValue;
  /** The field behind a column reference, which decides how literals are coerced. */
  field: FieldDef | null;
  /** A literal or macro value (not a column). */
  value?: string | number | boolean | null;
}
interface Multi {
  kind: 'multi';
  /** EXISTS over the related rows, with `pred` applied to the resolved value of each. */
  exists: (pred: (inner: Scalar) => Cond) => Cond;
}
type Resolved = Scalar | Multi;

const MAX_DEPTH = 6;

export function filterError(message: string, pos: number): AppError {
  const text = `Invalid filter at position ${pos}: ${message}`;
  return new AppError(400, 'invalid_filter', text, {
    filter: { code: 'validation_invalid_filter', message: text },
  });
}

export function compileFilter(
  expr: Expr,
  collection: CollectionDef,
  alias: string,
  ctx: FilterContext,
): Cond {
  switch (expr.kind) {
    case 'and':
      return and([
        compileFilter(expr.left, collection, alias, ctx),
        compileFilter(expr.right, collection, alias, ctx),
      ]);
    case 'or':
      return or([
        compileFilter(expr.left, collection, alias, ctx),
        compileFilter(expr.right, collection, alias, ctx),
      ]);
    case 'compare': {
      const left = operand(expr.left, collection, alias, ctx);
      const right = operand(expr.right, collection, alias, ctx);
      return compare(left, expr.op, expr.any, right, ctx, expr.pos);
    }
  }
}

function compare(
  left: Resolved,
  op: CompareOp,
  any: boolean,
  right: Resolved,
  ctx: FilterContext,
  pos: number,
): Cond {
  if (left.kind === 'multi') {
    const match = (inner: Scalar) => compare(inner, op, any, right, ctx, pos);
    if (any) return left.exists(match);
    // "All" semantics (PocketBase's default for multi-valued paths): at least one, and none failing.
    return and([
      left.exists(match),
      sql`NOT ${left.exists((inner) => sql`NOT COALESCE((${match(inner)}), FALSE)`)}`,
    ]);
  }
  if (right.kind === 'multi') {
    return right.exists((inner) => compare(left, op, any, inner, ctx, pos));
  }
  return compareScalars(left, op, right, ctx, pos);
}

function compareScalars(
  left: Scalar,
  op: CompareOp,
  right: Scalar,
  ctx: FilterContext,
  pos: number,
): Cond {
  const field = left.field ?? right.field;
  if (op === '~' || op === '!~') {
    const pattern = right.value !== undefined ? right : left.value !== undefined ? left : null;
    const subject = pattern === right ? left : right;
    if (!pattern || pattern.value === null) {
      return op === '~' ? sql`${subject.sql} IS NULL` : sql`${subject.sql} IS NOT NULL`;
    }
    const text = String(pattern.value);
    const like = text.includes('%') ? text : `%${text.replace(/[!_]/g, (c) => `!${c}`)}%`;
    return likeSql(ctx.dialect, subject.sql, like, op === '!~');
  }
  if (left.value === null || right.value === null) {
    const subject = left.value === null ? right : left;
    const empty = isNumeric(subject.field) ? sql`0` : sql`''`;
    if (op === '=') return sql`(${subject.sql} IS NULL OR ${subject.sql} = ${empty})`;
    if (op === '!=') return sql`(${subject.sql} IS NOT NULL AND ${subject.sql} <> ${empty})`;
    throw filterError(`null can only be compared with = or !=.`, pos);
  }
  const l = coerce(left, field, pos);
  const r = coerce(right, field, pos);
  const operator = sql.raw(op === '!=' ? '<>' : op);
  return sql`${l} ${operator} ${r}`;
}

function isNumeric(field: FieldDef | null): boolean {
  return field?.type === 'number' || field?.type === 'bool';
}

/** A literal as the compared field stores it (bool → 0/1, numeric text → number), else a 400. */
function coerce(side: Scalar, field: FieldDef | null, pos: number): SqlValue {
  if (side.value === undefined) {
    // Two columns of different storage types are compared as text, which both databases accept.
    if (field && side.field && isNumeric(field) !== isNumeric(side.field))
      return sql`CAST(${side.sql} AS TEXT)`;
    return side.sql;
  }
  const value = side.value;
  if (isNumeric(field)) {
    if (typeof value === 'boolean') return sql`${value ? 1 : 0}`;
    const n = typeof value === 'number' ? value : Number(value);
    if (value === '' || !Number.isFinite(n)) {
      throw filterError(`"${String(value)}" is not a number (field "${field?.name ?? ''}").`, pos);
    }
    return sql`${n}`;
  }
  if (typeof value === 'boolean') return sql`${value ? 1 : 0}`;
  return sql`${field ? String(value) : value}`;
}

function operand(
  node: Operand,
  collection: CollectionDef,
  alias: string,
  ctx: FilterContext,
): Resolved {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return { kind: 'scalar', sql: sql`${node.value}`, field: null, value: node.value };
    case 'null':
      return { kind: 'scalar', sql: sql`NULL`, field: null, value: null };
    case 'macro':
      return macro(node.name, node.path, ctx, node.pos);
    case 'field': {
      const resolved = resolvePath(collection, alias, node.path, ctx, node.pos, 0);
      if (node.modifier === null) return resolved;
      if (node.modifier === 'lower' && resolved.kind === 'scalar') {
        return { ...resolved, sql: sql`LOWER(${resolved.sql})` };
      }
      if (node.modifier === 'length' && resolved.kind === 'multi') {
        // Count of related values: a scalar subquery over the same EXISTS body.
        return lengthOf(collection, alias, node.path, ctx, node.pos);
      }
      throw filterError(
        `the :${node.modifier} modifier is not supported on "${node.path.join('.')}".`,
        node.pos,
      );
    }
  }
}

function macro(name: string, path: string[], ctx: FilterContext, pos: number): Scalar {
  const value = (v: string | number | boolean | null): Scalar => ({
    kind: 'scalar',
    sql: sql`${v}`,
    field: null,
    value: v,
  });
  const now = new Date();
  const day = (offset: number, end = false) => {
    const d = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset),
    );
    return toTimestamp(end ? new Date(d.getTime() + 86_399_999) : d);
  };
  switch (name) {
    case 'request.auth': {
      const key = path.join('.');
      const v = ctx.auth?.[key];
      if (ctx.auth && !Object.hasOwn(ctx.auth, key))
        throw filterError(`unknown field "@request.auth.${key}".`, pos);
      return value(
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : v === undefined
            ? ''
            : null,
      );
    }
    case 'now':
      return value(nowTimestamp());
    case 'second':
      return value(now.getUTCSeconds());
    case 'minute':
      return value(now.getUTCMinutes());
    case 'hour':
      return value(now.getUTCHours());
    case 'weekday':
      return value(now.getUTCDay());
    case 'day':
      return value(now.getUTCDate());
    case 'month':
      return value(now.getUTCMonth() + 1);
    case 'year':
      return value(now.getUTCFullYear());
    case 'yesterday':
      return value(toTimestamp(new Date(now.getTime() - 86_400_000)));
    case 'tomorrow':
      return value(toTimestamp(new Date(now.getTime() + 86_400_000)));
    case 'todayStart':
      return value(day(0));
    case 'todayEnd':
      return value(day(0, true));
    case 'monthStart':
      return value(toTimestamp(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))));
    case 'monthEnd':
      return value(
        toTimestamp(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - 1)),
      );
    case 'yearStart':
      return value(toTimestamp(new Date(Date.UTC(now.getUTCFullYear(), 0, 1))));
    case 'yearEnd':
      return value(toTimestamp(new Date(Date.UTC(now.getUTCFullYear() + 1, 0, 1) - 1)));
    default:
      throw filterError(`"@${name}" is not supported here.`, pos);
  }
}

/** Resolves a dotted path from `collection` (aliased `alias`) to a column, a subquery or an EXISTS. */
function resolvePath(
  collection: CollectionDef,
  alias: string,
  path: string[],
  ctx: FilterContext,
  pos: number,
  depth: number,
): Resolved {
  if (depth >= MAX_DEPTH)
    throw filterError(`"${path.join('.')}" goes deeper than ${MAX_DEPTH} relations.`, pos);
  const [head = '', ...rest] = path;
  const field = fieldOf(collection, head);
  if (field && !field.hidden) {
    if (field.type !== 'relation') {
      if (rest.length > 0)
        throw filterError(
          `"${head}" is not a relation, so "${path.join('.')}" cannot be followed.`,
          pos,
        );
      return { kind: 'scalar', sql: col(alias, head), field };
    }
    const target = findCollection(field.collection ?? '');
    if (!target) throw filterError(`unknown relation target of "${head}".`, pos);
    if (!field.multiple) {
      if (rest.length === 0 || (rest.length === 1 && rest[0] === 'id'))
        return { kind: 'scalar', sql: col(alias, head), field };
      const a = ctx.aliases.next();
      const scope = scopeSql(ctx.viewRule(target), target.name, a, ctx.aliases);
      const inner = resolvePath(target, a, rest, ctx, pos, depth + 1);
      const where = and([sql`${col(a, 'id')} = ${col(alias, head)}`, scope]);
      if (inner.kind === 'scalar') {
        return {
          kind: 'scalar',
          sql: sql`(SELECT ${inner.sql} FROM ${table(target.name, a)} WHERE ${where})`,
          field: inner.field,
        };
      }
      return {
        kind: 'multi',
        exists: (pred) =>
          sql`EXISTS (SELECT 1 FROM ${table(target.name, a)} WHERE ${where} AND ${inner.exists(pred)})`,
      };
    }
    return multiRelation(collection, alias, field, target, rest, ctx, pos, depth);
  }
  const back = backRelation(collection, head);
  if (back) {
    const a = ctx.aliases.next();
    const scope = scopeSql(ctx.viewRule(back.from), back.from.name, a, ctx.aliases);
    const link: Cond = back.field.multiple
      ? sql<SqlBool>`${col(a, 'id')} IN (SELECT "recordId" FROM "record_relations" WHERE "collection" = ${back.from.name} AND "field" = ${back.field.name} AND "targetId" = ${col(alias, 'id')})`
      : sql<SqlBool>`${col(a, back.field.name)} = ${col(alias, 'id')}`;
    const innerPath = rest.length > 0 ? rest : ['id'];
    const inner = resolvePath(back.from, a, innerPath, ctx, pos, depth + 1);
    const where = and([link, scope]);
    return {
      kind: 'multi',
      exists: (pred) =>
        sql`EXISTS (SELECT 1 FROM ${table(back.from.name, a)} WHERE ${where} AND ${inner.kind === 'scalar' ? pred(inner) : inner.exists(pred)})`,
    };
  }
  throw filterError(`unknown field "${path.join('.')}" in collection "${collection.name}".`, pos);
}

function multiRelation(
  collection: CollectionDef,
  alias: string,
  field: FieldDef,
  target: CollectionDef,
  rest: string[],
  ctx: FilterContext,
  pos: number,
  depth: number,
): Multi {
  const r = ctx.aliases.next();
  const link = sql`${col(r, 'collection')} = ${collection.name} AND ${col(r, 'field')} = ${field.name} AND ${col(r, 'recordId')} = ${col(alias, 'id')}`;
  const from = table('record_relations', r);
  // The ids are on the record itself, so comparing them needs no look into the target.
  if (rest.length === 0 || (rest.length === 1 && rest[0] === 'id')) {
    const id: Scalar = {
      kind: 'scalar',
      sql: col(r, 'targetId'),
      field: { name: 'id', type: 'text' },
    };
    return {
      kind: 'multi',
      exists: (pred) => sql`EXISTS (SELECT 1 FROM ${from} WHERE ${link} AND ${pred(id)})`,
    };
  }
  const a = ctx.aliases.next();
  const scope = scopeSql(ctx.viewRule(target), target.name, a, ctx.aliases);
  const inner = resolvePath(target, a, rest, ctx, pos, depth + 1);
  const join = and([sql`${col(a, 'id')} = ${col(r, 'targetId')}`, scope]);
  return {
    kind: 'multi',
    exists: (pred) =>
      sql`EXISTS (SELECT 1 FROM ${from} JOIN ${table(target.name, a)} ON ${join} WHERE ${link} AND ${inner.kind === 'scalar' ? pred(inner) : inner.exists(pred)})`,
  };
}

function lengthOf(
  collection: CollectionDef,
  alias: string,
  path: string[],
  ctx: FilterContext,
  pos: number,
): Scalar {
  const field = fieldOf(collection, path[0] ?? '');
  if (path.length !== 1 || field?.type !== 'relation' || !field.multiple) {
    throw filterError(`:length is supported on multiple relation fields only.`, pos);
  }
  const r = ctx.aliases.next();
  return {
    kind: 'scalar',
    sql: sql`(SELECT COUNT(*) FROM ${table('record_relations', r)} WHERE ${col(r, 'collection')} = ${collection.name} AND ${col(r, 'field')} = ${field.name} AND ${col(r, 'recordId')} = ${col(alias, 'id')})`,
    field: { name: `${field.name}:length`, type: 'number' },
  };
}
