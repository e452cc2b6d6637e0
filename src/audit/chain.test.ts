import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHAINED_COLUMNS,
  ChainWalker,
  type ChainedFields,
  GENESIS_HASH,
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

  it('walks a chain and names the first modified entry', () => {
    const first = { ...row, seq: 1, prevHash: GENESIS_HASH, hash: entryHash(GENESIS_HASH, row) };
    const second = { ...row, id: 'x', seq: 2, prevHash: first.hash, hash: '' };
    second.hash = entryHash(first.hash, second);
    expect(new ChainWalker(GENESIS_HASH).check([first, second])).toBeNull();
    const edited = { ...second, result: 'failure' };
    expect(new ChainWalker(GENESIS_HASH).check([first, edited])).toMatchObject({
      seq: 2,
      reason: 'the entry was modified after it was written',
    });
  });
});

const PINNED = 'd7abf5a2f2f8b5ebcf8e2c02fc30c45c29136ecb104c5c781d7ed25419c93e2f';
