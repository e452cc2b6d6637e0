// HS256 JSON Web Tokens, as the pocketbase SDK expects them (it reads `exp` and `type`).
import { timingSafeEqual } from 'node:crypto';
import { hmacSha256 } from '../lib/hmac.js';

export interface AuthClaims {
  id: string;
  type: 'auth';
  collectionId: string;
  /** The session row the token belongs to; revoking the row kills the token. */
  sid: string;
  refreshable: boolean;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(input: string, key: string): Buffer {
  return hmacSha256(key, input);
}

export function signToken(claims: AuthClaims, key: string): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${signature(body, key).toString('base64url')}`;
}

/** The claims of `token` without checking the signature (to find the account whose key signs it). */
export function peekClaims(token: string): AuthClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as unknown;
    if (typeof claims !== 'object' || claims === null) return null;
    const c = claims as Record<string, unknown>;
    if (
      c.type !== 'auth' ||
      typeof c.id !== 'string' ||
      typeof c.collectionId !== 'string' ||
      typeof c.sid !== 'string' ||
      typeof c.exp !== 'number'
    ) {
      return null;
    }
    return claims as AuthClaims;
  } catch {
    return null;
  }
}

/** True when `token` is signed with `key` and not expired at `nowSeconds`. */
export function verifyToken(token: string, key: string, nowSeconds: number): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const expected = signature(`${parts[0] ?? ''}.${parts[1] ?? ''}`, key);
  const given = Buffer.from(parts[2] ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const claims = peekClaims(token);
  return claims !== null && claims.exp > nowSeconds;
}
