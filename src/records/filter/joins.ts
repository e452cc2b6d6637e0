// The LEFT JOINs a filter reads through (relations, back-relations, @collection, @request.auth),
// one per path: as in PocketBase, comparisons that name the same path read the same joined row.
import { sql } from 'kysely';
import type { Aliases } from '../sql.js';
import type { Sql } from './value.js';

export class JoinSet {
  private readonly joins: Sql[] = [];
  private readonly byKey = new Map<string, string>();

  constructor(readonly aliases: Aliases) {}

  /** The alias registered under `key`; the first time, `make` builds the join for a new alias. */
  join(key: string, make: (alias: string) => Sql): string {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const alias = this.aliases.next();
    this.byKey.set(key, alias);
    this.joins.push(make(alias));
    return alias;
  }

  get empty(): boolean {
    return this.joins.length === 0;
  }

  /** `FROM` for a subquery over these joins: one row, widened by each LEFT JOIN. */
  from(): Sql {
    const one = sql.id(this.aliases.next());
    return this.joins.length === 0
      ? sql`(SELECT 1) AS ${one}`
      : sql`(SELECT 1) AS ${one} ${sql.join(this.joins, sql` `)}`;
  }

  /** `FROM` of this set followed by the joins of `other` (every pair of their rows). */
  fromWith(other: JoinSet): Sql {
    return other.joins.length === 0
      ? this.from()
      : sql`${this.from()} ${sql.join(other.joins, sql` `)}`;
  }
}
