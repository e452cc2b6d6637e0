// The filter's values: one side of a comparison (its SQL, storage and SQLite affinity), the
// constants, how numbers read as text, and PocketBase's shapes of `=`. How a database compares two
// values is its FilterDialect's (dialect.ts): SQLite's own rules, or those rules spelled out.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { SqlDialect } from '../../db/dialect.js';
import type { JoinSet } from './joins.js';
import { lowerAscii } from './like.js';

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
export function goString(value: string | number): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
  return String(value);
}

export function textConstant(value: string, dialect: SqlDialect): Value {
  return {
    sql: dialect.textParam(value),
    storage: 'text',
    affinity: 'none',
    constant: value,
    param: true,
    fallback: 'auto',
  };
}

/** A number parameter: a float (literals) or an integer (the @second… macros). */
export function numberConstant(value: number, dialect: SqlDialect, render: Render): Value {
  return {
    sql: dialect.numberParam(value, render === 'int'),
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

export const EMPTY_TEXT: Value = {
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

export const not = (c: Cond): Cond => sql<SqlBool>`(NOT ${c})`;

/** A constant's text lowered as SQLite's LOWER does (ASCII letters only); undefined when not constant. */
export function loweredConstant(v: Value): string | undefined {
  if (v.constant === undefined) return undefined;
  return lowerAscii(
    typeof v.constant === 'number' ? numberText(v.constant, v.render ?? 'real') : v.constant,
  );
}

/** What `LOWER(v)` is on either database: text with no affinity. */
export function loweredBase(v: Value): Value {
  return { ...v, storage: 'text', affinity: 'none', render: undefined };
}

// ---------------------------------------------------------------------------------------------
// PocketBase's shapes of `=` and `!=` (filter.go resolveEqualExpr), decided once for both databases

export type EqualityShape =
  /** A JSON side disables the NULL fallback: plain null-safe IS. */
  | { k: 'is' }
  /** Both sides are empty (NULL or ''): equal. */
  | { k: 'bothEmpty' }
  /** A side is known non-empty: compare `a` and `b` (an empty side read as ''). */
  | { k: 'known'; a: Value; b: Value }
  /** One side is empty: `a` against `b` (the empty side as ''), or `other` (the other side) NULL. */
  | { k: 'oneEmpty'; a: Value; b: Value; other: Value }
  /** Neither is known: both sides COALESCEd to ''. */
  | { k: 'coalesce' };

export function equalityShape(l: Value, r: Value): EqualityShape {
  if (l.fallback === 'disabled' || r.fallback === 'disabled') return { k: 'is' };
  const le = isEmpty(l);
  const re = isEmpty(r);
  if (le && re) return { k: 'bothEmpty' };
  if (isKnown(l) || isKnown(r)) {
    return { k: 'known', a: le ? EMPTY_TEXT : l, b: re ? EMPTY_TEXT : r };
  }
  if (le) return { k: 'oneEmpty', a: EMPTY_TEXT, b: r, other: r };
  if (re) return { k: 'oneEmpty', a: l, b: EMPTY_TEXT, other: l };
  return { k: 'coalesce' };
}
