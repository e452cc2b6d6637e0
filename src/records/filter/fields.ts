// A field's value by its kind: a column (number, bool, text, a JSON path, a multiple relation's
// id list), its \`:length\` and \`:each\`, and the email an account shows only when visible.
import { type SqlBool, sql } from 'kysely';
import { type FieldDef, fieldOf } from '../../catalogue/collections.js';
import { col, table } from '../sql.js';
import type { Walk } from './context.js';
import type { JoinSet } from './joins.js';
import type { Resolver } from './resolve.js';
import { NULL_VALUE, type Sql, type Value } from './value.js';

/**
 * PocketBase shows another account's email only when visible; filtering on it follows suit (a
 * directory reader is shown every email, so filters on all of them).
 */
export function guarded(w: Walk, field: FieldDef, value: Value): Value {
  if (
    field.name !== 'email' ||
    w.allowHidden ||
    w.emailsVisible === true ||
    w.collection.type !== 'auth' ||
    !fieldOf(w.collection, 'emailVisibility')
  ) {
    return value;
  }
  return { ...value, guard: sql<SqlBool>`(${col(w.alias, 'emailVisibility')} = 1)` };
}

/** A column's value by its field type; for json fields, the value at `jsonPath`. */
export function columnValue(
  res: Resolver,
  w: Walk,
  field: FieldDef,
  jsonPath: readonly string[],
): Value {
  const ref = col(w.alias, field.name);
  const multi = w.multi ? { multi: () => NULL_VALUE } : {};
  switch (field.type) {
    case 'number':
      return {
        sql: ref,
        storage: 'num',
        render: 'numeric',
        affinity: 'numeric',
        fallback: 'auto',
        ...multi,
      };
    case 'bool':
      return {
        sql: ref,
        storage: 'num',
        render: 'int',
        affinity: 'numeric',
        fallback: 'auto',
        ...multi,
      };
    case 'json':
      return {
        sql: res.dialect.jsonExtract(ref, jsonPath),
        storage: 'json',
        affinity: 'none',
        fallback: 'disabled',
        ...multi,
      };
    case 'relation':
      if (field.multiple) return { ...rawListValue(res, w, field), ...multi };
      return { sql: ref, storage: 'text', affinity: 'text', fallback: 'auto', ...multi };
    default:
      return { sql: ref, storage: 'text', affinity: 'text', fallback: 'auto', ...multi };
  }
}

/** A multiple relation read directly: PocketBase's stored text, a JSON array of ids in order. */
export function rawListValue(res: Resolver, w: Walk, field: FieldDef): Value {
  const r = res.ctx.aliases.next();
  const where = sql`${col(r, 'collection')} = ${w.collection.name} AND ${col(r, 'field')} = ${field.name} AND ${col(r, 'recordId')} = ${col(w.alias, 'id')}`;
  const ids = res.dialect.idArrayAgg(col(r, 'targetId'), [col(r, 'pos'), col(r, 'targetId')]);
  const list = sql`(SELECT ${ids} FROM ${table('record_relations', r)} WHERE ${where})`;
  const value = w.nullable
    ? sql`(CASE WHEN ${col(w.alias, 'id')} IS NULL THEN NULL ELSE ${list} END)`
    : list;
  return { sql: value, storage: 'text', affinity: 'none', fallback: 'auto' };
}

export function lengthValue(res: Resolver, w: Walk, field: FieldDef): Value {
  const multi = w.multi ? { multi: () => NULL_VALUE } : {};
  let count: Sql;
  if (field.type === 'relation' && field.multiple) {
    const r = res.ctx.aliases.next();
    count = sql`(SELECT COUNT(*) FROM ${table('record_relations', r)} WHERE ${col(r, 'collection')} = ${w.collection.name} AND ${col(r, 'field')} = ${field.name} AND ${col(r, 'recordId')} = ${col(w.alias, 'id')})`;
  } else {
    const ref = col(w.alias, field.name);
    count = sql`(CASE WHEN ${ref} IS NULL OR ${ref} = '' THEN 0 ELSE 1 END)`;
  }
  return {
    sql: count,
    storage: 'num',
    render: 'int',
    affinity: 'none',
    fallback: 'auto',
    ...multi,
  };
}

/** `:each`: every item of a relation or select, one joined row each (no column affinity). */
export function eachValue(res: Resolver, w: Walk, field: FieldDef, joins: JoinSet): Value {
  const plain = (ref: Sql) => res.filter.withoutAffinity(ref);
  if (field.type === 'relation' && field.multiple) {
    const r = joins.join(
      `${w.key}.${field.name}:each`,
      (a) =>
        sql`LEFT JOIN ${table('record_relations', a)} ON ${col(a, 'collection')} = ${w.collection.name} AND ${col(a, 'field')} = ${field.name} AND ${col(a, 'recordId')} = ${col(w.alias, 'id')}`,
    );
    return {
      sql: plain(col(r, 'targetId')),
      storage: 'text',
      affinity: 'none',
      fallback: 'auto',
      multi: () => NULL_VALUE,
    };
  }
  return {
    sql: plain(col(w.alias, field.name)),
    storage: 'text',
    affinity: 'none',
    fallback: 'auto',
    ...(w.multi ? { multi: () => NULL_VALUE } : {}),
  };
}
