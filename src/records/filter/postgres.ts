// The filter on PostgreSQL: SQLite's rules spelled out over forms (postgres-forms.ts) — column
// affinity, then NULL < numbers < text (bytewise) — so both databases give PocketBase's answers.
import { type SqlBool, sql } from 'kysely';
import type { FilterDialect } from './dialect.js';
import { endsWithDanglingEscape, likePattern, lowerAscii } from './like.js';
import {
  NULL_BOOL,
  coalesced,
  formOf,
  isNullSql,
  pgCompare,
  pgIs,
  pgNum,
  pgNumberText,
  pgText,
  withAffinity,
} from './postgres-forms.js';
import { postgresStrftime } from './strftime.js';
import {
  type Cond,
  FALSE,
  type Sql,
  TRUE,
  type Value,
  equalityShape,
  goString,
  loweredBase,
  loweredConstant,
  not,
  numberText,
} from './value.js';

/** PostgreSQL text of a value (what SQLite's LIKE, LOWER and `||` read); null for NULL. */
function pgTextOf(v: Value): { sql: Sql } | { constant: string } | null {
  const f = formOf(v);
  switch (f.k) {
    case 'null':
      return null;
    case 'cnum':
      return { constant: numberText(f.n, v.render ?? 'real') };
    case 'ctext':
      return { constant: f.s };
    case 'num':
      return { sql: pgNumberText(f.e, v.render ?? 'numeric') };
    case 'text':
      return { sql: f.e };
    case 'tri':
      return { sql: sql`(CASE WHEN ${f.tag} = 1 THEN ${f.numText} ELSE ${f.txt} END)` };
  }
}

const pgLowerAscii = (e: Sql): Sql =>
  sql`translate(${e}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/** The lowered text of a value as LIKE's left or right side. */
function loweredText(text: { sql: Sql } | { constant: string }): Sql {
  return 'constant' in text ? pgText(lowerAscii(text.constant)) : pgLowerAscii(text.sql);
}

export const postgresFilter: FilterDialect = {
  isNull(v) {
    return isNullSql(formOf(v));
  },

  equality(l, r, equal) {
    const shape = equalityShape(l, r);
    switch (shape.k) {
      case 'is': {
        const is = pgIs(...withAffinity(l, r));
        return equal ? is : not(is);
      }
      case 'bothEmpty':
        return equal ? TRUE : FALSE;
      case 'known': {
        const [fa, fb] = withAffinity(shape.a, shape.b);
        return equal ? pgCompare(fa, '=', fb) : not(pgIs(fa, fb));
      }
      case 'oneEmpty': {
        const [fa, fb] = withAffinity(shape.a, shape.b);
        const nul = isNullSql(formOf(shape.other));
        return equal
          ? sql<SqlBool>`(${pgCompare(fa, '=', fb)} OR ${nul})`
          : sql<SqlBool>`(${not(pgIs(fa, fb))} AND ${not(nul)})`;
      }
      case 'coalesce': {
        const fa = coalesced(formOf(l));
        const fb = coalesced(formOf(r));
        return equal ? pgCompare(fa, '=', fb) : not(pgIs(fa, fb));
      }
    }
  },

  ordering(l, op, r) {
    const [a, b] = withAffinity(l, r);
    return pgCompare(a, op, b);
  },

  like(l, r, negate) {
    const pattern = r.param === true ? likePattern(goString(r.constant ?? '')) : null;
    const left = pgTextOf(l);
    if (left === null) return NULL_BOOL;
    const leftSql = loweredText(left);
    let result: Cond;
    if (pattern !== null) {
      if (endsWithDanglingEscape(pattern)) {
        // SQLite finds no match; PostgreSQL would raise an error.
        result = sql<SqlBool>`(CASE WHEN ${leftSql} IS NULL THEN NULL ELSE FALSE END)`;
      } else {
        result = sql<SqlBool>`(${leftSql} LIKE ${pgText(lowerAscii(pattern))} ESCAPE '\\')`;
      }
    } else {
      const right = pgTextOf(r);
      if (right === null) return NULL_BOOL;
      result = sql<SqlBool>`(${leftSql} LIKE ('%' || ${loweredText(right)} || '%') ESCAPE '\\')`;
    }
    return negate ? not(result) : result;
  },

  lower(v) {
    if (v.storage === 'null') return v;
    const constant = loweredConstant(v);
    if (constant !== undefined) return { ...loweredBase(v), constant, sql: pgText(constant) };
    const text = pgTextOf(v);
    return {
      ...loweredBase(v),
      sql: text === null || 'constant' in text ? sql`NULL` : pgLowerAscii(text.sql),
    };
  },

  sortKeys(v) {
    const f = formOf(v);
    switch (f.k) {
      case 'num':
      case 'cnum':
        return [{ sql: f.k === 'num' ? f.e : pgNum(f.n), text: false }];
      case 'text':
      case 'ctext':
        return [{ sql: f.k === 'text' ? f.e : pgText(f.s), text: true }];
      case 'tri':
        return [
          { sql: f.tag, text: false },
          { sql: f.num, text: false },
          { sql: f.txt, text: true },
        ];
      case 'null':
        return [];
    }
  },

  strftime(_format, parts, time, _modifierTexts, modifiers) {
    return postgresStrftime(parts, time, modifiers);
  },

  // Affinity is applied by the forms, from each Value's own `affinity`.
  withoutAffinity(ref) {
    return ref;
  },
};
