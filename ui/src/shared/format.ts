// Dates and numbers in the browser's locale; the server's timestamps are UTC ("2026-12-07 00:20:03.123Z").

export function parseServerTime(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "7 Dec 2026, 00:20" in the reader's locale, or `empty` when there is no time. */
export function formatTime(value: string, empty = '—'): string {
  const date = parseServerTime(value);
  return date ? dateTime.format(date) : empty;
}

export function formatDate(value: string, empty = '—'): string {
  const date = parseServerTime(value);
  return date ? dateOnly.format(date) : empty;
}
