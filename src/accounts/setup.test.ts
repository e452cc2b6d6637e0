import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../access/index.js';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  signIn,
  startTestServer,
  type TestApp,
} from '../../test/harness.js';

for (const dialect of DIALECTS) {
  describe(`first-run setup (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });
    afterEach(async () => {
      await t.close();
    });

    it('reports first run, creates an admin user and a superuser together, then closes', async () => {
      expect((await t.request({ method: 'GET', url: '/api/setup' })).json()).toEqual({
        firstRun: true,
        passwordMinLength: 8,
      });
      const res = await t.request({ method: 'POST', url: '/api/setup', payload: ADMIN });
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        user: Record<string, unknown>;
        superuser: Record<string, unknown>;
      }>();
      expect(body.user).toMatchObject({
        email: ADMIN.email,
        role: 'admin',
        status: 'active',
        name: ADMIN.name,
      });
      expect(body.superuser).toMatchObject({ email: ADMIN.email, collectionName: '_superusers' });
      expect(JSON.stringify(body)).not.toMatch(/passwordHash|tokenKey|argon2/);

      expect((await t.request({ method: 'GET', url: '/api/setup' })).json()).toEqual({
        firstRun: false,
        passwordMinLength: 8,
      });
      const again = await t.request({
        method: 'POST',
        url: '/api/setup',
        payload: { ...ADMIN, email: 'x@example.com' },
      });
      expect(again.statusCode).toBe(403);
      expect(again.json()).toMatchObject({
        status: 403,
        message: 'Setup has already been completed.',
      });

      // Both accounts sign in, each in its own collection.
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
      await signIn(t, '_superusers', ADMIN.email, ADMIN.password);
      const users = await t.services.db.selectFrom('users').selectAll().execute();
      const superusers = await t.services.db.selectFrom('_superusers').selectAll().execute();
      expect(users).toHaveLength(1);
      expect(superusers).toHaveLength(1);
      expect(users[0]!.id).not.toBe(superusers[0]!.id);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'setup')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('tells the forms the password rule of the settings, and holds setup to it', async () => {
      await t.services.settings.update(
        { principal: CLI, ip: '', userAgent: '' },
        { auth: { passwordMinLength: 12 } },
      );
      expect((await t.request({ method: 'GET', url: '/api/setup' })).json()).toEqual({
        firstRun: true,
        passwordMinLength: 12,
      });
      const short = await t.request({
        method: 'POST',
        url: '/api/setup',
        payload: { ...ADMIN, password: 'eleven-char' },
      });
      expect(short.statusCode).toBe(400);
      expect(short.json()).toMatchObject({
        data: { password: { message: 'Must be at least 12 characters.' } },
      });
      expect(await t.services.db.selectFrom('users').selectAll().execute()).toHaveLength(0);
    });

    it('lets exactly one of many concurrent setups win', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          t.request({
            method: 'POST',
            url: '/api/setup',
            payload: { ...ADMIN, email: `admin${i}@example.com` },
          }),
        ),
      );
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
      expect(results.filter((r) => r.statusCode === 403)).toHaveLength(4);
      expect(await t.services.db.selectFrom('users').selectAll().execute()).toHaveLength(1);
      expect(await t.services.db.selectFrom('_superusers').selectAll().execute()).toHaveLength(1);
    });

    it.each([
      [{}, 'email'],
      [{ email: 'not-an-email', password: 'long-enough-pass' }, 'email'],
      [{ email: 'a@example.com' }, 'password'],
      [{ email: 'a@example.com', password: 'short' }, 'password'],
      [{ email: 'a@example.com', password: 'password123' }, 'password'],
      [{ email: 'a@example.com', password: 12345678 }, 'password'],
      [{ email: 'a@example.com', password: 'long-enough-pass', name: 'x'.repeat(300) }, 'name'],
    ])('refuses %j with a 400 naming %s and writes nothing', async (payload, field) => {
      const res = await t.request({ method: 'POST', url: '/api/setup', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ data: Record<string, unknown> }>().data).toHaveProperty(field);
      expect((await t.request({ method: 'GET', url: '/api/setup' })).json()).toEqual({
        firstRun: true,
        passwordMinLength: 8,
      });
    });

    it('answers non-JSON and empty bodies with a 4xx, never a 5xx', async () => {
      const cases = [
        { payload: 'not json', headers: { 'content-type': 'application/json' } },
        { payload: '', headers: { 'content-type': 'application/json' } },
        { payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        { payload: '[1,2]', headers: { 'content-type': 'application/json' } },
        { payload: 'null', headers: { 'content-type': 'application/json' } },
      ];
      for (const c of cases) {
        const res = await t.request({ method: 'POST', url: '/api/setup', ...c });
        expect(res.statusCode, c.payload).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, c.payload).toBeLessThan(500);
        expect(res.json()).toHaveProperty('message');
      }
    });

    it('answers health and unknown routes in PocketBase shape', async () => {
      expect((await t.request({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      const missing = await t.request({ method: 'GET', url: '/api/nope' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({
        status: 404,
        message: "The requested resource wasn't found.",
        data: {},
      });
    });
  });

  describe(`headless setup (${dialect})`, () => {
    it('creates the first accounts from GATEHOUSE_USER_EMAIL/PASSWORD at start-up, once', async () => {
      const server = await startTestServer(dialect, {
        initialUser: { email: 'ops@example.com', password: 'headless-secret-1' },
      });
      try {
        expect(server.firstRun).toBe(false);
        const res = await fetch(`${server.url}/api/collections/_superusers/auth-with-password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identity: 'ops@example.com', password: 'headless-secret-1' }),
        });
        expect(res.status).toBe(200);
        const user = await server.services.db
          .selectFrom('users')
          .selectAll()
          .executeTakeFirstOrThrow();
        expect(user).toMatchObject({ email: 'ops@example.com', role: 'admin' });
      } finally {
        await server.close();
      }
    });
  });
}
