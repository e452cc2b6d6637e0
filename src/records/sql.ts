// Small SQL-building helpers shared by the scope and filter compilers (always parameterised).
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

export type Cond = RawBuilder<SqlBool>;
export type SqlValue = Expression<unknown>;

export const TRUE: Cond = sql<SqlBool>`1=1`;
export const FALSE: Cond = sql<SqlBool>`1=0`;

/** A quoted `alias.column` reference. */
export function col(alias: string, column: string): RawBuilder<unknown> {
  return sql.ref(`${alias}.${column}`);
}

export function table(name: string, alias: string): RawBuilder<unknown> {
  return sql`${sql.table(name)} AS ${sql.id(alias)}`;
}

export function and(conds: readonly (Cond | null)[]): Cond {
  const parts = conds.filter((c): c is Cond => c !== null);
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0] ?? TRUE;
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

export function or(conds: readonly Cond[]): Cond {
  if (conds.length === 0) return FALSE;
  return sql<SqlBool>`(${sql.join(conds, sql` OR `)})`;
}

/** Fresh table aliases for nested subqueries (t1, t2, …), one sequence per compiled query. */
export class Aliases {
  private n = 0;
  next(): string {
    this.n += 1;
    return `t${this.n}`;
  }
}
