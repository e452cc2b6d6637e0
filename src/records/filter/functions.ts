// Filter functions as Values: strftime(format, time, modifiers…) and geoDistance(lonA, latA, lonB, latB).
import { sql } from 'kysely';
import type { Operand } from './ast.js';
import { filterError } from './context.js';
import type { JoinSet } from './joins.js';
import type { Resolver } from './resolve.js';
import { parseFormat, parseModifier, strftimeValue } from './strftime.js';
import { NULL_VALUE, type Sql, type Value } from './value.js';

export function functionValue(
  r: Resolver,
  node: Extract<Operand, { kind: 'function' }>,
  joins: JoinSet,
): Value {
  if (node.name === 'strftime') return strftime(r, node, joins);
  if (node.name === 'geoDistance') return geoDistance(r, node, joins);
  throw filterError(
    `unknown function "${node.name}" (supported: strftime, geoDistance).`,
    node.pos,
  );
}

function strftime(
  r: Resolver,
  node: Extract<Operand, { kind: 'function' }>,
  joins: JoinSet,
): Value {
  const [format, time, ...mods] = node.args;
  if (node.args.length > 10) throw filterError(`strftime takes at most 10 arguments.`, node.pos);
  if (format?.kind !== 'string')
    throw filterError(`strftime's first argument must be a format string.`, node.pos);
  const parts = parseFormat(format.value);
  if (typeof parts === 'string') throw filterError(`strftime: ${parts}.`, format.pos);
  const modifiers = mods.map((m) => {
    const parsed = m.kind === 'string' ? parseModifier(m.value) : null;
    if (!parsed) {
      throw filterError(
        `strftime modifiers must be strings such as '+1 day', '-2 hours' or 'start of month' (days, hours, minutes, seconds; start of day, month, year).`,
        m.pos,
      );
    }
    return parsed;
  });
  let timeValue: Value | null = null;
  if (time !== undefined) {
    if (time.kind === 'number' || time.kind === 'bool' || time.kind === 'function') {
      throw filterError(`strftime's time value must be a date string or a date field.`, time.pos);
    }
    timeValue = r.resolve(time, joins);
    const textual = timeValue.storage === 'text' || timeValue.storage === 'null';
    if (!textual)
      throw filterError(`strftime's time value must be a date string or a date field.`, time.pos);
  }
  const texts = mods.map((m) => (m.kind === 'string' ? m.value : ''));
  const value = strftimeValue(r.filter, format.value, parts, timeValue, texts, modifiers);
  return timeValue?.multi ? { ...value, multi: () => NULL_VALUE } : value;
}

function geoDistance(
  r: Resolver,
  node: Extract<Operand, { kind: 'function' }>,
  joins: JoinSet,
): Value {
  if (node.args.length !== 4)
    throw filterError(`geoDistance takes 4 arguments (lonA, latA, lonB, latB).`, node.pos);
  const args = node.args.map((arg) => {
    const v = arg.kind === 'number' || arg.kind === 'field' ? r.resolve(arg, joins) : null;
    if (!v || v.storage !== 'num') {
      throw filterError(`geoDistance's arguments must be numbers or number fields.`, arg.pos);
    }
    return v;
  });
  const [lonA, latA, lonB, latB] = args.map((a) => a.sql) as [Sql, Sql, Sql, Sql];
  const cosine = sql`(cos(radians(${latA})) * cos(radians(${latB})) * cos(radians(${lonB}) - radians(${lonA})) + sin(radians(${latA})) * sin(radians(${latB})))`;
  const value: Value = {
    sql: sql`(6371 * ${r.dialect.acos(cosine)})`,
    storage: 'num',
    render: 'real',
    affinity: 'none',
    fallback: 'disabled',
  };
  return args.some((a) => a.multi) ? { ...value, multi: () => NULL_VALUE } : value;
}
