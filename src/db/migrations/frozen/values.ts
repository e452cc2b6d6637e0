// Frozen for the migrations: timestamps, ids and counts as lib/ and db/dialect.ts made them when
// the migrations that use them were written. Later edits there never reach a migration.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A PocketBase-style UTC timestamp, "2024-01-02 15:04:05.123Z" (lib/time.ts toTimestamp). */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace('T', ' ');
}

/** `length` random characters of [a-z0-9], unbiased (lib/ids.ts randomString). */
function randomText(length: number): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (out.length === length) break;
      if (byte < limit) out += ALPHABET.charAt(byte % ALPHABET.length);
    }
  }
  return out;
}

/** A record id in PocketBase's format: 15 characters of [a-z0-9] (lib/ids.ts newId). */
export function newId(): string {
  return randomText(15);
}

/** `count` ids that sort in creation order: time in base 36, then 11 random characters. */
export function timeOrderedIds(count: number, now = Date.now()): string[] {
  const prefix = now.toString(36).padStart(9, '0');
  return Array.from({ length: count }, () => prefix + randomText(11));
}

/** Counts come back as numbers from SQLite and as strings (bigint) from PostgreSQL. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}
