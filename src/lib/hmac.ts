// HMAC-SHA-256 (RFC 2104) from two one-shot SHA-256 digests.
//
// createHmac sets up an OpenSSL 3 MAC context on every call. Warm, that costs ~2 µs; on a server
// whose cores are busy hashing passwords (every sign-in), its caches are cold and the setup costs
// 70–90 µs, twice what the two one-shot digests of the same construction cost there (measured
// with the sign-in statements between argon2id verifications). Tokens are signed on every sign-in
// and verified on every authenticated request. The tests check it against createHmac.
import { hash } from 'node:crypto';

/** SHA-256's block size: keys are padded (or first hashed) to it. */
const BLOCK = 64;
const DIGEST = 32;
const IPAD = 0x36;
const OPAD = 0x5c;

/** HMAC-SHA-256 of the UTF-8 `message` under the UTF-8 `key`; the same bytes as createHmac. */
export function hmacSha256(key: string, message: string): Buffer {
  let keyBytes = Buffer.from(key, 'utf8');
  if (keyBytes.length > BLOCK) keyBytes = hash('sha256', keyBytes, 'buffer');
  const inner = Buffer.alloc(BLOCK + Buffer.byteLength(message, 'utf8'), IPAD);
  const outer = Buffer.alloc(BLOCK + DIGEST, OPAD);
  for (let i = 0; i < keyBytes.length; i++) {
    const byte = keyBytes[i] ?? 0;
    inner[i] = IPAD ^ byte;
    outer[i] = OPAD ^ byte;
  }
  inner.write(message, BLOCK, 'utf8');
  hash('sha256', inner, 'buffer').copy(outer, BLOCK);
  return hash('sha256', outer, 'buffer');
}
