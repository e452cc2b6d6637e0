// PocketBase's strftime(format, [time-value, modifiers…]) filter function (tools/search/
// token_functions.go, v0.28+), with the same answer on both databases. SQLite runs its own
// strftime; PostgreSQL builds the same text from to_char. Both accept the same inputs: time values
// `YYYY-MM-DD[( |T)HH:MM[:SS[.SSS]]][Z]` that name a real date (anything else is NULL, as SQLite
// answers for text it cannot read), the format specifiers and the modifiers listed below.
import { sql } from 'kysely';
import { nowTimestamp } from '../../lib/time.js';
import type { FilterDialect } from './dialect.js';
import type { Sql, Value } from './value.js';

/** SQLite strftime substitutions Gatehouse reproduces, as PostgreSQL to_char patterns or SQL. */
const SPECIFIERS: Record<string, (ts: Sql) => Sql> = {
  d: (ts) => sql`to_char(${ts}, 'DD')`,
  e: (ts) => sql`lpad(to_char(${ts}, 'FMDD'), 2, ' ')`,
  f: (ts) => sql`to_char(${ts}, 'SS.MS')`,
  F: (ts) => sql`to_char(${ts}, 'YYYY-MM-DD')`,
  H: (ts) => sql`to_char(${ts}, 'HH24')`,
  I: (ts) => sql`to_char(${ts}, 'HH12')`,
  j: (ts) => sql`to_char(${ts}, 'DDD')`,
  k: (ts) => sql`lpad(to_char(${ts}, 'FMHH24'), 2, ' ')`,
  l: (ts) => sql`lpad(to_char(${ts}, 'FMHH12'), 2, ' ')`,
  m: (ts) => sql`to_char(${ts}, 'MM')`,
  M: (ts) => sql`to_char(${ts}, 'MI')`,
  p: (ts) => sql`to_char(${ts}, 'AM')`,
  P: (ts) => sql`to_char(${ts}, 'am')`,
  R: (ts) => sql`to_char(${ts}, 'HH24:MI')`,
  s: (ts) => sql`CAST(CAST(trunc(EXTRACT(EPOCH FROM ${ts})) AS bigint) AS text)`,
  S: (ts) => sql`to_char(${ts}, 'SS')`,
  T: (ts) => sql`to_char(${ts}, 'HH24:MI:SS')`,
  u: (ts) => sql`to_char(${ts}, 'ID')`,
  w: (ts) => sql`CAST(CAST(EXTRACT(DOW FROM ${ts}) AS integer) AS text)`,
  Y: (ts) => sql`to_char(${ts}, 'YYYY')`,
};

export const STRFTIME_SPECIFIERS = Object.keys(SPECIFIERS);

export type Part = { literal: string } | { spec: string };

/** The format's parts, or the reason it is refused. */
export function parseFormat(format: string): Part[] | string {
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < format.length; i++) {
    const c = format.charAt(i);
    if (c !== '%') {
      literal += c;
      continue;
    }
    const next = format.charAt(i + 1);
    i++;
    if (next === '%') {
      literal += '%';
    } else if (next in SPECIFIERS) {
      if (literal !== '') parts.push({ literal });
      literal = '';
      parts.push({ spec: next });
    } else {
      return next === ''
        ? 'the format ends with a lone "%"'
        : `the substitution "%${next}" is not supported (supported: ${STRFTIME_SPECIFIERS.map((s) => `%${s}`).join(' ')} %%)`;
    }
  }
  if (literal !== '') parts.push({ literal });
  return parts;
}

export type TimeModifier =
  | { kind: 'start'; unit: 'day' | 'month' | 'year' }
  | { kind: 'add'; amount: number; unit: 'day' | 'hour' | 'minute' | 'second' };

const ADD = /^([+-]?\d+(?:\.\d+)?) (day|hour|minute|second)s?$/i;
const START = /^start of (day|month|year)$/i;

/** A modifier, or null when it is not one Gatehouse reproduces on both databases. */
export function parseModifier(text: string): TimeModifier | null {
  const start = START.exec(text);
  if (start) return { kind: 'start', unit: (start[1] ?? 'day').toLowerCase() as 'day' };
  const add = ADD.exec(text);
  if (add) {
    return {
      kind: 'add',
      amount: Number(add[1]),
      unit: (add[2] ?? 'day').toLowerCase() as 'day' | 'hour' | 'minute' | 'second',
    };
  }
  return null;
}

/** The time values both databases read alike (PostgreSQL side; SQLite's is `sqliteGuard`). */
const TIME_VALUE =
  '^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(?:[ T]([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9](?:\\.[0-9]{1,3})?))?)?Z?$';
const TIME_VALUE_JS = new RegExp(TIME_VALUE);

/** True when a literal time value is one both databases read (a real date in the accepted shape). */
export function isTimeValue(text: string): boolean {
  const m = TIME_VALUE_JS.exec(text);
  if (!m || m[1] === '0000') return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** SQLite: the value has the accepted shape and names a real date (SQLite would roll Feb 30 over). */
function sqliteGuard(v: Sql): Sql {
  const date = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
  const shapes: string[] = [];
  for (const time of ['', '[ T][0-9][0-9]:[0-9][0-9]', '[ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]']) {
    const fractions = time.endsWith(':[0-9][0-9]:[0-9][0-9]')
      ? ['', '.[0-9]', '.[0-9][0-9]', '.[0-9][0-9][0-9]']
      : [''];
    for (const fraction of fractions) {
      for (const zone of ['', 'Z']) shapes.push(`${date}${time}${fraction}${zone}`);
    }
  }
  const globs = sql.join(
    shapes.map((g) => sql`${v} GLOB ${sql.lit(g)}`),
    sql` OR `,
  );
  return sql`((${globs}) AND substr(${v}, 1, 4) <> '0000' AND (length(${v}) <= 11 OR substr(${v}, 12, 2) < '24') AND strftime('%Y-%m-%d', ${v}) = substr(${v}, 1, 10))`;
}

/** PostgreSQL: the timestamp (without time zone, read as UTC) of an accepted time value, else NULL. */
function pgTimestamp(v: Sql): Sql {
  const g = sql`regexp_match(${v}, ${sql.lit(TIME_VALUE)})`;
  const ts = sql`(make_timestamp(CAST((${g})[1] AS integer), CAST((${g})[2] AS integer), 1, 0, 0, 0) + make_interval(days => CAST((${g})[3] AS integer) - 1, hours => COALESCE(CAST((${g})[4] AS integer), 0), mins => COALESCE(CAST((${g})[5] AS integer), 0), secs => COALESCE(CAST((${g})[6] AS double precision), 0)))`;
  const real = sql`(to_char(make_date(CAST((${g})[1] AS integer), CAST((${g})[2] AS integer), 1) + (CAST((${g})[3] AS integer) - 1), 'YYYY-MM-DD') = substr(${v}, 1, 10))`;
  return sql`(CASE WHEN ${g} IS NOT NULL AND (${g})[1] <> '0000' AND ${real} THEN ${ts} END)`;
}

function pgModified(ts: Sql, modifiers: readonly TimeModifier[]): Sql {
  let out = ts;
  for (const m of modifiers) {
    out =
      m.kind === 'start'
        ? sql`date_trunc(${sql.lit(m.unit)}, ${out})`
        : sql`(${out} + ${m.amount} * ${sql.raw(`interval '1 ${m.unit}'`)})`;
  }
  return out;
}

/**
 * strftime(format, time, modifiers) as a text Value (NULL when the time value is not readable).
 * `time` is a text Value (a column or a constant), or null for "now".
 */
export function strftimeValue(
  filter: FilterDialect,
  format: string,
  parts: Part[],
  time: Value | null,
  modifierTexts: readonly string[],
  modifiers: readonly TimeModifier[],
): Value {
  const base = {
    storage: 'text' as const,
    affinity: 'none' as const,
    fallback: 'enforced' as const,
  };
  const timeValue = time ?? {
    sql: sql`${nowTimestamp()}`,
    storage: 'text' as const,
    affinity: 'none' as const,
    constant: nowTimestamp(),
    fallback: 'auto' as const,
  };
  if (timeValue.storage === 'null') return { ...base, sql: sql`NULL` };
  return { ...base, sql: filter.strftime(format, parts, timeValue, modifierTexts, modifiers) };
}

/** SQLite: its own strftime, over time values both databases read alike (else NULL). */
export function sqliteStrftime(format: string, time: Value, modifierTexts: readonly string[]): Sql {
  const args = sql.join([
    sql`${format}`,
    time.sql,
    ...modifierTexts.map((m) => sql`${m.toLowerCase()}`),
  ]);
  if (typeof time.constant === 'string') {
    return isTimeValue(time.constant) ? sql`strftime(${args})` : sql`NULL`;
  }
  return sql`(CASE WHEN ${sqliteGuard(time.sql)} THEN strftime(${args}) END)`;
}

/** PostgreSQL: the same text built from to_char, NULL for time values SQLite could not read. */
export function postgresStrftime(
  parts: readonly Part[],
  time: Value,
  modifiers: readonly TimeModifier[],
): Sql {
  const text = typeof time.constant === 'string' ? sql`CAST(${time.constant} AS text)` : time.sql;
  const ts = pgModified(pgTimestamp(text), modifiers);
  const pieces = parts.map((p) =>
    'literal' in p ? sql`CAST(${p.literal} AS text)` : (SPECIFIERS[p.spec] ?? (() => sql`''`))(ts),
  );
  const body = pieces.length === 0 ? sql`''` : sql.join(pieces, sql` || `);
  return sql`(CASE WHEN ${ts} IS NOT NULL THEN ${body} END)`;
}
