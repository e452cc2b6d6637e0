// Filter operands → Values: fields and their paths (relations, back-relations, JSON keys,
// modifiers), @request.*, @collection.*, macros, literals and functions, as PocketBase's record
// field resolver reads them (core/record_field_resolver_runner.go). Every relation it follows joins
// the related collection inside the caller's view scope, so a filter never reads a record the
// caller could not view.
import { type SqlBool, sql } from 'kysely';
import type { ScopeRule } from '../../access/index.js';
import type { SqlDialect } from '../../db/dialect.js';
import { AppError } from '../../errors.js';
import { toTimestamp } from '../../lib/time.js';
import {
  type CollectionDef,
  type FieldDef,
  backRelation,
  fieldOf,
  findCollection,
  getCollection,
} from '../../catalogue/collections.js';
import { scopeSql } from '../scope-sql.js';
import { col, table } from '../sql.js';
import type { Modifier, Operand } from './ast.js';
import { JoinSet } from './joins.js';
import { DATETIME_MACROS } from './parse.js';
import { parseFormat, parseModifier, strftimeValue } from './strftime.js';
import {
  type Cond,
  NULL_VALUE,
  type Sql,
  type Value,
  knownInteger,
  lower,
  numberConstant,
  textConstant,
} from './value.js';

/** The signed-in account a filter's `@request.auth.*` reads. */
export interface AuthInfo {
  collection: 'users' | '_superusers';
  id: string;
  email: string;
}

/** What `@request.*` reads besides the account (a list request has no body). */
export interface RequestInfo {
  method: string;
  context: string;
  /** Header names lower-cased with "-" written "_", as PocketBase normalises them. */
  headers: Record<string, string>;
  query: Record<string, string>;
}

export interface FilterContext {
  dialect: SqlDialect;
  aliases: import('../sql.js').Aliases;
  /** The view rule of a collection for the caller (every relation a filter follows stays inside it). */
  viewRule: (collection: CollectionDef) => ScopeRule;
  /** `@request.auth`; null for guests. */
  auth: AuthInfo | null;
  request?: RequestInfo;
  /**
   * Superusers (PocketBase's allowHiddenFields): another user's email is filterable only when the
   * user made it visible, unless this is set.
   */
  allowHidden: boolean;
}

/** PocketBase's maxNestedRels. */
export const MAX_RELATION_HOPS = 6;

export function filterError(message: string, pos: number): AppError {
  const text = `Invalid filter at position ${pos}: ${message}`;
  return new AppError(400, 'invalid_filter', text, {
    filter: { code: 'validation_invalid_filter', message: text },
  });
}

/** Where a path is being read from. */
interface Walk {
  collection: CollectionDef;
  alias: string;
  /** The join key of this point (paths that share a prefix share its joins). */
  key: string;
  /** A multi-valued step was taken (PocketBase's withMultiMatch). */
  multi: boolean;
  /** The row may be missing (a LEFT JOIN), so its columns may be NULL. */
  nullable: boolean;
  allowHidden: boolean;
  /** Unknown fields read as NULL instead of failing (PocketBase's @request.* leniency). */
  lenient: boolean;
}

export class Resolver {
  constructor(
    private readonly base: CollectionDef,
    private readonly root: string,
    private readonly ctx: FilterContext,
  ) {}

  private get dialect(): SqlDialect {
    return this.ctx.dialect;
  }

  /** The Value of an operand, its joins registered in `joins`. */
  operand(node: Operand, joins: JoinSet): Value {
    const value = this.resolve(node, joins);
    if (!value.multi) return value;
    // Re-resolving the same operand over fresh joins gives PocketBase's multi-match subquery.
    return { ...value, multi: (fresh) => ({ ...this.resolve(node, fresh), multi: undefined }) };
  }

  private resolve(node: Operand, joins: JoinSet): Value {
    switch (node.kind) {
      case 'string':
        return textConstant(node.value, this.dialect);
      case 'number':
        return numberConstant(node.value, this.dialect, 'real');
      case 'bool':
        return knownInteger(node.value ? 1 : 0);
      case 'null':
        return NULL_VALUE;
      case 'macro':
        return this.macro(node, joins);
      case 'function':
        return this.call(node, joins);
      case 'field':
        return this.walk(this.start(), node.path, node.modifier, joins, node.pos);
    }
  }

  private start(): Walk {
    return {
      collection: this.base,
      alias: this.root,
      key: '',
      multi: false,
      nullable: false,
      allowHidden: this.ctx.allowHidden,
      lenient: false,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Field paths

  private walk(
    from: Walk,
    path: readonly string[],
    modifier: Modifier | null,
    joins: JoinSet,
    pos: number,
  ): Value {
    let w = from;
    const written = path.join('.');
    for (let i = 0; i < path.length; i++) {
      const name = path[i] ?? '';
      if (i === path.length - 1) return this.lastProp(w, name, modifier, joins, pos, written);
      const field = fieldOf(w.collection, name);
      if (field?.type === 'json') {
        if (modifier !== null) {
          throw filterError(
            `modifiers such as ":${modifier}" cannot follow a key inside the JSON field "${name}" ("${written}:${modifier}").`,
            pos,
          );
        }
        return this.column(w, field, path.slice(i + 1));
      }
      if (i >= MAX_RELATION_HOPS) {
        throw filterError(
          `"${written}" goes through more than ${MAX_RELATION_HOPS} relations.`,
          pos,
        );
      }
      if (!field) {
        const back = backRelation(w.collection, name);
        if (!back) {
          if (w.lenient) return NULL_VALUE;
          throw filterError(
            `unknown field "${name}" in "${written}" (collection "${w.collection.name}").`,
            pos,
          );
        }
        w = this.joinBack(w, name, back.from, back.field, joins);
        continue;
      }
      if (field.type !== 'relation') {
        throw filterError(`"${name}" is not a relation, so "${written}" cannot be followed.`, pos);
      }
      // "rel.id" reads the relation's own column, as PocketBase does for single relations.
      if (!field.multiple && i === path.length - 2 && path[i + 1] === 'id' && modifier === null) {
        return this.lastProp(w, name, null, joins, pos, written);
      }
      w = this.joinForward(w, field, joins);
    }
    throw filterError(`empty field path.`, pos);
  }

  private scope(target: CollectionDef, alias: string): Cond | null {
    return scopeSql(this.ctx.viewRule(target), target.name, alias, this.ctx.aliases);
  }

  private on(...conds: (Cond | Sql | null)[]): Sql {
    const parts = conds.filter((c): c is Cond => c !== null);
    return sql.join(parts, sql` AND `);
  }

  private joinForward(w: Walk, field: FieldDef, joins: JoinSet): Walk {
    const target = getCollection(field.collection ?? '');
    const key = `${w.key}.${field.name}`;
    let alias: string;
    if (!field.multiple) {
      alias = joins.join(
        key,
        (a) =>
          sql`LEFT JOIN ${table(target.name, a)} ON ${this.on(sql`${col(a, 'id')} = ${col(w.alias, field.name)}`, this.scope(target, a))}`,
      );
    } else {
      alias = joins.join(key, (a) => {
        const r = this.ctx.aliases.next();
        return sql`LEFT JOIN (${table('record_relations', r)} INNER JOIN ${table(target.name, a)} ON ${this.on(sql`${col(a, 'id')} = ${col(r, 'targetId')}`, this.scope(target, a))}) ON ${col(r, 'collection')} = ${w.collection.name} AND ${col(r, 'field')} = ${field.name} AND ${col(r, 'recordId')} = ${col(w.alias, 'id')}`;
      });
    }
    return {
      ...w,
      collection: target,
      alias,
      key,
      multi: w.multi || field.multiple === true,
      nullable: true,
    };
  }

  private joinBack(
    w: Walk,
    name: string,
    from: CollectionDef,
    field: FieldDef,
    joins: JoinSet,
  ): Walk {
    const key = `${w.key}.${name}`;
    const alias = joins.join(key, (a) => {
      if (!field.multiple) {
        return sql`LEFT JOIN ${table(from.name, a)} ON ${this.on(sql`${col(a, field.name)} = ${col(w.alias, 'id')}`, this.scope(from, a))}`;
      }
      const r = this.ctx.aliases.next();
      return sql`LEFT JOIN (${table('record_relations', r)} INNER JOIN ${table(from.name, a)} ON ${this.on(sql`${col(a, 'id')} = ${col(r, 'recordId')}`, this.scope(from, a))}) ON ${col(r, 'collection')} = ${from.name} AND ${col(r, 'field')} = ${field.name} AND ${col(r, 'targetId')} = ${col(w.alias, 'id')}`;
    });
    // A back-relation is multi-valued (no single-column unique index makes it one-to-one here).
    return { ...w, collection: from, alias, key, multi: true, nullable: true };
  }

  /** The last step of a path: the field's value, through its modifier. */
  private lastProp(
    w: Walk,
    name: string,
    modifier: Modifier | null,
    joins: JoinSet,
    pos: number,
    written: string,
  ): Value {
    const field = fieldOf(w.collection, name);
    if (!field || field.hidden) {
      if (w.lenient) return NULL_VALUE;
      if (backRelation(w.collection, name)) {
        throw filterError(
          `"${name}" names records, not a value: compare one of their fields, e.g. "${written}.id".`,
          pos,
        );
      }
      throw filterError(`unknown field "${written}" in collection "${w.collection.name}".`, pos);
    }
    const arrayable = field.type === 'relation' || field.type === 'select';
    const shown = `${written}:${modifier ?? ''}`;
    switch (modifier) {
      case null:
        return this.guarded(w, field, this.column(w, field, []));
      case 'lower':
        return this.guarded(w, field, lower(this.column(w, field, []), this.dialect));
      case 'length':
        if (!arrayable)
          throw filterError(
            `":length" applies to relation and select fields, not to "${shown}".`,
            pos,
          );
        return this.length(w, field);
      case 'each':
        if (!arrayable)
          throw filterError(
            `":each" applies to relation and select fields, not to "${shown}".`,
            pos,
          );
        return this.each(w, field, joins);
      case 'isset':
      case 'changed':
        throw filterError(
          `":${modifier}" applies to @request.body fields only, not to "${shown}".`,
          pos,
        );
    }
  }

  /** PocketBase shows another account's email only when visible; filtering on it follows suit. */
  private guarded(w: Walk, field: FieldDef, value: Value): Value {
    if (
      field.name !== 'email' ||
      w.allowHidden ||
      w.collection.type !== 'auth' ||
      !fieldOf(w.collection, 'emailVisibility')
    ) {
      return value;
    }
    return { ...value, guard: sql<SqlBool>`(${col(w.alias, 'emailVisibility')} = 1)` };
  }

  /** A column's value by its field type; for json fields, the value at `jsonPath`. */
  private column(w: Walk, field: FieldDef, jsonPath: readonly string[]): Value {
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
          sql: this.dialect.jsonExtract(ref, jsonPath),
          storage: 'json',
          affinity: 'none',
          fallback: 'disabled',
          ...multi,
        };
      case 'relation':
        if (field.multiple) return { ...this.rawList(w, field), ...multi };
        return { sql: ref, storage: 'text', affinity: 'text', fallback: 'auto', ...multi };
      default:
        return { sql: ref, storage: 'text', affinity: 'text', fallback: 'auto', ...multi };
    }
  }

  /** A multiple relation read directly: PocketBase's stored text, a JSON array of ids in order. */
  private rawList(w: Walk, field: FieldDef): Value {
    const r = this.ctx.aliases.next();
    const where = sql`${col(r, 'collection')} = ${w.collection.name} AND ${col(r, 'field')} = ${field.name} AND ${col(r, 'recordId')} = ${col(w.alias, 'id')}`;
    const list =
      this.dialect.name === 'sqlite'
        ? sql`(SELECT json_group_array(${col(r, 'targetId')} ORDER BY ${col(r, 'pos')}, ${col(r, 'targetId')}) FROM ${table('record_relations', r)} WHERE ${where})`
        : sql`(SELECT '[' || COALESCE(string_agg('"' || ${col(r, 'targetId')} || '"', ',' ORDER BY ${col(r, 'pos')}, ${col(r, 'targetId')}), '') || ']' FROM ${table('record_relations', r)} WHERE ${where})`;
    const value = w.nullable
      ? sql`(CASE WHEN ${col(w.alias, 'id')} IS NULL THEN NULL ELSE ${list} END)`
      : list;
    return { sql: value, storage: 'text', affinity: 'none', fallback: 'auto' };
  }

  private length(w: Walk, field: FieldDef): Value {
    const multi = w.multi ? { multi: () => NULL_VALUE } : {};
    let count: Sql;
    if (field.type === 'relation' && field.multiple) {
      const r = this.ctx.aliases.next();
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
  private each(w: Walk, field: FieldDef, joins: JoinSet): Value {
    const plain = (ref: Sql) => (this.dialect.name === 'sqlite' ? sql`+${ref}` : ref);
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

  // -------------------------------------------------------------------------------------------
  // Macros: @now…, @request.*, @collection.*

  private macro(node: Extract<Operand, { kind: 'macro' }>, joins: JoinSet): Value {
    if (node.name === 'collection') return this.collection(node, joins);
    if (node.name === 'request') return this.request(node, joins);
    if (DATETIME_MACROS.includes(node.name)) return this.datetime(node.name);
    throw filterError(`unknown macro "@${node.name}".`, node.pos);
  }

  private datetime(name: string): Value {
    const now = new Date();
    const y = now.getUTCFullYear();
    const mo = now.getUTCMonth();
    const d = now.getUTCDate();
    const text = (date: Date) => textConstant(toTimestamp(date), this.dialect);
    const int = (n: number) => numberConstant(n, this.dialect, 'int');
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

  private collection(node: Extract<Operand, { kind: 'macro' }>, joins: JoinSet): Value {
    const [name = '', ...rest] = node.path;
    const target = findCollection(name);
    if (!target)
      throw filterError(
        `unknown collection "${name}" in "@collection.${node.path.join('.')}".`,
        node.pos,
      );
    const aliasKey =
      node.alias !== undefined ? `@alias:${node.alias}` : `@collection:${target.name}`;
    if (node.alias !== undefined) {
      const named = this.aliasUse.get(node.alias);
      if (named !== undefined && named !== target.name) {
        throw filterError(
          `the alias "${node.alias}" already names the collection "${named}".`,
          node.pos,
        );
      }
      this.aliasUse.set(node.alias, target.name);
    }
    const alias = joins.join(
      aliasKey,
      (a) => sql`LEFT JOIN ${table(target.name, a)} ON ${this.scope(target, a) ?? sql`1=1`}`,
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
    return this.walk(w, rest, node.modifier, joins, node.pos);
  }

  private readonly aliasUse = new Map<string, string>();

  private request(node: Extract<Operand, { kind: 'macro' }>, joins: JoinSet): Value {
    const [area = '', ...rest] = node.path;
    const written = `@request.${node.path.join('.')}`;
    const modifier = node.modifier;
    const staticValue = (value: string | undefined, present: boolean): Value => {
      if (modifier === 'isset') return knownInteger(present ? 1 : 0);
      if (modifier !== null && modifier !== 'lower') {
        throw filterError(`":${modifier}" is not supported on "${written}".`, node.pos);
      }
      if (value === undefined) return NULL_VALUE;
      const v = textConstant(value, this.dialect);
      return modifier === 'lower' ? lower(v, this.dialect) : v;
    };
    const request = this.ctx.request;
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
        return this.body(rest, modifier, node.pos, written);
      case 'auth':
        return this.auth(rest, modifier, joins, node.pos, written);
      default:
        throw filterError(`unknown request field "${written}".`, node.pos);
    }
  }

  /** A list request has no body: every field is missing (and so never set nor changed). */
  private body(
    path: readonly string[],
    modifier: Modifier | null,
    pos: number,
    written: string,
  ): Value {
    const field = fieldOf(this.base, path[0] ?? '');
    switch (modifier) {
      case 'isset':
        return knownInteger(0);
      case 'changed':
        if (!field || path.length !== 1)
          throw filterError(
            `":changed" needs a field of "${this.base.name}", not "${written}".`,
            pos,
          );
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

  private auth(
    path: readonly string[],
    modifier: Modifier | null,
    joins: JoinSet,
    pos: number,
    written: string,
  ): Value {
    const auth = this.ctx.auth;
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
        const v = textConstant(plain[first] ?? '', this.dialect);
        return modifier === 'lower' ? lower(v, this.dialect) : v;
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
    return this.walk(w, path, modifier, joins, pos);
  }

  // -------------------------------------------------------------------------------------------
  // Functions

  private call(node: Extract<Operand, { kind: 'function' }>, joins: JoinSet): Value {
    if (node.name === 'strftime') return this.strftime(node, joins);
    if (node.name === 'geoDistance') return this.geoDistance(node, joins);
    throw filterError(
      `unknown function "${node.name}" (supported: strftime, geoDistance).`,
      node.pos,
    );
  }

  private strftime(node: Extract<Operand, { kind: 'function' }>, joins: JoinSet): Value {
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
      timeValue = this.resolve(time, joins);
      const textual = timeValue.storage === 'text' || timeValue.storage === 'null';
      if (!textual)
        throw filterError(`strftime's time value must be a date string or a date field.`, time.pos);
    }
    const texts = mods.map((m) => (m.kind === 'string' ? m.value : ''));
    const value = strftimeValue(this.dialect, format.value, parts, timeValue, texts, modifiers);
    return timeValue?.multi ? { ...value, multi: () => NULL_VALUE } : value;
  }

  private geoDistance(node: Extract<Operand, { kind: 'function' }>, joins: JoinSet): Value {
    if (node.args.length !== 4)
      throw filterError(`geoDistance takes 4 arguments (lonA, latA, lonB, latB).`, node.pos);
    const args = node.args.map((arg) => {
      const v = arg.kind === 'number' || arg.kind === 'field' ? this.resolve(arg, joins) : null;
      if (!v || v.storage !== 'num') {
        throw filterError(`geoDistance's arguments must be numbers or number fields.`, arg.pos);
      }
      return v;
    });
    const [lonA, latA, lonB, latB] = args.map((a) => a.sql) as [Sql, Sql, Sql, Sql];
    const cosine = sql`(cos(radians(${latA})) * cos(radians(${latB})) * cos(radians(${lonB}) - radians(${lonA})) + sin(radians(${latA})) * sin(radians(${latB})))`;
    // SQLite's acos is NULL outside [-1, 1]; PostgreSQL's raises an error.
    const acos =
      this.dialect.name === 'sqlite'
        ? sql`acos(${cosine})`
        : sql`(CASE WHEN ${cosine} BETWEEN -1 AND 1 THEN acos(${cosine}) END)`;
    const value: Value = {
      sql: sql`(6371 * ${acos})`,
      storage: 'num',
      render: 'real',
      affinity: 'none',
      fallback: 'disabled',
    };
    return args.some((a) => a.multi) ? { ...value, multi: () => NULL_VALUE } : value;
  }
}
