import { describe, expect, it } from 'vitest';
import { newId, timeOrderedIds } from './ids.js';

describe('ids', () => {
  it('makes PocketBase-style ids', () => {
    expect(newId()).toMatch(/^[a-z0-9]{15}$/);
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
