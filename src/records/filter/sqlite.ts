// The filter on SQLite: PocketBase's own SQL (tools/search/filter.go), SQLite applying its rules.
import { type SqlBool, sql } from 'kysely';
import type { FilterDialect } from './dialect.js';
import { likePattern } from './like.js';
import { sqliteStrftime } from './strftime.js';
import {
  FALSE,
  type Sql,
  TRUE,
  type Value,
  equalityShape,
  goString,
  loweredBase,
  loweredConstant,
} from './value.js';

/** SQLite text of a value for LIKE, LOWER and `||`: number columns read as PocketBase's (22, not 22.0). */
function sqliteText(v: Value): Sql {
  if (v.storage === 'num' && v.render === 'numeric' && v.constant === undefined) {
    return sql`(CASE WHEN ${v.sql} = CAST(${v.sql} AS INTEGER) THEN CAST(CAST(${v.sql} AS INTEGER) AS TEXT) ELSE ${v.sql} END)`;
  }
  return v.sql;
}

export const sqliteFilter: FilterDialect = {
  isNull(v) {
    return sql<SqlBool>`(${v.sql} IS NULL)`;
  },

  equality(l, r, equal) {
    const shape = equalityShape(l, r);
    const eq = sql.raw(equal ? '=' : 'IS NOT');
    switch (shape.k) {
      case 'is':
        return sql<SqlBool>`(${l.sql} ${sql.raw(equal ? 'IS' : 'IS NOT')} ${r.sql})`;
      case 'bothEmpty':
        return equal ? TRUE : FALSE;
      case 'known':
        return sql<SqlBool>`(${shape.a.sql} ${eq} ${shape.b.sql})`;
      case 'oneEmpty': {
        const cmp = sql<SqlBool>`${shape.a.sql} ${eq} ${shape.b.sql}`;
        return equal
          ? sql<SqlBool>`(${cmp} OR ${shape.other.sql} IS NULL)`
          : sql<SqlBool>`(${cmp} AND ${shape.other.sql} IS NOT NULL)`;
      }
      case 'coalesce':
        return sql<SqlBool>`(COALESCE(${l.sql}, '') ${eq} COALESCE(${r.sql}, ''))`;
    }
  },

  ordering(l, op, r) {
    return sql<SqlBool>`(${l.sql} ${sql.raw(op)} ${r.sql})`;
  },

  like(l, r, negate) {
    const right =
      r.param === true
        ? sql`${likePattern(goString(r.constant ?? ''))}`
        : sql`('%' || ${sqliteText(r)} || '%')`;
    return sql<SqlBool>`(${sqliteText(l)} ${sql.raw(negate ? 'NOT LIKE' : 'LIKE')} ${right} ESCAPE '\\')`;
  },

  lower(v) {
    if (v.storage === 'null') return v;
    const constant = loweredConstant(v);
    if (constant !== undefined) return { ...loweredBase(v), constant, sql: sql`LOWER(${v.sql})` };
    return { ...loweredBase(v), sql: sql`LOWER(${sqliteText(v)})` };
  },

  sortKeys(v) {
    return [{ sql: v.sql, text: false }];
  },

  strftime(format, _parts, time, modifierTexts) {
    return sqliteStrftime(format, time, modifierTexts);
  },

  // A unary plus drops the column's affinity.
  withoutAffinity(ref) {
    return sql`+${ref}`;
  },
};
