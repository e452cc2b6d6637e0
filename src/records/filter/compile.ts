// Compiles a filter AST (parse.ts) to a parameterised SQL condition for either database, with
// PocketBase's semantics (tools/search/filter.go buildResolversExpr):
// - the whole filter reads one row of every path it names (the LEFT JOINs of resolve.ts), and a
//   record matches when some combination of those rows satisfies it (PocketBase's SELECT DISTINCT);
// - a comparison through a multi-valued path without `?` must also hold for every value of that
//   path (a NOT EXISTS over fresh joins); with `?` one value is enough.
import { type SqlBool, sql } from 'kysely';
import type { CollectionDef } from '../../catalogue/collections.js';
import { and, or } from '../sql.js';
import type { CompareOp, Expr } from './ast.js';
import { JoinSet } from './joins.js';
import { type FilterContext, Resolver } from './resolve.js';
import type { FilterDialect } from './dialect.js';
import type { Cond, Value } from './value.js';

export { type AuthInfo, type FilterContext, type RequestInfo, filterError } from './resolve.js';

export function compileFilter(
  expr: Expr,
  collection: CollectionDef,
  alias: string,
  ctx: FilterContext,
): Cond {
  const resolver = new Resolver(collection, alias, ctx);
  const joins = new JoinSet(ctx.aliases);
  const cond = compileExpr(expr, resolver, joins, {
    aliases: ctx.aliases,
    filter: resolver.filter,
  });
  if (joins.empty) return cond;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM ${joins.from()} WHERE ${cond})`;
}

/** What compiling a comparison needs besides its operands. */
interface Compiling {
  aliases: FilterContext['aliases'];
  filter: FilterDialect;
}

function compileExpr(expr: Expr, resolver: Resolver, joins: JoinSet, ctx: Compiling): Cond {
  switch (expr.kind) {
    case 'and':
      return and([
        compileExpr(expr.left, resolver, joins, ctx),
        compileExpr(expr.right, resolver, joins, ctx),
      ]);
    case 'or':
      return or([
        compileExpr(expr.left, resolver, joins, ctx),
        compileExpr(expr.right, resolver, joins, ctx),
      ]);
    case 'compare': {
      const left = resolver.operand(expr.left, joins);
      const right = resolver.operand(expr.right, joins);
      let cond = base(left, expr.op, right, ctx);
      if (!expr.any) cond = and([cond, everyValue(left, expr.op, right, ctx)]);
      return and([cond, left.guard ?? null, right.guard ?? null]);
    }
  }
}

function base(l: Value, op: CompareOp, r: Value, { filter }: Compiling): Cond {
  switch (op) {
    case '=':
      return filter.equality(l, r, true);
    case '!=':
      return filter.equality(l, r, false);
    case '~':
      return filter.like(l, r, false);
    case '!~':
      return filter.like(l, r, true);
    default:
      return filter.ordering(l, op, r);
  }
}

/**
 * The all-of half of a comparison through a multi-valued path: no value of the path fails it.
 * A value fails when the comparison is false — or, except for `=`, when the value is NULL (a
 * missing row), so that `rel.total > 0` needs every related record.
 */
function everyValue(l: Value, op: CompareOp, r: Value, ctx: Compiling): Cond | null {
  if (!l.multi && !r.multi) return null;
  const left = new JoinSet(ctx.aliases);
  const right = new JoinSet(ctx.aliases);
  const lv = l.multi ? l.multi(left) : l;
  const rv = r.multi ? r.multi(right) : r;
  const failures: Cond[] = [sql<SqlBool>`(NOT ${base(lv, op, rv, ctx)})`];
  if (op !== '=') {
    if (l.multi) failures.push(ctx.filter.isNull(lv));
    if (r.multi) failures.push(ctx.filter.isNull(rv));
  }
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM ${left.fromWith(right)} WHERE ${or(failures)})`;
}
