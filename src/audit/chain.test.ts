import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHAINED_COLUMNS,
  ChainWalker,
  type ChainedFields,
  GENESIS_HASH,
  MAX_REPORTED_BREAKS,
  canonicalEntry,
  entryHash,
} from './chain.js';

const row: ChainedFields = {
  id: 'a1b2c3d4e5f6g7h8i9j0',
  at: '2026-12-01 10:00:00.000Z',
  actorType: 'superuser',
  actorId: 'abcdefghijklmno',
  actorEmail: 'root@example.com',
  ip: '127.0.0.1',
  userAgent: 'vitest "quoted" \\ ünïcode',
  action: 'user.create',
  targetType: 'users',
  targetId: 'pqrstuvwxyzabcd',
  result: 'success',
  changes: JSON.stringify({ email: [null, 'a@example.com'] }),
  data: null,
};

describe('audit chain canonical form v1', () => {
  it('is the JSON array of "v1" and the chained columns in their declared order', () => {
    expect(canonicalEntry(row)).toBe(
      JSON.stringify(['v1', ...CHAINED_COLUMNS.map((column) => row[column])]),
    );
  });

  it('hashes SHA-256 over the previous hash, a newline and the canonical form (pinned)', () => {
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalEntry(row)}`)
      .digest('hex');
    expect(entryHash(GENESIS_HASH, row)).toBe(expected);
    // Pinned: a change to the canonical form would silently break every stored chain.
    expect(entryHash(GENESIS_HASH, row)).toBe(PINNED);
  });

  it('walks a chain and names the modified entry', () => {
    const first = { ...row, seq: 1, prevHash: GENESIS_HASH, hash: entryHash(GENESIS_HASH, row) };
    const second = { ...row, id: 'x', seq: 2, prevHash: first.hash, hash: '' };
    second.hash = entryHash(first.hash, second);
    const intact = new ChainWalker(GENESIS_HASH);
    intact.check([first, second]);
    intact.finish(second.hash);
    expect(intact).toMatchObject({ checked: 2, brokenCount: 0, broken: [] });
    const edited = { ...second, result: 'failure' };
    const walker = new ChainWalker(GENESIS_HASH);
    walker.check([first, edited]);
    walker.finish(second.hash);
    expect(walker.broken).toEqual([
      {
        seq: 2,
        id: 'x',
        problems: ['hash'],
        reason: 'hash does not match its contents (the entry was modified after it was written)',
      },
    ]);
  });

  it('lists the first `limit` broken entries and counts them all', () => {
    let prevHash = GENESIS_HASH;
    const chain = Array.from({ length: 30 }, (_, i) => {
      const entry = { ...row, id: `e${String(i)}`, seq: i + 1, prevHash, hash: '' };
      entry.hash = entryHash(prevHash, entry);
      prevHash = entry.hash;
      return entry;
    });
    const walker = new ChainWalker(GENESIS_HASH, 10);
    walker.check(chain.map((entry) => ({ ...entry, result: 'tampered' })));
    walker.finish(prevHash);
    expect(walker.brokenCount).toBe(30);
    expect(walker.broken.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(MAX_REPORTED_BREAKS).toBe(1000);
  });

  it('hashes well-formed text beyond ASCII as it always did (pinned)', () => {
    // Pairs, U+FFFD itself and a backslash-u written as text are kept as they are by appends.
    const unicode = {
      ...row,
      actorEmail: 'zoë@example.com',
      userAgent: 'emoji \u{1F600} and U+FFFD \ufffd',
      changes: JSON.stringify({ name: ['\\ud800 as text', 'ключ \u{1F600}'] }),
    };
    expect(entryHash(GENESIS_HASH, unicode)).toBe(PINNED_UNICODE);
  });
});

const PINNED = 'd7abf5a2f2f8b5ebcf8e2c02fc30c45c29136ecb104c5c781d7ed25419c93e2f';
const PINNED_UNICODE = '96890051d5b39c007d05a19ad6f8f79debf0829bc2ad42987104a360763a8c69';
