import { describe, expect, it } from 'vitest';
import { newId, randomString, timeOrderedIds } from './ids.js';

describe('ids', () => {
  it('makes PocketBase-style ids', () => {
    expect(newId()).toMatch(/^[a-z0-9]{15}$/);
  });

  it('draws unbiased characters of the alphabet, across many refills of the byte pool', () => {
    const counts = new Map<string, number>();
    // 200k characters: ~25 refills of the 8 KiB pool.
    for (let i = 0; i < 4000; i++) {
      const s = randomString(50);
      expect(s).toMatch(/^[a-z0-9]{50}$/);
      for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(36);
    // Each of 36 characters expects 5556 of 200k; rejection sampling keeps them within a few %.
    for (const n of counts.values()) expect(Math.abs(n - 200_000 / 36)).toBeLessThan(400);
    expect(new Set(Array.from({ length: 50_000 }, () => newId())).size).toBe(50_000);
    expect(randomString(8, 'ab')).toMatch(/^[ab]{8}$/);
  });

  it('makes time-ordered ids that sort by creation time', () => {
    const earlier = timeOrderedIds(3, Date.UTC(2026, 0, 1));
    const later = timeOrderedIds(3, Date.UTC(2026, 0, 1) + 1);
    for (const id of [...earlier, ...later]) expect(id).toMatch(/^[a-z0-9]{20}$/);
    expect(new Set(timeOrderedIds(100_000, 0)).size).toBe(100_000);
    expect(new Set([...earlier, ...later]).size).toBe(6);
    for (const a of earlier) for (const b of later) expect(a < b).toBe(true);
  });
});
