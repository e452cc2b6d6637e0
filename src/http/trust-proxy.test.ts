// --trust-proxy: which X-Forwarded-For hops are believed (a hop count or the proxies' addresses).
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';

/** The reverse proxy, as the socket peer Gatehouse sees. */
const PROXY = '127.0.0.1';
/** The real client: the address the proxy appends to X-Forwarded-For. */
const CLIENT = '203.0.113.9';
/** What the client wrote into its own X-Forwarded-For to pass for someone else. */
const SPOOF = '10.1.2.3';

const trustProxy = (value: string) => loadConfig({}, { GATEHOUSE_TRUST_PROXY: value }).trustProxy;

for (const dialect of DIALECTS) {
  describe(`--trust-proxy (${dialect})`, () => {
    let t: TestApp;
    afterEach(async () => {
      await t.close();
    });

    const signInFrom = (
      collection: 'users' | '_superusers',
      identity: string,
      password: string,
      remoteAddress: string,
      forwardedFor?: string,
    ) =>
      t.request({
        method: 'POST',
        url: `/api/collections/${collection}/auth-with-password`,
        payload: { identity, password },
        remoteAddress,
        headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      });

    /** The IP the newest audit entry (a sign-in attempt) was written with. */
    const lastAuditIp = async () =>
      (
        await t.services.db
          .selectFrom('audit_log')
          .select('ip')
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).ip;

    /** The client IP Gatehouse reads from a request (seen through a failed sign-in's audit entry). */
    const ipSeen = async (remoteAddress: string, forwardedFor?: string) => {
      await signInFrom(
        'users',
        'nobody@example.com',
        'wrong-password',
        remoteAddress,
        forwardedFor,
      );
      return lastAuditIp();
    };

    const setSettings = async (payload: object) => {
      const su = await signIn(t, '_superusers', ADMIN.email, ADMIN.password);
      const res = await t.request({
        method: 'PATCH',
        url: '/api/settings',
        token: su.token,
        payload,
      });
      expect(res.statusCode, res.body).toBe(200);
    };

    describe('one hop', () => {
      it('a spoofed left-most X-Forwarded-For does not pass the console IP allow-list', async () => {
        t = await createTestApp(dialect, { trustProxy: trustProxy('1') });
        await setupAdmin(t);
        await setSettings({ console: { allowedIps: ['10.0.0.0/8'] } });
        const spoofed = await signInFrom(
          '_superusers',
          ADMIN.email,
          ADMIN.password,
          PROXY,
          `${SPOOF}, ${CLIENT}`,
        );
        expect(spoofed.statusCode, spoofed.body).toBe(403);
        expect(await lastAuditIp()).toBe(CLIENT);
        // A client the proxy saw at an allowed address gets in.
        const allowed = await signInFrom(
          '_superusers',
          ADMIN.email,
          ADMIN.password,
          PROXY,
          `198.51.100.1, ${SPOOF}`,
        );
        expect(allowed.statusCode, allowed.body).toBe(200);
      });

      it('writes the address the proxy saw into the audit log, not the one the client wrote', async () => {
        t = await createTestApp(dialect, { trustProxy: trustProxy('1') });
        await setupAdmin(t);
        const res = await signInFrom(
          'users',
          ADMIN.email,
          ADMIN.password,
          PROXY,
          `${SPOOF}, ${CLIENT}`,
        );
        expect(res.statusCode).toBe(200);
        expect(await lastAuditIp()).toBe(CLIENT);
        // Without the header (a request the proxy did not forward) the peer is the client.
        expect(await ipSeen('198.51.100.20')).toBe('198.51.100.20');
      });

      it('counts the per-IP lockout against the real address, whatever the client writes', async () => {
        t = await createTestApp(dialect, { trustProxy: trustProxy('1') });
        await setupAdmin(t);
        await setSettings({ auth: { lockout: { ipThreshold: 3 } } });
        for (let i = 0; i < 3; i++) {
          const res = await signInFrom(
            'users',
            `spray${i}@example.com`,
            'Password1!',
            PROXY,
            `10.0.0.${i + 1}, ${CLIENT}`,
          );
          expect(res.statusCode).toBe(400);
        }
        const locked = await signInFrom(
          'users',
          ADMIN.email,
          ADMIN.password,
          PROXY,
          `10.0.0.99, ${CLIENT}`,
        );
        expect(locked.statusCode).toBe(429);
        // Another client behind the same proxy is not locked out.
        const other = await signInFrom('users', ADMIN.email, ADMIN.password, PROXY, '198.51.100.2');
        expect(other.statusCode).toBe(200);
      });
    });

    it('with two hops, takes the address the outer proxy appended', async () => {
      t = await createTestApp(dialect, { trustProxy: trustProxy('2') });
      await setupAdmin(t);
      expect(await ipSeen(PROXY, `${SPOOF}, ${CLIENT}, 192.0.2.50`)).toBe(CLIENT);
    });

    it("with the proxies' addresses, trusts only hops from them", async () => {
      t = await createTestApp(dialect, {
        trustProxy: trustProxy('192.168.0.0/16, 127.0.0.1'),
      });
      await setupAdmin(t);
      // Through the listed proxy: the right-most address not in the list is the client.
      expect(await ipSeen('192.168.1.10', `${SPOOF}, ${CLIENT}`)).toBe(CLIENT);
      // Through two listed proxies.
      expect(await ipSeen('192.168.1.10', `${SPOOF}, ${CLIENT}, 192.168.1.20`)).toBe(CLIENT);
      // A client reaching Gatehouse directly is not a trusted hop: its header is ignored.
      expect(await ipSeen('198.51.100.7', SPOOF)).toBe('198.51.100.7');
      // Nor is an unlisted hop in the middle.
      expect(await ipSeen('127.0.0.1', `${SPOOF}, 198.51.100.8`)).toBe('198.51.100.8');
    });

    it('off (the default) ignores X-Forwarded-For', async () => {
      t = await createTestApp(dialect, { trustProxy: trustProxy('') });
      await setupAdmin(t);
      expect(await ipSeen(PROXY, `${SPOOF}, ${CLIENT}`)).toBe(PROXY);
    });
  });
}
