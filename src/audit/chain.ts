// The audit log's tamper evidence: every entry's hash covers its canonical form and the hash of the
// entry before it, so editing, deleting or reordering a stored row breaks the chain from there on.
// Pure: no I/O. The canonical form is versioned and must never change for a version once shipped.
import { hash } from 'node:crypto';
import type { AuditLogTable } from '../db/types.js';

/** The `prevHash` of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The stored columns an entry's hash covers, in the order of the canonical form (`changes` and
 * `data` as their stored JSON text). Never reorder: it would change every hash.
 */
export const CHAINED_COLUMNS = [
  'id',
  'at',
  'actorType',
  'actorId',
  'actorEmail',
  'ip',
  'userAgent',
  'action',
  'targetType',
  'targetId',
  'result',
  'changes',
  'data',
] as const;

export type ChainedFields = Pick<AuditLogTable, (typeof CHAINED_COLUMNS)[number]>;

/** Version 1 of the canonical form: a JSON array in a fixed order, so no key order can differ. */
export function canonicalEntry(row: ChainedFields): string {
  // Spelled out rather than mapped over CHAINED_COLUMNS (bulk appends hash thousands of entries);
  // chain.test.ts checks that the two agree.
  return JSON.stringify([
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
}

/** SHA-256 (hex) over the previous entry's hash and this entry's canonical form. */
export function entryHash(prevHash: string, row: ChainedFields): string {
  return hash('sha256', `${prevHash}\n${canonicalEntry(row)}`, 'hex');
}

export interface ChainBreak {
  seq: number;
  id: string;
  reason: string;
}

/**
 * Walks entries in their stored order, one batch at a time: the first entry must continue from
 * `anchor` (the genesis hash, or the last purged entry's hash); each one must link to the one before
 * and hash to what it says.
 */
export class ChainWalker {
  private expectedPrev: string;
  checked = 0;
  lastHash: string;

  constructor(anchor: string) {
    this.expectedPrev = anchor;
    this.lastHash = anchor;
  }

  /** The first break in `rows`, or null when they continue the chain. */
  check(
    rows: readonly (ChainedFields & { seq: number | string; prevHash: string; hash: string })[],
  ): ChainBreak | null {
    for (const row of rows) {
      const seq = Number(row.seq);
      if (row.prevHash !== this.expectedPrev) {
        return {
          seq,
          id: row.id,
          reason:
            this.checked === 0
              ? 'the first entry does not continue from the chain anchor (entries before it were removed)'
              : 'prevHash does not match the entry before it (an entry was removed, inserted or reordered)',
        };
      }
      if (entryHash(row.prevHash, row) !== row.hash) {
        return { seq, id: row.id, reason: 'the entry was modified after it was written' };
      }
      this.expectedPrev = row.hash;
      this.lastHash = row.hash;
      this.checked++;
    }
    return null;
  }
}
