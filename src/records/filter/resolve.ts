// Filter operands → Values: field paths (relations, back-relations, JSON keys, modifiers), as
// PocketBase's record field resolver reads them (core/record_field_resolver_runner.go); macros are
// macros.ts's, functions functions.ts's, a field's value by its kind fields.ts's. Every relation a
// path follows joins the related collection inside the caller's view scope, so a filter never reads
// a record the caller could not view.
import { sql } from 'kysely';
import {
  type CollectionDef,
  type FieldDef,
  backRelation,
  fieldOf,
  getCollection,
} from '../../catalogue/collections.js';
import type { SqlDialect } from '../../db/dialect.js';
import { scopeSql } from '../scope-sql.js';
import { col, table } from '../sql.js';
import type { Modifier, Operand } from './ast.js';
import { type FilterContext, MAX_RELATION_HOPS, type Walk, filterError } from './context.js';
import { type FilterDialect, filterDialect } from './dialect.js';
import { columnValue, eachValue, guarded, lengthValue } from './fields.js';
import { functionValue } from './functions.js';
import type { JoinSet } from './joins.js';
import { macroValue } from './macros.js';
import {
  type Cond,
  NULL_VALUE,
  type Sql,
  type Value,
  knownInteger,
  numberConstant,
  textConstant,
} from './value.js';

export {
  type AuthInfo,
  type FilterContext,
  type RequestInfo,
  MAX_RELATION_HOPS,
  filterError,
} from './context.js';

export class Resolver {
  /** How the database compares values (read by fields.ts, macros.ts and functions.ts too). */
  readonly filter: FilterDialect;
  /** `@collection.name:alias` → the collection the alias names (one meaning per filter). */
  readonly aliasUse = new Map<string, string>();

  constructor(
    readonly base: CollectionDef,
    private readonly root: string,
    readonly ctx: FilterContext,
  ) {
    this.filter = filterDialect(ctx.dialect);
  }

  get dialect(): SqlDialect {
    return this.ctx.dialect;
  }

  /** The Value of an operand, its joins registered in `joins`. */
  operand(node: Operand, joins: JoinSet): Value {
    const value = this.resolve(node, joins);
    if (!value.multi) return value;
    // Re-resolving the same operand over fresh joins gives PocketBase's multi-match subquery.
    return { ...value, multi: (fresh) => ({ ...this.resolve(node, fresh), multi: undefined }) };
  }

  resolve(node: Operand, joins: JoinSet): Value {
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
        return macroValue(this, node, joins);
      case 'function':
        return functionValue(this, node, joins);
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
      emailsVisible: this.ctx.emailsVisible === true,
      lenient: false,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Field paths

  walk(
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
        return columnValue(this, w, field, path.slice(i + 1));
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

  scope(target: CollectionDef, alias: string): Cond | null {
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
        return guarded(w, field, columnValue(this, w, field, []));
      case 'lower':
        return guarded(w, field, this.filter.lower(columnValue(this, w, field, [])));
      case 'length':
        if (!arrayable)
          throw filterError(
            `":length" applies to relation and select fields, not to "${shown}".`,
            pos,
          );
        return lengthValue(this, w, field);
      case 'each':
        if (!arrayable)
          throw filterError(
            `":each" applies to relation and select fields, not to "${shown}".`,
            pos,
          );
        return eachValue(this, w, field, joins);
      case 'isset':
      case 'changed':
        throw filterError(
          `":${modifier}" applies to @request.body fields only, not to "${shown}".`,
          pos,
        );
    }
  }
}
