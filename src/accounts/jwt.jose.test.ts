// Gatehouse's hand-written HS256 checked against jose: each verifies the other's session tokens.
import { SignJWT, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { type AuthClaims, signToken, verifyToken } from './jwt.js';

// As in auth.service: the account's tokenKey followed by the instance's token secret.
const KEY =
  'Zk3pQ8sV1xT6mN2bR7cW4yH9jL5dF0gA8eU3iO6kP1qS7tY2vX' + 'instance-token-secret-0123456789';
const SECRET = new TextEncoder().encode(KEY);
const NOW = 1_800_000_000;
const claims: AuthClaims = {
  id: 'u1',
  type: 'auth',
  collectionId: '_pb_users_auth_',
  sid: 's1',
  refreshable: true,
  exp: NOW + 3600,
};

const joseSigned = (payload: object, key = SECRET) =>
  new SignJWT({ ...payload }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);

const joseVerifies = async (token: string) => {
  try {
    await jwtVerify(token, SECRET, { algorithms: ['HS256'], currentDate: new Date(NOW * 1000) });
    return true;
  } catch {
    return false;
  }
};

/** `token` with its payload swapped for `payload`, signature kept. */
function withPayload(token: string, payload: object): string {
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('HS256 against jose', () => {
  it('jose verifies a Gatehouse token and reads the same claims', async () => {
    const token = signToken(claims, KEY);
    const { payload, protectedHeader } = await jwtVerify(token, SECRET, {
      algorithms: ['HS256'],
      currentDate: new Date(NOW * 1000),
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual(claims);
  });

  it('Gatehouse verifies a jose token, byte for byte the one it signs itself', async () => {
    const token = await joseSigned(claims);
    expect(verifyToken(token, KEY, NOW)).toBe(true);
    expect(token).toBe(signToken(claims, KEY));
  });

  it('both refuse a tampered payload, a wrong key and an expired token', async () => {
    for (const token of [signToken(claims, KEY), await joseSigned(claims)]) {
      const forged = withPayload(token, { ...claims, id: 'admin' });
      expect(verifyToken(forged, KEY, NOW)).toBe(false);
      expect(await joseVerifies(forged)).toBe(false);
      expect(verifyToken(token, `${KEY}x`, NOW)).toBe(false);
      expect(verifyToken(token, KEY, claims.exp)).toBe(false);
    }
    const otherKey = await joseSigned(claims, new TextEncoder().encode(`${KEY}x`));
    expect(verifyToken(otherKey, KEY, NOW)).toBe(false);
    expect(await joseVerifies(signToken({ ...claims, exp: NOW - 1 }, KEY))).toBe(false);
  });

  it('both refuse alg none and another algorithm in the header', async () => {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const header = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
    const signature = signToken(claims, KEY).split('.')[2] ?? '';
    for (const token of [
      `${header({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      `${header({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`,
      `${header({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`,
    ]) {
      expect(verifyToken(token, KEY, NOW)).toBe(false);
      expect(await joseVerifies(token)).toBe(false);
    }
  });
});
