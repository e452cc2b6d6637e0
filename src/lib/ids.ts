// Application-made identifiers: PocketBase-style 15-character ids (their schema: record-id.ts), secrets.
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * CSPRNG bytes for small ids, drawn from a pool refilled 8 KiB at a time (as Node's own
 * randomUUID does): one call into the generator per few hundred ids instead of one per id, which
 * cost ~15 µs each on the sign-in path. Each byte is handed out once. Bulk callers (imports, audit
 * batches) draw from it too.
 */
const POOL = Buffer.alloc(8192);
let poolAt = POOL.length;

function nextRandomByte(): number {
  if (poolAt === POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  return POOL[poolAt++] ?? 0;
}

/** Random string over `alphabet`, unbiased (rejection sampling). */
export function randomString(length: number, alphabet = ALPHABET): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    const byte = nextRandomByte();
    if (byte < limit) out += alphabet.charAt(byte % alphabet.length);
  }
  return out;
}

/** A new record id in PocketBase's format: 15 characters of [a-z0-9]. */
export function newId(): string {
  return randomString(15);
}

/** `count` random strings of `length`, all from the shared byte pool. */
export function randomStrings(count: number, length: number, alphabet = ALPHABET): string[] {
  return Array.from({ length: count }, () => randomString(length, alphabet));
}

/**
 * `count` ids that sort by creation time: 9 base-36 digits of the millisecond clock, then 11 random
 * characters (20 of [a-z0-9]; 36^11 per millisecond, so instances never collide in practice).
 * Append-only tables (the audit log) insert them at the end of their unique index instead of at
 * random places.
 */
export function timeOrderedIds(count: number, now = Date.now()): string[] {
  const prefix = now.toString(36).padStart(9, '0');
  return randomStrings(count, 11).map((suffix) => prefix + suffix);
}
