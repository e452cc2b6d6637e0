// The access review's reads: read-only queries across `users`, `api_tokens`, `sessions` and
// `audit_log` (their owners' repos write them; nothing here does). Each list is one COUNT and one
// capped page, whole in SQL — no query per row.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';

export interface Page<T> {
  total: number;
  items: T[];
}

export interface InactiveRow {
  id: string;
  name: string;
  email: string;
  created: string;
  lastAudit: string | null;
  lastSession: string | null;
}

export interface TokenReviewRow {
  id: string;
  name: string;
  prefix: string;
  created: string;
  lastUsedAt: string;
  expiresAt: string;
  userId: string;
  userName: string;
  userEmail: string;
  userKind: string;
  userStatus: string;
}

export interface ServiceAccountReviewRow {
  id: string;
  name: string;
  email: string;
  owner: string;
  ownerStatus: string | null;
}

/**
 * One capped page of `from` and its total, in one statement (`COUNT(*) OVER ()`); a count only when
 * `limit` is 0 (Complete review).
 */
async function page<T>(
  db: Db,
  from: RawBuilder<unknown>,
  orderBy: RawBuilder<unknown>,
  limit: number,
): Promise<Page<T>> {
  if (limit === 0) {
    const count = await sql<{ n: unknown }>`SELECT COUNT(*) AS "n" FROM ${from} AS "q"`.execute(db);
    return { total: toNumber(count.rows[0]?.n), items: [] };
  }
  const result = await sql<
    T & { reviewTotal: unknown }
  >`SELECT "q".*, COUNT(*) OVER () AS "reviewTotal"
    FROM ${from} AS "q" ORDER BY ${orderBy} LIMIT ${limit}`.execute(db);
  const total = toNumber(result.rows[0]?.reviewTotal);
  const items = result.rows.map(({ reviewTotal: _, ...row }) => row as T);
  return { total, items };
}

/**
 * Active human accounts whose last sign-in — the newest successful `auth.signin` audit entry (index
 * `audit_log_target`) or session opened (index `sessions_account`), whichever is later — is before
 * `cutoff`; never signed in counts from `created`.
 */
export function inactiveAccounts(
  db: Db,
  cutoff: string,
  limit: number,
): Promise<Page<InactiveRow>> {
  const last = sql`CASE WHEN "lastAudit" IS NULL THEN COALESCE("lastSession", "created")
    WHEN "lastSession" IS NULL OR "lastAudit" > "lastSession" THEN "lastAudit" ELSE "lastSession" END`;
  return page(db, inactiveAccountsFrom(cutoff), sql`${last}, "id"`, limit);
}

/** The derived table of `inactiveAccounts` (exported for its query-plan test). */
export function inactiveAccountsFrom(cutoff: string): RawBuilder<unknown> {
  // MATERIALIZED: each user's two lookups run once (a flattened derived table would repeat them
  // in every condition below). `"action" || ''`: no index on the action, so each lookup is a range
  // of audit_log_target (the user's own entries), never a walk through every sign-in.
  return sql`(WITH "w" AS MATERIALIZED (SELECT u."id", u."name", u."email", u."created",
      (SELECT MAX(a."at") FROM "audit_log" AS a WHERE a."targetType" = 'users' AND a."targetId" = u."id"
        AND a."action" || '' = 'auth.signin' AND a."result" = 'success') AS "lastAudit",
      (SELECT MAX(s."created") FROM "sessions" AS s WHERE s."collection" = 'users'
        AND s."accountId" = u."id") AS "lastSession"
    FROM "users" AS u WHERE u."kind" = 'user' AND u."status" = 'active')
    SELECT * FROM "w" WHERE ("lastAudit" IS NULL OR "lastAudit" < ${cutoff})
      AND ("lastSession" IS NULL OR "lastSession" < ${cutoff})
      AND ("lastAudit" IS NOT NULL OR "lastSession" IS NOT NULL OR "created" < ${cutoff}))`;
}

/** What a token list asks of a token that still works (not revoked, not expired at `now`). */
export type TokenCondition =
  | { kind: 'heldByDisabled' }
  | { kind: 'neverUsed' }
  | { kind: 'unusedSince'; cutoff: string }
  | { kind: 'withoutExpiry' }
  | { kind: 'expiringBy'; until: string };

function tokenWhere(c: TokenCondition): RawBuilder<unknown> {
  switch (c.kind) {
    case 'heldByDisabled':
      return sql`u."status" <> 'active'`;
    case 'neverUsed':
      return sql`t."lastUsedAt" = ''`;
    case 'unusedSince':
      return sql`t."lastUsedAt" <> '' AND t."lastUsedAt" < ${c.cutoff}`;
    case 'withoutExpiry':
      return sql`t."expiresAt" = ''`;
    case 'expiringBy':
      return sql`t."expiresAt" <> '' AND t."expiresAt" <= ${c.until}`;
  }
}

/** Working tokens (with their account) that meet `c`, oldest first. */
export function tokens(
  db: Db,
  now: string,
  c: TokenCondition,
  limit: number,
): Promise<Page<TokenReviewRow>> {
  const from = sql`(SELECT t."id", t."name", t."prefix", t."created", t."lastUsedAt", t."expiresAt",
      u."id" AS "userId", u."name" AS "userName", u."email" AS "userEmail", u."kind" AS "userKind",
      u."status" AS "userStatus"
    FROM "api_tokens" AS t INNER JOIN "users" AS u ON u."id" = t."userId"
    WHERE t."revokedAt" = '' AND (t."expiresAt" = '' OR t."expiresAt" > ${now}) AND ${tokenWhere(c)})`;
  const order =
    c.kind === 'expiringBy'
      ? sql`"expiresAt", "id"`
      : c.kind === 'unusedSince'
        ? sql`"lastUsedAt", "id"`
        : sql`"created", "id"`;
  return page(db, from, order, limit);
}

/**
 * Active service accounts without an owner, or whose owner is gone or not active (index
 * `users_kind_owner`; the owner by primary key).
 */
export function unownedServiceAccounts(
  db: Db,
  limit: number,
): Promise<Page<ServiceAccountReviewRow>> {
  const from = sql`(SELECT s."id", s."name", s."email", s."owner", o."status" AS "ownerStatus"
    FROM "users" AS s LEFT JOIN "users" AS o ON o."id" = s."owner" AND s."owner" <> ''
    WHERE s."kind" = 'service' AND s."status" = 'active'
      AND (o."id" IS NULL OR o."status" <> 'active'))`;
  return page(db, from, sql`"name", "id"`, limit);
}

/** Names and emails of `ids` (one query; a page of the privileged users). */
export async function accountsById(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { name: string; email: string; kind: string; status: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'kind', 'status'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
