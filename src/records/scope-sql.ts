// Compiles an access/ scope rule to a SQL condition on a collection's table alias.
import { sql } from 'kysely';
import type { ParentRule, ScopeRule } from '../access/index.js';
import { type Aliases, type Cond, FALSE, and, col, table } from './sql.js';

/** The condition that keeps `alias` rows inside `rule`, or null when every row is in scope. */
export function scopeSql(
  rule: ScopeRule,
  collection: string,
  alias: string,
  aliases: Aliases,
): Cond | null {
  switch (rule.kind) {
    case 'all':
      return null;
    case 'none':
      return FALSE;
    case 'self':
      return sql`${col(alias, 'id')} = ${rule.userId}`;
    case 'member': {
      // Each branch is a range scan of the (targetId, collection, field) index: the records
      // shared with the user, and those shared with any group in the user's reach.
      const direct = sql`SELECT "recordId" FROM "record_relations" WHERE "targetId" = ${rule.userId} AND "collection" = ${collection} AND "field" = ${rule.field}`;
      if (rule.groupIds.length === 0) return sql`${col(alias, 'id')} IN (${direct})`;
      const viaGroups = sql`SELECT "recordId" FROM "record_relations" WHERE "targetId" IN (${sql.join(rule.groupIds)}) AND "collection" = ${collection} AND "field" = ${rule.groupField}`;
      return sql`${col(alias, 'id')} IN (${direct} UNION ALL ${viaGroups})`;
    }
    case 'owner':
      return and([
        sql`${col(alias, rule.field)} = ${rule.userId}`,
        rule.parent ? parentSql(rule.parent, alias, aliases) : null,
      ]);
    case 'parent':
      return parentSql(rule.parent, alias, aliases);
  }
}

function parentSql(parent: ParentRule, alias: string, aliases: Aliases): Cond | null {
  const inner = alias + '_p';
  const condition = scopeSql(parent.rule, parent.collection, inner, aliases);
  if (condition === null) return null;
  return sql`${col(alias, parent.field)} IN (SELECT ${col(inner, 'id')} FROM ${table(parent.collection, inner)} WHERE ${condition})`;
}
