// Appends audit entries. Always called with the transaction of the change it records.
import type { Db } from '../db/connect.js';
import type { Tx } from '../db/types.js';
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import { type SqlDialect, dialectOf } from '../db/dialect.js';
import { bulkInsert } from '../db/bulk-insert.js';
import { timeOrderedIds } from '../lib/ids.js';
import { CHAINED_COLUMNS, type ChainedFields, canonicalEntry, entryHash } from './chain.js';
import { toTimestamp } from '../lib/time.js';
import { mayHoldLoneSurrogate, wellFormed, wellFormedDeep } from '../lib/well-formed.js';
import type { Actor, Principal } from '../access/index.js';

export interface AuditActor {
  type: 'user' | 'superuser' | 'token' | 'service' | 'cli' | 'system' | 'guest';
  id: string;
  email: string;
}

export type Changes = Record<string, [unknown, unknown]>;

export interface AuditEntry {
  actor: AuditActor;
  ip: string;
  userAgent: string;
  action: string;
  target: { type: string; id: string };
  result: 'success' | 'failure';
  changes?: Changes | null;
  data?: Record<string, unknown> | null;
}

export function actorOf(p: Principal): AuditActor {
  switch (p.type) {
    case 'user':
      // A service account is always 'service'; a person acting through one of their API tokens is
      // 'token' (the id stays the owner's, so filtering by actor finds both).
      return {
        type: p.kind === 'service' ? 'service' : p.token ? 'token' : 'user',
        id: p.id,
        email: p.email,
      };
    case 'superuser':
      return { type: p.type, id: p.id, email: p.email };
    default:
      return { type: p.type, id: '', email: '' };
  }
}

/** The entry fields that come from the actor: who, from which address and client. */
export function fromActor(actor: Actor) {
  return { actor: actorOf(actor.principal), ip: actor.ip, userAgent: actor.userAgent };
}

/**
 * Appends `entries` to the hash chain, in the transaction `tx` of the change they record: given a
 * plain connection this does not compile (an event that records no change goes through
 * `recordEvent`). The chain head is locked first (PostgreSQL: row lock until commit; SQLite: one
 * writer at a time), so concurrent writers append one after another and never fork it. Every
 * append goes through here: each text is made well-formed before it is hashed (see `auditRow`).
 */
export async function appendAudit(
  tx: Tx,
  entries: AuditEntry | readonly AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries)
    ? (entries as readonly AuditEntry[])
    : [entries as AuditEntry];
  if (list.length === 0) return;
  const db = tx;
  let prev = await lockChainHead(db);
  const now = Date.now();
  const at = toTimestamp(new Date(now));
  const ids = timeOrderedIds(list.length, now);
  const rows = list.map((entry, i) => {
    const row = auditRow(entry, ids[i] ?? '', at, prev);
    prev = row.hash;
    return row;
  });
  // Bulk changes append thousands of entries at once.
  await bulkInsert(db, 'audit_log', WRITTEN_COLUMNS, rows);
  await sql`UPDATE "audit_head" SET "lastHash" = ${prev} WHERE "id" = 1`.execute(db);
}

/**
 * Appends `entries` that record no change of their own (a refused sign-in attempt, an export) on
 * their own: the one place an audit row is written without a change beside it. One entry goes
 * through `writeAudited` (on PostgreSQL one statement), several through a transaction.
 */
export async function recordEvent(
  db: Db,
  entries: AuditEntry | readonly AuditEntry[],
): Promise<void> {
  if (!Array.isArray(entries)) return writeAudited(db, [], entries as AuditEntry);
  await db.transaction().execute((tx) => appendAudit(tx, entries));
}

/**
 * A data-modifying statement (INSERT, UPDATE, DELETE) that ends in RETURNING: its rows are
 * counted, never read (see `writeAudited`).
 */
export type AuditedWrite = RawBuilder<unknown>;

/**
 * Runs `writes`, in order, and appends `entry` for them, all or nothing. Where the database folds
 * writes (PostgreSQL), as one statement without BEGIN/COMMIT: one round trip instead of one per
 * statement. Its parts run in the order of a transaction's (each write, then the chain head is
 * locked: the head's lock waits on a count of every write's rows, so no write takes a row lock
 * while the head is held, as in `appendAudit`); the entry's hash is computed in SQL from the head
 * it locked and the entry's canonical form (computed here), so the chain is what `appendAudit`
 * would have made. Elsewhere, the same writes and `appendAudit` in a transaction.
 */
export async function writeAudited(
  db: Db,
  writes: readonly AuditedWrite[],
  entry: AuditEntry,
): Promise<void> {
  const dialect = dialectOf(db);
  if (!dialect.foldsWrites) {
    await db.transaction().execute(async (tx) => {
      for (const write of writes) await write.execute(tx);
      await appendAudit(tx, entry);
    });
    return;
  }
  const now = Date.now();
  const fields = chainedFields(entry, timeOrderedIds(1, now)[0] ?? '', toTimestamp(new Date(now)));
  const names = writes.map((_, i) => sql.id(`w${String(i)}`));
  const written = sql.join(
    [...names.map((w) => sql`(SELECT count(*) FROM ${w})`), sql`0`],
    sql` + `,
  );
  const hashed = dialect.sha256Hex(
    sql`"lastHash" || chr(10) || ${dialect.textParam(canonicalEntry(fields))}`,
  );
  // The row is made from "entry", so its `seq` is drawn after the head is locked (a VALUES row would
  // draw it first, out of the chain's order). Without a head row the entry's hashes are NULL, which
  // the INSERT refuses: nothing is written.
  await sql`WITH ${sql.join([
    ...writes.map((write, i) => sql`${names[i]} AS (${write})`),
    sql`"prev" AS MATERIALIZED (SELECT "lastHash" FROM "audit_head"
      WHERE "id" = 1 AND ${written} >= 0 FOR UPDATE)`,
    sql`"entry" AS (SELECT "lastHash" AS "prevHash", ${hashed} AS "hash" FROM "prev")`,
    sql`"head" AS (UPDATE "audit_head" SET "lastHash" = (SELECT "hash" FROM "entry")
      WHERE "id" = 1 RETURNING "id")`,
  ])}
    INSERT INTO "audit_log" (${sql.join(WRITTEN_COLUMNS.map((c) => sql.id(c)))})
    SELECT ${sql.join([
      ...CHAINED_COLUMNS.map((c) => fields[c]),
      sql`"entry"."prevHash"`,
      sql`"entry"."hash"`,
    ])}
    FROM (SELECT 1) AS "one" LEFT JOIN "entry" ON true`.execute(db);
}

/**
 * The stored row of `entry`, hashed. A lone UTF-16 surrogate (say from a sign-in identity sent as
 * `"\ud800@…"`) is stored as U+FFFD by PostgreSQL and as bytes read back differently by SQLite, so
 * a hash over the JavaScript string would never match the stored row again: every text, and every
 * string and key inside `changes` and `data`, is made well-formed first, and the hash is of what is
 * stored. Well-formed text passes unchanged (a check per field), so canonical form v1 is untouched.
 */
function auditRow(entry: AuditEntry, id: string, at: string, prevHash: string) {
  const fields = chainedFields(entry, id, at);
  return { ...fields, prevHash, hash: entryHash(prevHash, fields) };
}

/** The chained columns of `entry` as stored (well-formed: see `auditRow`). */
export function chainedFields(entry: AuditEntry, id: string, at: string): ChainedFields {
  return {
    id,
    at,
    actorType: wellFormed(entry.actor.type),
    actorId: wellFormed(entry.actor.id),
    actorEmail: wellFormed(entry.actor.email),
    ip: wellFormed(entry.ip),
    // After the cut, which may split a surrogate pair.
    userAgent: wellFormed(entry.userAgent.slice(0, 512)),
    action: wellFormed(entry.action),
    targetType: wellFormed(entry.target.type),
    targetId: wellFormed(entry.target.id),
    result: wellFormed(entry.result),
    changes: entry.changes ? auditJson(entry.changes) : null,
    data: entry.data ? auditJson(entry.data) : null,
  };
}

/**
 * JSON text of `value` with every string and key well-formed. JSON.stringify writes a lone
 * surrogate as a `\udXXX` escape (a valid pair as itself), so only a text with one needs the slow
 * path: parsed, made well-formed, written again.
 */
function auditJson(value: object): string {
  const text = JSON.stringify(value);
  return mayHoldLoneSurrogate(text) ? JSON.stringify(wellFormedDeep(JSON.parse(text))) : text;
}

/**
 * Takes the chain head for the rest of transaction `tx` (PostgreSQL: row lock; SQLite: transactions
 * already run one at a time) and returns the newest entry's hash.
 */
export async function lockChainHead(tx: Db): Promise<string> {
  const { rows } = await tx.executeQuery<{ lastHash: string }>(
    CompiledQuery.raw(lockHeadText(dialectOf(tx))),
  );
  const head = rows[0];
  if (!head) throw new Error('audit_head is missing; run migrations');
  return head.lastHash;
}

const lockHeadText = (dialect: SqlDialect) =>
  dialect.lockRows('SELECT "lastHash" FROM "audit_head" WHERE "id" = 1');

/** The columns an append writes (`seq` is the database's). */
const WRITTEN_COLUMNS = [...CHAINED_COLUMNS, 'prevHash', 'hash'] as const;

/** Every stored column of an entry, in order (exports list them so). */
export const AUDIT_COLUMNS = ['seq', ...WRITTEN_COLUMNS] as const;

/** Field-level diff of `before` → `after` over `fields`, for the audit entry's `changes`. */
export function diff<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]) {
  const changes: Changes = {};
  for (const field of fields) {
    if (before[field] !== after[field]) changes[field] = [before[field], after[field]];
  }
  return changes;
}
