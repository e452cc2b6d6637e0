import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createSiblingApp,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { lockSeconds } from './lockout.js';

const POLICY = {
  accountThreshold: 5,
  ipThreshold: 20,
  windowSeconds: 900,
  baseSeconds: 60,
  maxSeconds: 86400,
};

describe('lockout policy', () => {
  it('doubles each lockout up to the maximum', () => {
    expect([0, 1, 2, 3].map((level) => lockSeconds(POLICY, level))).toEqual([60, 120, 240, 480]);
    expect(lockSeconds(POLICY, 20)).toBe(86400);
    expect(lockSeconds(POLICY, 5000)).toBe(86400);
  });
});

for (const dialect of DIALECTS) {
  describe(`brute-force throttling (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
    });
    afterEach(async () => {
      await t.close();
    });

    const attempt = (app: TestApp, identity: string, password: string, ip = '127.0.0.1') =>
      app.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity, password },
        remoteAddress: ip,
      });

    it('locks an account after 5 failures, even against the right password, for unknown emails alike', async () => {
      for (const identity of [ADMIN.email, 'ghost@example.com']) {
        for (let i = 0; i < 5; i++)
          expect((await attempt(t, identity, `wrong-${i}`)).statusCode).toBe(400);
        const locked = await attempt(t, identity, ADMIN.password);
        expect(locked.statusCode).toBe(429);
        expect(locked.json<{ message: string }>().message).toMatch(
          /^Too many failed sign-in attempts\. Try again in \d+ seconds\.$/,
        );
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(55);
        expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
      // Another account from the same IP is unaffected (10 failures stay under the IP threshold).
      expect((await signInSuper()).token).toBeTruthy();
    });

    async function signInSuper() {
      return signIn(t, '_superusers', ADMIN.email, ADMIN.password);
    }

    it('holds across instances sharing the database', async () => {
      const sibling = await createSiblingApp(t);
      try {
        for (let i = 0; i < 3; i++) await attempt(t, ADMIN.email, `wrong-${i}`);
        for (let i = 0; i < 2; i++) await attempt(sibling, ADMIN.email, `wrong-${i}`);
        expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(429);
        expect((await attempt(sibling, ADMIN.email, ADMIN.password)).statusCode).toBe(429);
      } finally {
        await sibling.close();
      }
    });

    it('doubles the lockout each time it is reached again', async () => {
      for (let i = 0; i < 5; i++) await attempt(t, ADMIN.email, `wrong-${i}`);
      // Let the first lockout expire as if a minute had passed.
      const expire = () =>
        t.ctx.db
          .updateTable('lockouts')
          .set({ lockedUntil: '2000-01-01 00:00:00.000Z' })
          .where('key', '=', `acct:users:${ADMIN.email}`)
          .execute();
      await expire();
      for (let i = 0; i < 5; i++)
        expect((await attempt(t, ADMIN.email, `again-${i}`)).statusCode).toBe(400);
      const second = await attempt(t, ADMIN.email, ADMIN.password);
      expect(second.statusCode).toBe(429);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(115);
      expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(120);
    });

    it('forgets failures after a successful sign-in', async () => {
      for (let i = 0; i < 4; i++) await attempt(t, ADMIN.email, `wrong-${i}`);
      expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++)
        expect((await attempt(t, ADMIN.email, `wrong-${i}`)).statusCode).toBe(400);
      expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
    });

    it('locks an IP that tries many accounts, without locking other IPs', async () => {
      const su = await signInSuper();
      const patch = await t.request({
        method: 'PATCH',
        url: '/api/settings',
        token: su.token,
        payload: { auth: { lockout: { ipThreshold: 6 } } },
      });
      expect(patch.statusCode).toBe(200);
      for (let i = 0; i < 6; i++)
        expect(
          (await attempt(t, `spray${i}@example.com`, 'Password1!', '10.9.9.9')).statusCode,
        ).toBe(400);
      expect((await attempt(t, ADMIN.email, ADMIN.password, '10.9.9.9')).statusCode).toBe(429);
      expect((await attempt(t, ADMIN.email, ADMIN.password, '10.1.1.1')).statusCode).toBe(200);
    });

    it('counts concurrent failures without losing any', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => attempt(t, 'race@example.com', `wrong-${i}`)),
      );
      const counted = results.filter((r) => r.statusCode === 400).length;
      expect(counted + results.filter((r) => r.statusCode === 429).length).toBe(8);
      const row = await t.ctx.db
        .selectFrom('lockouts')
        .selectAll()
        .where('key', '=', 'acct:users:race@example.com')
        .executeTakeFirstOrThrow();
      // Every counted failure is either still pending or was consumed by a lockout of 5.
      expect(row.lockLevel * 5 + row.failures).toBe(counted);
      expect(row.lockLevel).toBe(1);
    });
  });
}
