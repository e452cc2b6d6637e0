// Timestamps cross every boundary as PocketBase-style UTC strings ("2024-01-02 15:04:05.123Z"),
// which sort lexicographically in both databases.

export function toTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ');
}

export function nowTimestamp(): string {
  return toTimestamp(new Date());
}

/** The timestamp `seconds` from now (negative for the past). */
export function timestampIn(seconds: number, from = Date.now()): string {
  return toTimestamp(new Date(from + seconds * 1000));
}

export function parseTimestamp(value: string): number {
  return Date.parse(value.replace(' ', 'T'));
}
