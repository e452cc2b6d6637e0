import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_PURGE_INTERVAL_MS } from './sessions.issue.js';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';

interface SessionView {
  id: string;
  ip: string;
  userAgent: string;
  created: string;
  lastSeen: string;
  current: boolean;
}

for (const dialect of DIALECTS) {
  describe(`sessions (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    const USER = { email: 'sam@example.com', password: 'sam-password-1' };
    let userId: string;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      userId = await createUser(t, su, { ...USER, name: 'Sam' });
    });
    afterEach(async () => {
      await t.close();
    });

    // A dead token makes its request a guest's: 401 here, where a signed-in caller is needed (the
    // records API, as PocketBase, would answer a guest 404 instead).
    const me = (token: string) => t.request({ method: 'GET', url: '/api/access/me', token });
    const login = async (agent: string) => {
      const res = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity: USER.email, password: USER.password },
        headers: { 'user-agent': agent },
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ token: string }>().token;
    };

    it('lists only the caller’s own sessions with IP, user agent, created and last seen', async () => {
      const laptop = await login('laptop');
      await login('phone');
      const res = await t.request({ method: 'GET', url: '/api/sessions', token: laptop });
      expect(res.statusCode).toBe(200);
      const items = res.json<{ items: SessionView[] }>().items;
      expect(items.map((s) => s.userAgent).sort()).toEqual(['laptop', 'phone']);
      expect(items.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['laptop']);
      expect(items[0]).toMatchObject({ ip: '127.0.0.1' });
      expect(items[0]!.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
      expect((await t.request({ method: 'GET', url: '/api/sessions' })).statusCode).toBe(401);
      // The superuser's own sessions are separate.
      const mine = await t.request({ method: 'GET', url: '/api/sessions', token: su });
      expect(mine.json<{ items: SessionView[] }>().items).toHaveLength(1);
    });

    it('revoking a session kills its token on the very next request', async () => {
      const laptop = await login('laptop');
      const phone = await login('phone');
      const list = (await t.request({ method: 'GET', url: '/api/sessions', token: laptop })).json<{
        items: SessionView[];
      }>();
      const phoneSession = list.items.find((s) => s.userAgent === 'phone')!;
      const del = await t.request({
        method: 'DELETE',
        url: `/api/sessions/${phoneSession.id}`,
        token: laptop,
      });
      expect(del.statusCode).toBe(204);
      expect((await me(phone)).statusCode).toBe(401);
      expect((await me(laptop)).statusCode).toBe(200);
      // Revoking it again, or someone else's session, is a 404.
      expect(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/sessions/${phoneSession.id}`,
            token: laptop,
          })
        ).statusCode,
      ).toBe(404);
      const suSessions = (
        await t.request({ method: 'GET', url: '/api/sessions', token: su })
      ).json<{ items: SessionView[] }>();
      expect(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/sessions/${suSessions.items[0]!.id}`,
            token: laptop,
          })
        ).statusCode,
      ).toBe(404);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'session.revoke')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: userId, targetId: phoneSession.id });
    });

    it('"sign out everywhere else" keeps only the current session', async () => {
      const a = await login('a');
      const b = await login('b');
      const c = await login('c');
      const res = await t.request({ method: 'DELETE', url: '/api/sessions', token: b });
      expect(res.json()).toEqual({ revoked: 2, tokensRevoked: 0 });
      expect([
        (await me(a)).statusCode,
        (await me(b)).statusCode,
        (await me(c)).statusCode,
      ]).toEqual([401, 200, 401]);
    });

    it('a password change kills every token of the account at once', async () => {
      const a = await login('a');
      const b = await login('b');
      const res = await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${userId}`,
        token: a,
        payload: {
          oldPassword: USER.password,
          password: 'sam-password-2',
          passwordConfirm: 'sam-password-2',
        },
      });
      expect(res.statusCode).toBe(200);
      expect((await me(a)).statusCode).toBe(401);
      expect((await me(b)).statusCode).toBe(401);
      await signIn(t, 'users', USER.email, 'sam-password-2');
    });

    it('an email change kills every token of the account at once', async () => {
      const a = await login('a');
      const res = await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${userId}`,
        token: a,
        payload: { email: 'samuel@example.com', oldPassword: USER.password },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ email: 'samuel@example.com' });
      expect((await me(a)).statusCode).toBe(401);
      await signIn(t, 'users', 'samuel@example.com', USER.password);
    });

    it('disabling the user kills their tokens at once; the data stays', async () => {
      const a = await login('a');
      const res = await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${userId}`,
        token: su,
        payload: { status: 'disabled' },
      });
      expect(res.statusCode).toBe(200);
      expect((await me(a)).statusCode).toBe(401);
      const row = await t.services.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'disabled', name: 'Sam' });
      // Enabling again does not revive the old session.
      await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${userId}`,
        token: su,
        payload: { status: 'active' },
      });
      expect((await me(a)).statusCode).toBe(401);
      await signIn(t, 'users', USER.email, USER.password);
    });

    it('an expired session is refused even if the token has not expired', async () => {
      const a = await login('a');
      await t.services.db
        .updateTable('sessions')
        .set({ expires: '2000-01-01 00:00:00.000Z' })
        .where('accountId', '=', userId)
        .execute();
      expect((await me(a)).statusCode).toBe(401);
    });

    it('a sign-in deletes the account’s expired sessions, at most once per interval', async () => {
      const expireAll = () =>
        t.services.db
          .updateTable('sessions')
          .set({ expires: '2000-01-01 00:00:00.000Z' })
          .where('accountId', '=', userId)
          .execute();
      const rows = async () =>
        (
          await t.services.db
            .selectFrom('sessions')
            .select('userAgent')
            .where('accountId', '=', userId)
            .execute()
        )
          .map((r) => r.userAgent)
          .sort();
      const dead = '2000-01-01 00:00:00.000Z';
      await t.services.db
        .insertInto('sessions')
        .values({
          id: 'stale-session-1',
          collection: 'users',
          accountId: userId,
          ip: '127.0.0.1',
          userAgent: 'stale',
          created: dead,
          lastSeen: dead,
          expires: dead,
        })
        .execute();
      // The account's first sign-in here purges.
      await login('old');
      expect(await rows()).toEqual(['old']);
      await expireAll();
      // Within the interval the dead row stays (it is refused all the same).
      await login('second');
      expect(await rows()).toEqual(['old', 'second']);
      const later = Date.now() + SESSION_PURGE_INTERVAL_MS + 1000;
      const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
      try {
        await login('third');
      } finally {
        clock.mockRestore();
      }
      expect(await rows()).toEqual(['second', 'third']);
    });

    it('auth-refresh extends the session and keeps it listed once', async () => {
      const a = await login('a');
      const before = (await t.request({ method: 'GET', url: '/api/sessions', token: a })).json<{
        items: SessionView[];
      }>();
      const refreshed = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-refresh',
        token: a,
      });
      const token = refreshed.json<{ token: string }>().token;
      const after = (await t.request({ method: 'GET', url: '/api/sessions', token })).json<{
        items: SessionView[];
      }>();
      expect(after.items.map((s) => s.id)).toEqual(before.items.map((s) => s.id));
    });
  });
}
