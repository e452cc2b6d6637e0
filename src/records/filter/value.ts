// Comparisons with SQLite's semantics — PocketBase's reference — on both databases.
// On SQLite the SQL is PocketBase's (tools/search/filter.go) and SQLite applies its own rules; on
// PostgreSQL the same rules are spelled out: column affinity (a number column turns numeric-looking
// text into numbers, a text column turns numbers into text), then NULL < numbers < text (bytewise).
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { SqlDialect } from '../../db/dialect.js';
import type { JoinSet } from './joins.js';
import { endsWithDanglingEscape, likePattern, lowerAscii } from './like.js';

export type Sql = RawBuilder<unknown>;
export type Cond = RawBuilder<SqlBool>;

/** SQLite's column affinity of an operand: columns have one, expressions and parameters none. */
export type Affinity = 'numeric' | 'text' | 'none';
/** What an operand holds: numbers, text, a JSON value (any of them, known at run time) or NULL. */
export type Storage = 'num' | 'text' | 'json' | 'null';
/**
 * How a number reads as text: `numeric` like a PocketBase number column (22, 2.5), `real` like a
 * bound float (22.0, as SQLite renders PocketBase's float64 parameters), `int` like an integer.
 */
export type Render = 'numeric' | 'real' | 'int';
/** PocketBase's NullFallback: how `=`/`!=` treat NULL and '' (disabled for JSON: plain IS). */
export type Fallback = 'auto' | 'disabled' | 'enforced';

/** One side of a comparison. */
export interface Value {
  sql: Sql;
  storage: Storage;
  render?: Render;
  affinity: Affinity;
  /** The compile-time value of a literal, macro or request value. */
  constant?: string | number;
  /** PocketBase binds it as a parameter (a `~` against it is a pattern, not a column). */
  param?: boolean;
  /** PocketBase's identifier literals: NULL (empty) or 1/0/TRUE/FALSE (known non-empty). */
  ident?: 'null' | 'known';
  fallback: Fallback;
  /** ANDed to every comparison of this value (an auth collection's email needs emailVisibility). */
  guard?: Cond;
  /** Set for values read through a multi-valued path: the same value over fresh joins. */
  multi?: (joins: JoinSet) => Value;
}

export const TRUE: Cond = sql<SqlBool>`(1=1)`;
export const FALSE: Cond = sql<SqlBool>`(1=0)`;

// ---------------------------------------------------------------------------------------------
// Constants

const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
/**
 * The same test for PostgreSQL, bounded so that every match casts to float8 without overflow
 * (PostgreSQL's regular expressions allow repetition counts up to 255).
 */
const PG_NUMERIC_TEXT =
  '^\\s*[+-]?([0-9]{1,200}(\\.[0-9]{0,200})?|\\.[0-9]{1,200})([eE][+-]?[0-9]{1,2})?\\s*$';

/** SQLite's test for text that NUMERIC affinity turns into a number. */
export function looksNumeric(text: string): boolean {
  return NUMERIC_TEXT.test(text);
}

/** How SQLite writes a REAL as text ("%!.15g": 80 → "80.0", 0.1 → "0.1"). */
export function realText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return `${n}.0`;
  const text = Number(n.toPrecision(15)).toString();
  if (!text.includes('e')) return text;
  const [mantissa = '', exponent = ''] = text.split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${exponent.startsWith('-') ? '' : '+'}${exponent.replace('+', '')}`;
}

/** A number as its text, the way `render` says. */
export function numberText(n: number, render: Render): string {
  if (render === 'real') return realText(n);
  if (render === 'int' || Number.isInteger(n))
    return Number.isInteger(n) ? n.toFixed(0) : realText(n);
  return realText(n);
}

/** Go's cast.ToString of a PocketBase parameter (what `~` wraps into a pattern). */
function goString(value: string | number): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
  return String(value);
}

export function textConstant(value: string, dialect: SqlDialect): Value {
  return {
    sql: dialect.name === 'postgres' ? sql`CAST(${value} AS text)` : sql`${value}`,
    storage: 'text',
    affinity: 'none',
    constant: value,
    param: true,
    fallback: 'auto',
  };
}

/** A number parameter: a float (literals) or an integer (the @second… macros). */
export function numberConstant(value: number, dialect: SqlDialect, render: Render): Value {
  const bound =
    dialect.name === 'postgres'
      ? sql`CAST(${value} AS double precision)`
      : render === 'int' && Number.isSafeInteger(value)
        ? sql`${BigInt(value)}`
        : sql`${value}`;
  return {
    sql: bound,
    storage: 'num',
    render,
    affinity: 'none',
    constant: value,
    param: true,
    fallback: 'auto',
  };
}

/** `true`/`false` (and TRUE/FALSE from :isset): PocketBase writes them as the integers 1 and 0. */
export function knownInteger(value: 0 | 1): Value {
  return {
    sql: sql.raw(String(value)),
    storage: 'num',
    render: 'int',
    affinity: 'none',
    constant: value,
    ident: 'known',
    fallback: 'auto',
  };
}

export const NULL_VALUE: Value = {
  sql: sql`NULL`,
  storage: 'null',
  affinity: 'none',
  ident: 'null',
  fallback: 'auto',
};

const EMPTY_TEXT: Value = {
  sql: sql`''`,
  storage: 'text',
  affinity: 'none',
  constant: '',
  fallback: 'auto',
};

function isEmpty(v: Value): boolean {
  return v.ident === 'null' || (v.fallback === 'auto' && v.param === true && v.constant === '');
}

function isKnown(v: Value): boolean {
  if (v.fallback === 'enforced') return false;
  return v.ident === 'known' || (v.param === true && v.constant !== '' && !isEmpty(v));
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL forms: an operand after affinity, as typed SQL or a compile-time constant

type Form =
  | { k: 'null' }
  | { k: 'cnum'; n: number }
  | { k: 'ctext'; s: string }
  | { k: 'num'; e: Sql }
  | { k: 'text'; e: Sql }
  /** A value whose class is known at run time: tag NULL (SQL NULL), 1 (number) or 2 (text). */
  | { k: 'tri'; tag: Sql; num: Sql; txt: Sql; numText: Sql };

const pgNum = (n: number): Sql => sql`CAST(${n} AS double precision)`;
const pgText = (s: string): Sql => sql`CAST(${s} AS text)`;
const NULL_BOOL = sql<SqlBool>`CAST(NULL AS boolean)`;
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

function formOf(v: Value): Form {
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
function pgNumberText(e: Sql, render: Render): Sql {
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
function withAffinity(a: Value, b: Value): [Form, Form] {
  let fa = formOf(a);
  let fb = formOf(b);
  if (a.affinity === 'numeric' && b.affinity !== 'numeric') fb = numify(fb);
  else if (b.affinity === 'numeric' && a.affinity !== 'numeric') fa = numify(fa);
  else if (a.affinity === 'text' && b.affinity === 'none') fb = textify(fb, b.render ?? 'real');
  else if (b.affinity === 'text' && a.affinity === 'none') fa = textify(fa, a.render ?? 'real');
  return [fa, fb];
}

/** `COALESCE(x, '')`: NULL reads as '', and the result has no affinity. */
function coalesced(f: Form): Form {
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
function pgCompare(a: Form, op: Op, b: Form): Cond {
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

function isNullSql(f: Form): Cond {
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
function pgIs(a: Form, b: Form): Cond {
  if (a.k === 'null' || b.k === 'null') {
    if (a.k === 'null' && b.k === 'null') return TRUE;
    return isNullSql(a.k === 'null' ? b : a);
  }
  return sql<SqlBool>`(CASE WHEN ${isNullSql(a)} THEN ${isNullSql(b)} WHEN ${isNullSql(b)} THEN FALSE ELSE COALESCE(${pgCompare(a, '=', b)}, FALSE) END)`;
}

const not = (c: Cond): Cond => sql<SqlBool>`(NOT ${c})`;

// ---------------------------------------------------------------------------------------------
// Comparisons

/** True when `v` is NULL (used by PocketBase's `= ''` shapes and the multi-match checks). */
export function isNull(v: Value, dialect: SqlDialect): Cond {
  if (dialect.name === 'sqlite') return sql<SqlBool>`(${v.sql} IS NULL)`;
  return isNullSql(formOf(v));
}

/** `l = r` (equal) or `l != r`, in PocketBase's shapes (filter.go resolveEqualExpr). */
export function equality(l: Value, r: Value, equal: boolean, dialect: SqlDialect): Cond {
  const pg = dialect.name === 'postgres';
  if (l.fallback === 'disabled' || r.fallback === 'disabled') {
    if (!pg) return sql<SqlBool>`(${l.sql} ${sql.raw(equal ? 'IS' : 'IS NOT')} ${r.sql})`;
    const is = pgIs(...withAffinity(l, r));
    return equal ? is : not(is);
  }
  const le = isEmpty(l);
  const re = isEmpty(r);
  if (le && re) return equal ? TRUE : FALSE;
  if (isKnown(l) || isKnown(r)) {
    const a = le ? EMPTY_TEXT : l;
    const b = re ? EMPTY_TEXT : r;
    if (!pg) return sql<SqlBool>`(${a.sql} ${sql.raw(equal ? '=' : 'IS NOT')} ${b.sql})`;
    const [fa, fb] = withAffinity(a, b);
    return equal ? pgCompare(fa, '=', fb) : not(pgIs(fa, fb));
  }
  if (le || re) {
    const other = le ? r : l;
    const [a, b] = le ? [EMPTY_TEXT, r] : [l, EMPTY_TEXT];
    if (!pg) {
      const cmp = sql<SqlBool>`${a.sql} ${sql.raw(equal ? '=' : 'IS NOT')} ${b.sql}`;
      return equal
        ? sql<SqlBool>`(${cmp} OR ${other.sql} IS NULL)`
        : sql<SqlBool>`(${cmp} AND ${other.sql} IS NOT NULL)`;
    }
    const [fa, fb] = withAffinity(a, b);
    const nul = isNullSql(formOf(other));
    return equal
      ? sql<SqlBool>`(${pgCompare(fa, '=', fb)} OR ${nul})`
      : sql<SqlBool>`(${not(pgIs(fa, fb))} AND ${not(nul)})`;
  }
  if (!pg) {
    return sql<SqlBool>`(COALESCE(${l.sql}, '') ${sql.raw(equal ? '=' : 'IS NOT')} COALESCE(${r.sql}, ''))`;
  }
  const fa = coalesced(formOf(l));
  const fb = coalesced(formOf(r));
  return equal ? pgCompare(fa, '=', fb) : not(pgIs(fa, fb));
}

/** `l < r`, `<=`, `>`, `>=` with SQLite's rules. */
export function ordering(
  l: Value,
  op: '<' | '<=' | '>' | '>=',
  r: Value,
  dialect: SqlDialect,
): Cond {
  if (dialect.name === 'sqlite') return sql<SqlBool>`(${l.sql} ${sql.raw(op)} ${r.sql})`;
  const [a, b] = withAffinity(l, r);
  return pgCompare(a, op, b);
}

/** SQLite text of a value for LIKE, LOWER and `||`: number columns read as PocketBase's (22, not 22.0). */
function sqliteText(v: Value): Sql {
  if (v.storage === 'num' && v.render === 'numeric' && v.constant === undefined) {
    return sql`(CASE WHEN ${v.sql} = CAST(${v.sql} AS INTEGER) THEN CAST(CAST(${v.sql} AS INTEGER) AS TEXT) ELSE ${v.sql} END)`;
  }
  return v.sql;
}

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

/** `l ~ r` / `l !~ r`: contains (a `%…%` pattern of a parameter, or of the other column's text). */
export function like(l: Value, r: Value, negate: boolean, dialect: SqlDialect): Cond {
  const usePattern = r.param === true;
  const pattern = usePattern ? likePattern(goString(r.constant ?? '')) : null;
  if (dialect.name === 'sqlite') {
    const right = pattern !== null ? sql`${pattern}` : sql`('%' || ${sqliteText(r)} || '%')`;
    return sql<SqlBool>`(${sqliteText(l)} ${sql.raw(negate ? 'NOT LIKE' : 'LIKE')} ${right} ESCAPE '\\')`;
  }
  const left = pgTextOf(l);
  if (left === null) return NULL_BOOL;
  const leftSql = 'constant' in left ? pgText(lowerAscii(left.constant)) : pgLowerAscii(left.sql);
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
    const rightSql =
      'constant' in right ? pgText(lowerAscii(right.constant)) : pgLowerAscii(right.sql);
    result = sql<SqlBool>`(${leftSql} LIKE ('%' || ${rightSql} || '%') ESCAPE '\\')`;
  }
  return negate ? not(result) : result;
}

/** `LOWER(v)`: SQLite lowers ASCII letters only, and the result has no affinity. */
export function lower(v: Value, dialect: SqlDialect): Value {
  if (v.storage === 'null') return v;
  const base = { ...v, storage: 'text' as const, affinity: 'none' as const, render: undefined };
  if (v.constant !== undefined) {
    const text = lowerAscii(
      typeof v.constant === 'number' ? numberText(v.constant, v.render ?? 'real') : v.constant,
    );
    return {
      ...base,
      constant: text,
      sql: dialect.name === 'postgres' ? pgText(text) : sql`LOWER(${v.sql})`,
    };
  }
  if (dialect.name === 'sqlite') return { ...base, sql: sql`LOWER(${sqliteText(v)})` };
  const text = pgTextOf(v);
  return { ...base, sql: text === null || 'constant' in text ? sql`NULL` : pgLowerAscii(text.sql) };
}

/**
 * ORDER BY keys of a value in SQLite's order (NULL, then numbers, then text bytewise), each paired
 * with whether it is text (PostgreSQL orders text with COLLATE "C").
 */
export function sortKeys(v: Value, dialect: SqlDialect): { sql: Sql; text: boolean }[] {
  if (dialect.name === 'sqlite') return [{ sql: v.sql, text: false }];
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
}
