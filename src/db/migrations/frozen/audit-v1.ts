// Frozen for the migrations: version 1 of the audit chain (audit/chain.ts, fixed by contract) and an
// append as audit/audit.repo.ts made one when migration 0011 was written.
import { hash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { MigrationDialect } from './dialect.js';
import { timeOrderedIds, timestamp } from './values.js';

/** The `prevHash` of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns an entry's hash covers (`changes` and `data` as their stored JSON text). */
export interface ChainedFieldsV1 {
  id: string;
  at: string;
  actorType: string;
  actorId: string;
  actorEmail: string;
  ip: string;
  userAgent: string;
  action: string;
  targetType: string;
  targetId: string;
  result: string;
  changes: string | null;
  data: string | null;
}

/** SHA-256 (hex) over the previous entry's hash and the entry's canonical form v1. */
export function entryHashV1(prevHash: string, row: ChainedFieldsV1): string {
  const canonical = JSON.stringify([
    'v1',
    row.id,
    row.at,
    row.actorType,
    row.actorId,
    row.actorEmail,
    row.ip,
    row.userAgent,
    row.action,
    row.targetType,
    row.targetId,
    row.result,
    row.changes,
    row.data,
  ]);
  return hash('sha256', `${prevHash}\n${canonical}`, 'hex');
}

/** The head's lock, as audit.repo.ts wrote it then. */
const LOCK_HEAD: Record<MigrationDialect, string> = {
  sqlite: 'SELECT "lastHash" FROM "audit_head" WHERE "id" = 1',
  postgres: 'SELECT "lastHash" FROM "audit_head" WHERE "id" = 1 FOR UPDATE',
};

/** An entry a migration writes: done by the system, from no address. */
export interface SystemEntry {
  action: string;
  target: { type: string; id: string };
  data: Record<string, unknown>;
}

/**
 * Appends `entries` by the system to the chain, inside the migration's transaction `db`: locks the
 * head (PostgreSQL: FOR UPDATE; SQLite: one writer at a time), chains and inserts the rows, and
 * moves the head. Migrations write ASCII ids and words only, so the well-formed step of the live
 * append (lone surrogates → U+FFFD) changes nothing here and is left out.
 */
export async function appendSystemAuditV1(
  db: Kysely<unknown>,
  dialect: MigrationDialect,
  entries: readonly SystemEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const { rows } = await sql<{ lastHash: string }>`${sql.raw(LOCK_HEAD[dialect])}`.execute(db);
  const head = rows[0];
  if (!head) throw new Error('audit_head is missing; run migrations');
  let prev = head.lastHash;
  const now = Date.now();
  const at = timestamp(new Date(now));
  const ids = timeOrderedIds(entries.length, now);
  const stored = entries.map((entry, i) => {
    const row: ChainedFieldsV1 = {
      id: ids[i] ?? '',
      at,
      actorType: 'system',
      actorId: '',
      actorEmail: '',
      ip: '',
      userAgent: '',
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      result: 'success',
      changes: null,
      data: JSON.stringify(entry.data),
    };
    const hashed = { ...row, prevHash: prev, hash: entryHashV1(prev, row) };
    prev = hashed.hash;
    return hashed;
  });
  await (db as Kysely<{ audit_log: Record<string, unknown> }>)
    .insertInto('audit_log')
    .values(stored)
    .execute();
  await sql`UPDATE "audit_head" SET "lastHash" = ${prev} WHERE "id" = 1`.execute(db);
}
