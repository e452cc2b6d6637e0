// The API token format: `gth_` + 43 base62 characters (32 random bytes) + a 6-character checksum,
// so that a leaked token can be recognised (and a typo rejected) without a database lookup.
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { sha256Hex } from '../lib/digest.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const TOKEN_PREFIX = 'gth_';
const BODY = 43;
const CHECK = 6;

function base62(bytes: Buffer, length: number): string {
  let n = BigInt(`0x${bytes.toString('hex') || '0'}`);
  let out = '';
  while (out.length < length) {
    out = BASE62.charAt(Number(n % 62n)) + out;
    n /= 62n;
  }
  return out;
}

/** CRC32 (zlib's, the same polynomial the hand-written loop used) of the body, in base62. */
function checksum(body: string): string {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(crc32(body));
  return base62(buffer, CHECK);
}

export function newTokenSecret(): string {
  const body = base62(randomBytes(32), BODY);
  return `${TOKEN_PREFIX}${body}${checksum(body)}`;
}

/** True for a well-formed token whose checksum matches. */
export function isWellFormedToken(token: string): boolean {
  if (!token.startsWith(TOKEN_PREFIX) || token.length !== TOKEN_PREFIX.length + BODY + CHECK)
    return false;
  const body = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY);
  if (!/^[0-9A-Za-z]+$/.test(body)) return false;
  return checksum(body) === token.slice(TOKEN_PREFIX.length + BODY);
}

export function hashToken(token: string): string {
  return sha256Hex(token);
}
