// `?inGroup=<id>` on the users list: members of the group or of any group beneath it, at any depth;
// `?memberOf=<id>`: members of that group itself (what `groups.id ?= '<id>'` says, read through the
// relations index instead of joining every user: 3.2 s → milliseconds at 100k users on PostgreSQL,
// bench/admin-screens-ui.ts).
// A PocketBase filter can follow `groups.parent.parent…` only to a fixed depth, so this is a
// parameter of its own, ANDed with the scope and the filter. One recursive query, the same text on
// both databases (UNION stops at a group already seen); an unknown group matches no one. `IN`, not
// a correlated EXISTS: SQLite re-ran the recursive query per user row (84 s at 100k users, measured
// with bench/admin-screens.ts; 45 ms with IN).
import { sql } from 'kysely';
import { fieldError } from '../errors.js';
import type { CollectionDef } from '../catalogue/collections.js';
import { type Cond, col } from './sql.js';

function usersOnly(collection: CollectionDef, param: 'inGroup' | 'memberOf'): void {
  if (collection.name !== 'users')
    throw fieldError(param, 'validation_invalid_value', `Only the users list takes ${param}.`);
}

const members = (alias: string, groups: ReturnType<typeof sql>): Cond =>
  sql`${col(alias, 'id')} IN (SELECT "recordId" FROM "record_relations" WHERE "collection" = 'users' AND "field" = 'groups' AND "targetId" IN (${groups}))`;

export function memberOfSql(collection: CollectionDef, alias: string, groupId: string): Cond {
  usersOnly(collection, 'memberOf');
  return members(alias, sql`${groupId}`);
}

export function inGroupSql(collection: CollectionDef, alias: string, groupId: string): Cond {
  usersOnly(collection, 'inGroup');
  const subtree = sql`WITH RECURSIVE "sub"("id") AS (SELECT "id" FROM "groups" WHERE "id" = ${groupId} UNION SELECT "g"."id" FROM "groups" AS "g" JOIN "sub" ON "g"."parent" = "sub"."id") SELECT "id" FROM "sub"`;
  return members(alias, subtree);
}
