// The server's UTC timestamps read as dates, shown in the reader's locale.
import { describe, expect, it } from 'vitest';
import { formatDate, formatTime, parseServerTime } from './format';

describe('server times', () => {
  it('reads PocketBase-style and ISO timestamps as the same instant', () => {
    const expected = Date.UTC(2026, 11, 7, 0, 20, 3, 123);
    expect(parseServerTime('2026-12-07 00:20:03.123Z')?.getTime()).toBe(expected);
    expect(parseServerTime('2026-12-07T00:20:03.123Z')?.getTime()).toBe(expected);
  });

  it('shows a dash (or the given text) for no time or a bad one', () => {
    expect(parseServerTime('')).toBeNull();
    expect(parseServerTime('not a time')).toBeNull();
    expect(formatTime('')).toBe('—');
    expect(formatDate('', 'Never')).toBe('Never');
  });

  it('formats in the locale (the year is there whatever the locale)', () => {
    expect(formatDate('2026-12-07 00:20:03.123Z')).toContain('2026');
    expect(formatTime('2026-12-07 00:20:03.123Z')).toContain('2026');
  });
});
