import { describe, expect, it } from 'vitest';
import { type AuthClaims, peekClaims, signToken, verifyToken } from './jwt.js';

const claims: AuthClaims = {
  id: 'u1',
  type: 'auth',
  collectionId: 'c1',
  sid: 's1',
  refreshable: true,
  exp: 2_000_000_000,
};

describe('auth tokens', () => {
  it('round-trips claims and verifies with the right key only', () => {
    const token = signToken(claims, 'key-a');
    expect(peekClaims(token)).toEqual(claims);
    expect(verifyToken(token, 'key-a', 1_000)).toBe(true);
    expect(verifyToken(token, 'key-b', 1_000)).toBe(false);
  });

  it('rejects expired, tampered and malformed tokens', () => {
    const token = signToken(claims, 'k');
    expect(verifyToken(token, 'k', claims.exp)).toBe(false);
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, id: 'admin' })).toString('base64url')}.${s}`;
    expect(verifyToken(forged, 'k', 0)).toBe(false);
    for (const bad of [
      '',
      'a.b',
      'a.b.c',
      `${h}.!!!.${s}`,
      `${h}.${Buffer.from('[]').toString('base64url')}.x`,
    ]) {
      expect(peekClaims(bad)).toBeNull();
      expect(verifyToken(bad, 'k', 0)).toBe(false);
    }
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
    expect(peekClaims(none)).toBeNull();
  });
});
