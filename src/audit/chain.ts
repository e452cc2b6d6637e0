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

/**
 * What is wrong with an entry:
 * - `hash`: its hash does not match its contents (it was edited after it was written);
 * - `link`: its prevHash does not follow the entry stored before it (an entry before it was
 *   removed, or entries were reordered);
 * - `anchor`: the same for the oldest entry, against the chain anchor (entries before it removed);
 * - `moved`: the entry after it links to the entry before it, so this one does not belong here
 *   (inserted, or moved from elsewhere);
 * - `head`: it is the newest entry but the chain head records another (entries after it were
 *   removed, or it was appended behind the head's back); seq 0 when the log is empty.
 */
export type ChainProblem = 'hash' | 'link' | 'anchor' | 'moved' | 'head';

export interface ChainBreak {
  seq: number;
  id: string;
  problems: ChainProblem[];
  /** The problems in words. */
  reason: string;
}

const REASONS: Record<ChainProblem, string> = {
  hash: 'hash does not match its contents (the entry was modified after it was written)',
  link: 'prevHash does not follow the previous entry (an entry before it was removed, or entries were reordered)',
  anchor: 'prevHash does not match the chain anchor (entries before it were removed)',
  moved: 'the entry after it links to the entry before it (this entry was inserted or moved here)',
  head: 'head does not match the newest entry (entries after this one were removed, or this one was added without moving the head)',
};

const EMPTY_LOG_REASON =
  'head does not match: the log is empty but the chain head records entries (all entries were removed)';

/** How many broken entries a report lists (all are counted). */
export const MAX_REPORTED_BREAKS = 1000;

type StoredEntry = ChainedFields & { seq: number | string; prevHash: string; hash: string };

/**
 * Walks entries in their stored order, one batch at a time, and records every entry that does not
 * fit: each entry's hash is checked against its own contents and stored prevHash, and its prevHash
 * against the stored hash of the entry before it (the first: against `anchor`, the genesis hash or
 * the last purged entry's). The walk goes on from each entry's stored hash, so one edit names one
 * entry and two edits far apart name both. The first `limit` broken entries are kept, all counted.
 */
export class ChainWalker {
  checked = 0;
  lastHash: string;
  brokenCount = 0;
  readonly broken: ChainBreak[] = [];
  /** The hash of the entry two back (undefined until there is one) and the previous entry. */
  private beforePrev: string | undefined;
  private prev: { seq: number; id: string; break: ChainBreak | null } | null = null;

  constructor(
    anchor: string,
    private readonly limit = MAX_REPORTED_BREAKS,
  ) {
    this.lastHash = anchor;
  }

  /** Checks the next `rows` (in stored order). */
  check(rows: readonly StoredEntry[]): void {
    for (const row of rows) {
      const seq = Number(row.seq);
      const problems: ChainProblem[] = [];
      if (row.prevHash !== this.lastHash) {
        if (this.prev && row.prevHash === this.beforePrev) {
          // It links past the previous entry: that one is the intruder, this link is sound.
          this.blame(this.prev, 'moved');
        } else {
          problems.push(this.prev ? 'link' : 'anchor');
        }
      }
      if (entryHash(row.prevHash, row) !== row.hash) problems.push('hash');
      this.prev = { seq, id: row.id, break: null };
      for (const problem of problems) this.blame(this.prev, problem);
      this.beforePrev = this.lastHash;
      this.lastHash = row.hash;
      this.checked++;
    }
  }

  /** After the last entry: the chain head must record the newest entry's hash. */
  finish(headHash: string): void {
    if (headHash === this.lastHash) return;
    if (this.prev) this.blame(this.prev, 'head');
    else this.add({ seq: 0, id: '', problems: ['head'], reason: EMPTY_LOG_REASON });
  }

  private blame(
    entry: { seq: number; id: string; break: ChainBreak | null },
    problem: ChainProblem,
  ) {
    if (entry.break) {
      entry.break.problems.push(problem);
      entry.break.reason = entry.break.problems.map((p) => REASONS[p]).join('; ');
      return;
    }
    entry.break = { seq: entry.seq, id: entry.id, problems: [problem], reason: REASONS[problem] };
    this.add(entry.break);
  }

  private add(broken: ChainBreak): void {
    this.brokenCount++;
    if (this.broken.length < this.limit) this.broken.push(broken);
  }
}
