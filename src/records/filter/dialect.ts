// The filter's two renderings behind one interface: SQLite runs PocketBase's SQL as it is
// (sqlite.ts); PostgreSQL spells SQLite's rules out (postgres.ts). Chosen by the SqlDialect's name.
import type { DialectName, SqlDialect } from '../../db/dialect.js';
import { postgresFilter } from './postgres.js';
import { sqliteFilter } from './sqlite.js';
import type { TimeModifier, Part } from './strftime.js';
import type { Cond, Sql, Value } from './value.js';

/** An ORDER BY key, and whether it is text (PostgreSQL orders text with a bytewise collation). */
export interface SortKey {
  sql: Sql;
  text: boolean;
}

/** How one database writes the filter's comparisons with SQLite's (PocketBase's) semantics. */
export interface FilterDialect {
  /** True when `v` is NULL (used by PocketBase's `= ''` shapes and the multi-match checks). */
  isNull(v: Value): Cond;
  /** `l = r` (equal) or `l != r`, in PocketBase's shapes (filter.go resolveEqualExpr). */
  equality(l: Value, r: Value, equal: boolean): Cond;
  /** `l < r`, `<=`, `>`, `>=` with SQLite's rules. */
  ordering(l: Value, op: '<' | '<=' | '>' | '>=', r: Value): Cond;
  /** `l ~ r` / `l !~ r`: contains (a `%…%` pattern of a parameter, or of the other column's text). */
  like(l: Value, r: Value, negate: boolean): Cond;
  /** `LOWER(v)`: SQLite lowers ASCII letters only, and the result has no affinity. */
  lower(v: Value): Value;
  /** ORDER BY keys of a value in SQLite's order (NULL, then numbers, then text bytewise). */
  sortKeys(v: Value): SortKey[];
  /** strftime's text of a time value that is not NULL (strftime.ts decides the rest). */
  strftime(
    format: string,
    parts: readonly Part[],
    time: Value,
    modifierTexts: readonly string[],
    modifiers: readonly TimeModifier[],
  ): Sql;
  /** A column read without its affinity (`:each` items compare as plain values). */
  withoutAffinity(ref: Sql): Sql;
}

const BY_NAME: Record<DialectName, FilterDialect> = {
  sqlite: sqliteFilter,
  postgres: postgresFilter,
};

/** The filter's rendering for `dialect`. */
export function filterDialect(dialect: SqlDialect): FilterDialect {
  return BY_NAME[dialect.name];
}
