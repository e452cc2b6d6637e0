// PocketBase's ?sort= (tools/search/sort.go): fields and paths through single relations, JSON keys,
// the :lower and :length modifiers, @random and @rowid; ordered as SQLite orders (NULLs first
// ascending, numbers before text, text bytewise) on both databases, then by id so pages are stable.
import { type RawBuilder, sql } from 'kysely';
import { AppError, paramError } from '../../errors.js';
import type { CollectionDef } from '../../catalogue/collections.js';
import { col } from '../sql.js';
import { JoinSet } from './joins.js';
import { filterDialect } from './dialect.js';
import { parseSort } from './parse.js';
import { type FilterContext, Resolver } from './resolve.js';

/** What a sort needs to follow relations: the filter context without `@request`. */
export type SortContext = Omit<FilterContext, 'request'>;

const sortError = (message: string) => paramError('sort', message);

/**
 * ORDER BY terms for `text` on the collection aliased `root`; `created` when empty. Without `ctx`
 * (internal reads) only the collection's own fields can be named.
 */
export function compileSort(
  collection: CollectionDef,
  root: string,
  text: string,
  ctx: SortContext | null,
): RawBuilder<unknown>[] {
  const terms =
    text.trim() === ''
      ? [{ path: ['created'], modifier: null, descending: false, pos: 0 }]
      : parseSort(text);
  const out: RawBuilder<unknown>[] = [];
  for (const term of terms) {
    const direction = sql.raw(term.descending ? 'DESC' : 'ASC');
    const [head = ''] = term.path;
    if (head === '@random') {
      out.push(sql`random()`);
      continue;
    }
    if (head === '@rowid') {
      // SQLite's rowid; on PostgreSQL the identity column migration 0014 adds in insertion order.
      out.push(sql`${col(root, '_rowid_')} ${direction}`);
      continue;
    }
    const written = term.path.join('.') + (term.modifier ? `:${term.modifier}` : '');
    const cannot = (why: string) =>
      sortError(`Invalid sort at position ${term.pos}: cannot sort by "${written}": ${why}`);
    if (!ctx) {
      // Internal reads order by the collection's own columns.
      if (term.path.length !== 1 || term.modifier !== null) throw cannot('not a plain field.');
      out.push(sql`${col(root, head)} ${direction}`);
      continue;
    }
    if (term.modifier === 'each') throw cannot('":each" gives many values per record.');
    const joins = new JoinSet(ctx.aliases);
    let value;
    try {
      value = new Resolver(collection, root, ctx).operand(
        { kind: 'field', path: term.path, modifier: term.modifier, pos: term.pos },
        joins,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_filter') {
        throw cannot(error.message.replace(/^Invalid filter at position \d+: /, ''));
      }
      throw error;
    }
    if (value.multi) {
      throw cannot(
        'the path has many values per record (sort by a field or a single relation path).',
      );
    }
    const nulls = ctx.dialect.nullsOrder(term.descending);
    for (const key of filterDialect(ctx.dialect).sortKeys(value)) {
      const expr = joins.empty ? key.sql : sql`(SELECT ${key.sql} FROM ${joins.from()})`;
      const collate = key.text ? ctx.dialect.bytewiseCollation : sql``;
      out.push(sql`${expr}${collate} ${direction}${nulls}`);
    }
  }
  out.push(sql`${col(root, 'id')} ASC`);
  return out;
}
