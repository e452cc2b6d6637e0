// The filter's values as PostgreSQL sees them once SQLite's rules are applied: forms (typed SQL, a
// compile-time constant, or a value whose class is known only at run time), column affinity, and
// three-valued comparison with NULL < numbers < text (bytewise) — https://sqlite.org/datatype3.html.
import { type SqlBool, sql } from 'kysely';
import {
  type Cond,
  FALSE,
  type Render,
  type Sql,
  TRUE,
  type Value,
  looksNumeric,
  numberText,
} from './value.js';

/**
 * The same test for PostgreSQL, bounded so that every match casts to float8 without overflow
 * (PostgreSQL's regular expressions allow repetition counts up to 255).
 */
const PG_NUMERIC_TEXT =
  '^\\s*[+-]?([0-9]{1,200}(\\.[0-9]{0,200})?|\\.[0-9]{1,200})([eE][+-]?[0-9]{1,2})?\\s*$';

export type Form =
  | { k: 'null' }
  | { k: 'cnum'; n: number }
  | { k: 'ctext'; s: string }
  | { k: 'num'; e: Sql }
  | { k: 'text'; e: Sql }
  /** A value whose class is known at run time: tag NULL (SQL NULL), 1 (number) or 2 (text). */
  | { k: 'tri'; tag: Sql; num: Sql; txt: Sql; numText: Sql };

export const pgNum = (n: number): Sql => sql`CAST(${n} AS double precision)`;
export const pgText = (s: string): Sql => sql`CAST(${s} AS text)`;
export const NULL_BOOL = sql<SqlBool>`CAST(NULL AS boolean)`;
const numericRe = sql.lit(PG_NUMERIC_TEXT);

/** A PostgreSQL json value as a tri: numbers and booleans are numbers, strings and containers text. */
function jsonTri(j: Sql): Form {
  return {
    k: 'tri',
    tag: sql`(CASE json_typeof(${j}) WHEN 'number' THEN 1 WHEN 'boolean' THEN 1 WHEN 'string' THEN 2 WHEN 'object' THEN 2 WHEN 'array' THEN 2 END)`,
    num: sql`(CASE json_typeof(${j}) WHEN 'number' THEN CAST(${j} #>> '{}' AS double precision) WHEN 'boolean' THEN (CASE WHEN CAST(${j} AS text) = 'true' THEN 1 ELSE 0 END) END)`,
    txt: sql`(CASE json_typeof(${j}) WHEN 'string' THEN ${j} #>> '{}' WHEN 'object' THEN CAST(${j} AS text) WHEN 'array' THEN CAST(${j} AS text) END)`,
    numText: sql`(CASE json_typeof(${j}) WHEN 'number' THEN ${j} #>> '{}' WHEN 'boolean' THEN (CASE WHEN CAST(${j} AS text) = 'true' THEN '1' ELSE '0' END) END)`,
  };
}

export function formOf(v: Value): Form {
  if (v.storage === 'null') return { k: 'null' };
  if (v.constant !== undefined) {
    return typeof v.constant === 'number'
      ? { k: 'cnum', n: v.constant }
      : { k: 'ctext', s: v.constant };
  }
  if (v.storage === 'num') return { k: 'num', e: v.sql };
  if (v.storage === 'text') return { k: 'text', e: v.sql };
  return jsonTri(v.sql);
}

/** PostgreSQL text of a number expression, as `render` writes it. */
export function pgNumberText(e: Sql, render: Render): Sql {
  if (render === 'int') return sql`CAST(${e} AS text)`;
  // A PocketBase number column holds integers as integers (NUMERIC affinity): 22, not 22.0.
  return sql`(CASE WHEN ${e} = trunc(${e}) AND abs(${e}) < 1e15 THEN CAST(CAST(${e} AS bigint) AS text) ELSE CAST(${e} AS text) END)`;
}

/** NUMERIC affinity applied to `f` (text that reads as a number becomes that number). */
function numify(f: Form): Form {
  switch (f.k) {
    case 'ctext':
      return looksNumeric(f.s) ? { k: 'cnum', n: Number(f.s.trim()) } : f;
    case 'text':
      return {
        k: 'tri',
        tag: sql`(CASE WHEN ${f.e} IS NULL THEN NULL WHEN ${f.e} ~ ${numericRe} THEN 1 ELSE 2 END)`,
        num: sql`(CASE WHEN ${f.e} ~ ${numericRe} THEN CAST(${f.e} AS double precision) END)`,
        txt: f.e,
        numText: sql`CAST(NULL AS text)`,
      };
    case 'tri':
      return {
        k: 'tri',
        tag: sql`(CASE WHEN ${f.tag} = 2 AND ${f.txt} ~ ${numericRe} THEN 1 ELSE ${f.tag} END)`,
        num: sql`(CASE WHEN ${f.tag} = 2 AND ${f.txt} ~ ${numericRe} THEN CAST(${f.txt} AS double precision) ELSE ${f.num} END)`,
        txt: f.txt,
        numText: f.numText,
      };
    default:
      return f;
  }
}

/** TEXT affinity applied to `f` (numbers become their text). */
function textify(f: Form, render: Render): Form {
  switch (f.k) {
    case 'cnum':
      return { k: 'ctext', s: numberText(f.n, render) };
    case 'num':
      return { k: 'text', e: pgNumberText(f.e, render) };
    case 'tri':
      return {
        k: 'tri',
        tag: sql`(CASE WHEN ${f.tag} = 1 THEN 2 ELSE ${f.tag} END)`,
        num: f.num,
        txt: sql`(CASE WHEN ${f.tag} = 1 THEN ${f.numText} ELSE ${f.txt} END)`,
        numText: f.numText,
      };
    default:
      return f;
  }
}

/** The two sides after SQLite's affinity rules (https://sqlite.org/datatype3.html#comparisons). */
export function withAffinity(a: Value, b: Value): [Form, Form] {
  let fa = formOf(a);
  let fb = formOf(b);
  if (a.affinity === 'numeric' && b.affinity !== 'numeric') fb = numify(fb);
  else if (b.affinity === 'numeric' && a.affinity !== 'numeric') fa = numify(fa);
  else if (a.affinity === 'text' && b.affinity === 'none') fb = textify(fb, b.render ?? 'real');
  else if (b.affinity === 'text' && a.affinity === 'none') fa = textify(fa, a.render ?? 'real');
  return [fa, fb];
}

/** `COALESCE(x, '')`: NULL reads as '', and the result has no affinity. */
export function coalesced(f: Form): Form {
  switch (f.k) {
    case 'null':
      return { k: 'ctext', s: '' };
    case 'num':
      return {
        k: 'tri',
        tag: sql`(CASE WHEN ${f.e} IS NULL THEN 2 ELSE 1 END)`,
        num: f.e,
        txt: sql`''`,
        numText: sql`CAST(NULL AS text)`,
      };
    case 'text':
      return { k: 'text', e: sql`COALESCE(${f.e}, '')` };
    case 'tri':
      return {
        k: 'tri',
        tag: sql`COALESCE(${f.tag}, 2)`,
        num: f.num,
        txt: sql`COALESCE(${f.txt}, '')`,
        numText: f.numText,
      };
    default:
      return f;
  }
}

function toTri(f: Form): Extract<Form, { k: 'tri' }> {
  const none = sql`CAST(NULL AS text)`;
  switch (f.k) {
    case 'null':
      return {
        k: 'tri',
        tag: sql`CAST(NULL AS integer)`,
        num: sql`CAST(NULL AS double precision)`,
        txt: none,
        numText: none,
      };
    case 'cnum':
      return { k: 'tri', tag: sql`1`, num: pgNum(f.n), txt: none, numText: none };
    case 'ctext':
      return {
        k: 'tri',
        tag: sql`2`,
        num: sql`CAST(NULL AS double precision)`,
        txt: pgText(f.s),
        numText: none,
      };
    case 'num':
      return {
        k: 'tri',
        tag: sql`(CASE WHEN ${f.e} IS NULL THEN NULL ELSE 1 END)`,
        num: f.e,
        txt: none,
        numText: none,
      };
    case 'text':
      return {
        k: 'tri',
        tag: sql`(CASE WHEN ${f.e} IS NULL THEN NULL ELSE 2 END)`,
        num: sql`CAST(NULL AS double precision)`,
        txt: f.e,
        numText: none,
      };
    case 'tri':
      return f;
  }
}

type Op = '=' | '<>' | '<' | '<=' | '>' | '>=';

function constCompare(a: number | string, op: Op, b: number | string): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** Bytewise (SQLite BINARY) comparison of two JS strings. */
function binaryCompare(a: string, op: Op, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return constCompare(Buffer.compare(x, y), op, 0);
}

const classOf = (f: Form): 1 | 2 | null =>
  f.k === 'cnum' || f.k === 'num' ? 1 : f.k === 'ctext' || f.k === 'text' ? 2 : null;

/** `a OP b` for two forms: three-valued, with NULL < numbers < text (bytewise). */
export function pgCompare(a: Form, op: Op, b: Form): Cond {
  if (a.k === 'null' || b.k === 'null') return NULL_BOOL;
  const raw = sql.raw(op);
  if (a.k === 'cnum' && b.k === 'cnum') return constCompare(a.n, op, b.n) ? TRUE : FALSE;
  if (a.k === 'ctext' && b.k === 'ctext') return binaryCompare(a.s, op, b.s) ? TRUE : FALSE;
  const ca = classOf(a);
  const cb = classOf(b);
  if (ca === 1 && cb === 1) return sql<SqlBool>`(${numSql(a)} ${raw} ${numSql(b)})`;
  if (ca === 2 && cb === 2) return sql<SqlBool>`(${textSql(a)} COLLATE "C" ${raw} ${textSql(b)})`;
  if (ca !== null && cb !== null) {
    const result = constCompare(ca, op, cb) ? sql`TRUE` : sql`FALSE`;
    return sql<SqlBool>`(CASE WHEN ${isNullSql(a)} OR ${isNullSql(b)} THEN NULL ELSE ${result} END)`;
  }
  const x = toTri(a);
  const y = toTri(b);
  return sql<SqlBool>`(CASE WHEN ${x.tag} IS NULL OR ${y.tag} IS NULL THEN NULL WHEN ${x.tag} = 1 AND ${y.tag} = 1 THEN ${x.num} ${raw} ${y.num} WHEN ${x.tag} = 2 AND ${y.tag} = 2 THEN ${x.txt} COLLATE "C" ${raw} ${y.txt} ELSE ${x.tag} ${raw} ${y.tag} END)`;
}

function numSql(f: Form): Sql {
  if (f.k === 'cnum') return pgNum(f.n);
  if (f.k === 'num') return f.e;
  throw new Error(`not a number form: ${f.k}`);
}

function textSql(f: Form): Sql {
  if (f.k === 'ctext') return pgText(f.s);
  if (f.k === 'text') return f.e;
  throw new Error(`not a text form: ${f.k}`);
}

export function isNullSql(f: Form): Cond {
  switch (f.k) {
    case 'null':
      return TRUE;
    case 'cnum':
    case 'ctext':
      return FALSE;
    case 'num':
    case 'text':
      return sql<SqlBool>`(${f.e} IS NULL)`;
    case 'tri':
      return sql<SqlBool>`(${f.tag} IS NULL)`;
  }
}

/** Null-safe equality (SQLite's IS): never NULL. */
export function pgIs(a: Form, b: Form): Cond {
  if (a.k === 'null' || b.k === 'null') {
    if (a.k === 'null' && b.k === 'null') return TRUE;
    return isNullSql(a.k === 'null' ? b : a);
  }
  return sql<SqlBool>`(CASE WHEN ${isNullSql(a)} THEN ${isNullSql(b)} WHEN ${isNullSql(b)} THEN FALSE ELSE COALESCE(${pgCompare(a, '=', b)}, FALSE) END)`;
}
