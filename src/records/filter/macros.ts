// Filter macros as Values: @now and the other date/time macros, @request.* (context, method,
// query, headers, body, auth) and @collection.* (another collection, inside the caller's view).
import { sql } from 'kysely';
import { fieldOf, findCollection, getCollection } from '../../catalogue/collections.js';
import { toTimestamp } from '../../lib/time.js';
import { col, table } from '../sql.js';
import type { Modifier, Operand } from './ast.js';
import { type Walk, filterError } from './context.js';
import type { JoinSet } from './joins.js';
import { DATETIME_MACROS } from './parse.js';
import type { Resolver } from './resolve.js';
import { NULL_VALUE, type Value, knownInteger, numberConstant, textConstant } from './value.js';

export function macroValue(
  r: Resolver,
  node: Extract<Operand, { kind: 'macro' }>,
  joins: JoinSet,
): Value {
  if (node.name === 'collection') return collection(r, node, joins);
  if (node.name === 'request') return request(r, node, joins);
  if (DATETIME_MACROS.includes(node.name)) return datetime(r, node.name);
  throw filterError(`unknown macro "@${node.name}".`, node.pos);
}

function datetime(r: Resolver, name: string): Value {
  const now = new Date();
  const y = now.getUTCFullYear();
  const mo = now.getUTCMonth();
  const d = now.getUTCDate();
  const text = (date: Date) => textConstant(toTimestamp(date), r.dialect);
  const int = (n: number) => numberConstant(n, r.dialect, 'int');
  switch (name) {
    case 'now':
      return text(now);
    case 'yesterday':
      return text(new Date(now.getTime() - 86_400_000));
    case 'tomorrow':
      return text(new Date(now.getTime() + 86_400_000));
    case 'second':
      return int(now.getUTCSeconds());
    case 'minute':
      return int(now.getUTCMinutes());
    case 'hour':
      return int(now.getUTCHours());
    case 'weekday':
      return int(now.getUTCDay());
    case 'day':
      return int(d);
    case 'month':
      return int(mo + 1);
    case 'year':
      return int(y);
    case 'todayStart':
      return text(new Date(Date.UTC(y, mo, d)));
    case 'todayEnd':
      return text(new Date(Date.UTC(y, mo, d + 1) - 1));
    case 'monthStart':
      return text(new Date(Date.UTC(y, mo, 1)));
    case 'monthEnd':
      return text(new Date(Date.UTC(y, mo + 1, 1) - 1));
    case 'yearStart':
      return text(new Date(Date.UTC(y, 0, 1)));
    default:
      return text(new Date(Date.UTC(y + 1, 0, 1) - 1));
  }
}

function collection(r: Resolver, node: Extract<Operand, { kind: 'macro' }>, joins: JoinSet): Value {
  const [name = '', ...rest] = node.path;
  const target = findCollection(name);
  if (!target)
    throw filterError(
      `unknown collection "${name}" in "@collection.${node.path.join('.')}".`,
      node.pos,
    );
  const aliasKey = node.alias !== undefined ? `@alias:${node.alias}` : `@collection:${target.name}`;
  if (node.alias !== undefined) {
    const named = r.aliasUse.get(node.alias);
    if (named !== undefined && named !== target.name) {
      throw filterError(
        `the alias "${node.alias}" already names the collection "${named}".`,
        node.pos,
      );
    }
    r.aliasUse.set(node.alias, target.name);
  }
  const alias = joins.join(
    aliasKey,
    (a) => sql`LEFT JOIN ${table(target.name, a)} ON ${r.scope(target, a) ?? sql`1=1`}`,
  );
  const w: Walk = {
    collection: target,
    alias,
    key: aliasKey,
    multi: true,
    nullable: true,
    allowHidden: true,
    lenient: false,
  };
  return r.walk(w, rest, node.modifier, joins, node.pos);
}

function request(r: Resolver, node: Extract<Operand, { kind: 'macro' }>, joins: JoinSet): Value {
  const [area = '', ...rest] = node.path;
  const written = `@request.${node.path.join('.')}`;
  const modifier = node.modifier;
  const staticValue = (value: string | undefined, present: boolean): Value => {
    if (modifier === 'isset') return knownInteger(present ? 1 : 0);
    if (modifier !== null && modifier !== 'lower') {
      throw filterError(`":${modifier}" is not supported on "${written}".`, node.pos);
    }
    if (value === undefined) return NULL_VALUE;
    const v = textConstant(value, r.dialect);
    return modifier === 'lower' ? r.filter.lower(v) : v;
  };
  const request = r.ctx.request;
  switch (area) {
    case 'context':
      return staticValue(request?.context ?? 'default', true);
    case 'method':
      return staticValue(request?.method ?? 'GET', true);
    case 'query':
    case 'headers': {
      const map = (area === 'query' ? request?.query : request?.headers) ?? {};
      const key = rest[0] ?? '';
      const present = rest.length === 1 && Object.hasOwn(map, key);
      return staticValue(present ? map[key] : undefined, present);
    }
    case 'body':
      return body(r, rest, modifier, node.pos, written);
    case 'auth':
      return auth(r, rest, modifier, joins, node.pos, written);
    default:
      throw filterError(`unknown request field "${written}".`, node.pos);
  }
}

/** A list request has no body: every field is missing (and so never set nor changed). */
function body(
  r: Resolver,
  path: readonly string[],
  modifier: Modifier | null,
  pos: number,
  written: string,
): Value {
  const field = fieldOf(r.base, path[0] ?? '');
  switch (modifier) {
    case 'isset':
      return knownInteger(0);
    case 'changed':
      if (!field || path.length !== 1)
        throw filterError(`":changed" needs a field of "${r.base.name}", not "${written}".`, pos);
      return knownInteger(0);
    case 'length':
    case 'each': {
      if (!field || path.length !== 1) return NULL_VALUE;
      if (field.type !== 'relation' && field.type !== 'select') {
        throw filterError(
          `":${modifier}" applies to relation and select fields, not to "${written}".`,
          pos,
        );
      }
      if (modifier === 'length') return knownInteger(0);
      // Each item of an empty list: one NULL row, multi-valued when the field is.
      return field.multiple ? { ...NULL_VALUE, multi: () => NULL_VALUE } : NULL_VALUE;
    }
    default:
      return NULL_VALUE;
  }
}

function auth(
  r: Resolver,
  path: readonly string[],
  modifier: Modifier | null,
  joins: JoinSet,
  pos: number,
  written: string,
): Value {
  const auth = r.ctx.auth;
  if (modifier === 'isset' || modifier === 'changed') {
    throw filterError(`":${modifier}" is not supported on "${written}".`, pos);
  }
  if (!auth) return NULL_VALUE;
  const collection = getCollection(auth.collection);
  const [first = ''] = path;
  if (path.length === 1 && (modifier === null || modifier === 'lower')) {
    const plain: Record<string, string> = {
      id: auth.id,
      email: auth.email,
      collectionId: collection.id,
      collectionName: collection.name,
    };
    if (Object.hasOwn(plain, first)) {
      const v = textConstant(plain[first] ?? '', r.dialect);
      return modifier === 'lower' ? r.filter.lower(v) : v;
    }
  }
  const alias = joins.join(
    '@auth',
    (a) => sql`LEFT JOIN ${table(collection.name, a)} ON ${col(a, 'id')} = ${auth.id}`,
  );
  const w: Walk = {
    collection,
    alias,
    key: '@auth',
    multi: false,
    nullable: true,
    allowHidden: true,
    lenient: true,
  };
  return r.walk(w, path, modifier, joins, pos);
}
