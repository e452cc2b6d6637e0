import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { PasswordHasher } from './passwords.js';

for (const dialect of DIALECTS) {
  describe(`sign-in (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
    });
    afterEach(async () => {
      await t.close();
    });

    const auth = (collection: string, payload: unknown, headers: Record<string, string> = {}) =>
      t.request({
        method: 'POST',
        url: `/api/collections/${collection}/auth-with-password`,
        payload: payload as object,
        headers,
      });

    it('signs users in with {token, record}, case-insensitively by email, and never shows secrets', async () => {
      const res = await auth('users', {
        identity: ' ADMIN@Example.com ',
        password: ADMIN.password,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ token: string; record: Record<string, unknown> }>();
      expect(body.token.split('.')).toHaveLength(3);
      expect(body.record).toMatchObject({
        collectionId: '_pb_users_auth_',
        collectionName: 'users',
        email: ADMIN.email,
        role: 'admin',
        status: 'active',
        verified: true,
      });
      expect(Object.keys(body.record)).not.toContain('passwordHash');
      expect(res.body).not.toMatch(/argon2|tokenKey|passwordHash|invitation/);
      // The record is the account exactly as the records API shows it (groups included).
      const viewed = await t.request({
        method: 'GET',
        url: `/api/collections/users/records/${String(body.record.id)}`,
        token: su,
      });
      expect(body.record).toEqual(viewed.json());
      const claims = JSON.parse(
        Buffer.from(body.token.split('.')[1]!, 'base64url').toString(),
      ) as Record<string, unknown>;
      expect(claims).toMatchObject({
        type: 'auth',
        collectionId: '_pb_users_auth_',
        id: body.record.id,
      });
      expect(claims.exp).toBeGreaterThan(Date.now() / 1000 + 6 * 86400);
    });

    it('answers an unknown email exactly like a wrong password', async () => {
      const wrong = await auth('users', { identity: ADMIN.email, password: 'not-the-password' });
      const unknown = await auth('users', {
        identity: 'nobody@example.com',
        password: 'not-the-password',
      });
      expect(wrong.statusCode).toBe(400);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toBe(wrong.body);
      expect(wrong.json()).toEqual({ status: 400, message: 'Failed to authenticate.', data: {} });
    });

    it('takes similar time for unknown emails and wrong passwords (dummy hash verification)', async () => {
      const once = async (identity: string, i: number) => {
        const start = performance.now();
        await auth('users', { identity, password: `wrong-${String(i)}` }, { 'x-n': String(i) });
        return performance.now() - start;
      };
      await once('warmup@example.com', 0);
      // Interleaved, and the median of each, so that load from other test files evens out.
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 4; i++) {
        known.push(await once(ADMIN.email, i));
        unknown.push(await once(`ghost${String(i)}@example.com`, i));
      }
      const median = (xs: number[]) =>
        [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      // Both are dominated by one argon2id verification each; an early return would be ~50× faster.
      expect(median(unknown) / median(known)).toBeGreaterThan(0.3);
      expect(median(unknown) / median(known)).toBeLessThan(3.3);
    });

    it('signs superusers in separately from users', async () => {
      const res = await auth('_superusers', { identity: ADMIN.email, password: ADMIN.password });
      expect(res.statusCode).toBe(200);
      expect(res.json<{ record: Record<string, unknown> }>().record).toMatchObject({
        collectionId: 'pbc_3142635823',
        collectionName: '_superusers',
        email: ADMIN.email,
      });
      const userId = await createUser(t, su, {
        email: 'only-user@example.com',
        password: 'only-user-pass',
      });
      expect(userId).toHaveLength(15);
      // A users account is not a superuser account.
      expect(
        (
          await auth('_superusers', {
            identity: 'only-user@example.com',
            password: 'only-user-pass',
          })
        ).statusCode,
      ).toBe(400);
    });

    it('answers a disabled user exactly like a wrong password, and counts it as a failure', async () => {
      const id = await createUser(t, su, {
        email: 'dis@example.com',
        password: 'disabled-pass-1',
        status: 'disabled',
      });
      const right = await auth('users', {
        identity: 'dis@example.com',
        password: 'disabled-pass-1',
      });
      const wrong = await auth('users', {
        identity: 'dis@example.com',
        password: 'not-hers-at-all',
      });
      // The answer must not tell whether the password of a disabled account is right.
      expect(right.statusCode).toBe(400);
      expect(right.body).toBe(wrong.body);
      expect(right.json()).toEqual({ status: 400, message: 'Failed to authenticate.', data: {} });
      const attempts = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.signin')
        .where('targetId', '=', id)
        .orderBy('seq')
        .execute();
      expect(attempts.map((a) => [a.result, JSON.parse(a.data ?? '{}') as unknown])).toEqual([
        ['failure', { reason: 'disabled' }],
        ['failure', { reason: 'invalid_credentials' }],
      ]);
      // Nor may the lockout tell: the right password counts like any other failure.
      for (let i = 0; i < 3; i++)
        await auth('users', { identity: 'dis@example.com', password: `wrong-${String(i)}` });
      const locked = await auth('users', { identity: 'dis@example.com', password: 'x-y-z-w' });
      expect(locked.statusCode).toBe(429);
    });

    it('keeps a failed identity in the audit log only when it is a plausible email', async () => {
      for (const identity of ['hunter2-secret-pass', 'Nobody@Example.com', 'pass word@example.com'])
        await auth('users', { identity, password: 'not-the-password' });
      await auth('_superusers', { identity: 'another secret typed', password: 'nope-nope' });
      const rows = await t.services.db
        .selectFrom('audit_log')
        .select(['actorEmail', 'targetType'])
        .where('action', '=', 'auth.signin')
        .orderBy('seq')
        .execute();
      expect(rows.slice(-4)).toEqual([
        { actorEmail: '(not an email)', targetType: 'users' },
        { actorEmail: 'nobody@example.com', targetType: 'users' },
        { actorEmail: '(not an email)', targetType: 'users' },
        { actorEmail: '(not an email)', targetType: '_superusers' },
      ]);
    });

    it('records every attempt with who, IP, user agent and result', async () => {
      await auth(
        'users',
        { identity: ADMIN.email, password: 'nope-nope-nope' },
        { 'user-agent': 'agent-x' },
      );
      await auth(
        'users',
        { identity: ADMIN.email, password: ADMIN.password },
        { 'user-agent': 'agent-y' },
      );
      const rows = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.signin')
        .where('targetType', '=', 'users')
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => [r.actorEmail, r.ip, r.userAgent, r.result])).toEqual([
        [ADMIN.email, '127.0.0.1', 'agent-x', 'failure'],
        [ADMIN.email, '127.0.0.1', 'agent-y', 'success'],
      ]);
      expect(JSON.stringify(rows)).not.toContain('nope-nope-nope');
      expect(JSON.stringify(rows)).not.toContain(ADMIN.password);
    });

    it('refreshes a token for the same session and collection only', async () => {
      const user = await signIn(t, 'users', ADMIN.email, ADMIN.password);
      const refreshed = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-refresh',
        token: user.token,
      });
      expect(refreshed.statusCode).toBe(200);
      const body = refreshed.json<{ token: string; record: { id: string } }>();
      expect(body.record.id).toBe(user.record.id);
      const sid = (token: string) =>
        (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string })
          .sid;
      expect(sid(body.token)).toBe(sid(user.token));

      const cross = [
        await t.request({
          method: 'POST',
          url: '/api/collections/_superusers/auth-refresh',
          token: user.token,
        }),
        await t.request({ method: 'POST', url: '/api/collections/users/auth-refresh', token: su }),
        await t.request({ method: 'POST', url: '/api/collections/users/auth-refresh' }),
        await t.request({
          method: 'POST',
          url: '/api/collections/users/auth-refresh',
          token: 'garbage',
        }),
        await t.request({
          method: 'POST',
          url: '/api/collections/users/auth-refresh',
          token: `${user.token.slice(0, -2)}xx`,
        }),
      ];
      // A token of the other collection is a 403, as PocketBase's RequireSameCollectionContextAuth;
      // no valid token at all is a 401.
      expect(cross.map((r) => r.statusCode)).toEqual([403, 403, 401, 401, 401]);
    });

    it('accepts the token with or without "Bearer"', async () => {
      const user = await signIn(t, 'users', ADMIN.email, ADMIN.password);
      for (const header of [user.token, `Bearer ${user.token}`]) {
        const res = await t.request({
          method: 'GET',
          url: `/api/collections/users/records/${user.record.id}`,
          headers: { authorization: header },
        });
        expect(res.statusCode).toBe(200);
      }
    });

    it('keeps superuser-only routes from users and user routes from superusers', async () => {
      const user = await signIn(t, 'users', ADMIN.email, ADMIN.password);
      expect(
        (await t.request({ method: 'GET', url: '/api/settings', token: user.token })).statusCode,
      ).toBe(403);
      expect((await t.request({ method: 'GET', url: '/api/settings' })).statusCode).toBe(401);
      expect((await t.request({ method: 'GET', url: '/api/settings', token: su })).statusCode).toBe(
        200,
      );
      // A plain user cannot create accounts (that needs admin.users.manage).
      await createUser(t, su, { email: 'plain@example.com', password: 'plain-password-1' });
      const plain = await signIn(t, 'users', 'plain@example.com', 'plain-password-1');
      const byUser = await t.request({
        method: 'POST',
        url: '/api/collections/users/records',
        token: plain.token,
        payload: { email: 'n@example.com' },
      });
      expect(byUser.statusCode).toBe(403);
      expect(byUser.json()).toMatchObject({ message: 'Creating users needs admin.users.manage.' });
    });

    it('lists the auth methods of each collection', async () => {
      const users = await t.request({ method: 'GET', url: '/api/collections/users/auth-methods' });
      expect(users.json()).toEqual({
        password: { enabled: true, identityFields: ['email'] },
        oauth2: { enabled: false, providers: [] },
        mfa: { enabled: false, duration: 0 },
        otp: { enabled: false, duration: 0 },
      });
      const supers = await t.request({
        method: 'GET',
        url: '/api/collections/_superusers/auth-methods',
      });
      expect(supers.json<{ otp: unknown }>().otp).toEqual({ enabled: true, duration: 180 });
      expect(
        (await t.request({ method: 'GET', url: '/api/collections/systems/auth-methods' }))
          .statusCode,
      ).toBe(404);
    });

    it.each([
      [{}, ['identity', 'password']],
      [{ identity: '', password: 'x' }, ['identity']],
      [{ identity: 'a@example.com' }, ['password']],
      [{ identity: 42, password: 'x' }, ['identity']],
      [{ identity: 'a@example.com', password: ['x'] }, ['password']],
      [{ identity: 'a@example.com', password: 'x'.repeat(2000) }, ['password']],
    ])('refuses the body %j with a 400 naming the fields', async (payload, fields) => {
      const res = await auth('users', payload);
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json<{ data: object }>().data).sort()).toEqual(fields);
    });

    it('answers unknown collections and malformed bodies with 4xx', async () => {
      expect((await auth('nope', { identity: 'a', password: 'b' })).statusCode).toBe(404);
      const raw = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: '{"identity":',
        headers: { 'content-type': 'application/json' },
      });
      expect(raw.statusCode).toBe(400);
      expect(raw.json()).toMatchObject({ status: 400 });
      // The body is parsed at the edge, after the collection and the parameters, as it always was.
      expect((await auth('nope', {})).statusCode).toBe(404);
      const longExpand = await t.request({
        method: 'POST',
        url: `/api/collections/users/auth-with-password?expand=${'x'.repeat(1025)}`,
        payload: {},
      });
      expect(longExpand.json()).toMatchObject({ status: 400, message: 'Invalid parameters.' });
      expect((await auth('users', { identity: ' ' })).json()).toEqual({
        status: 400,
        message: 'Failed to authenticate.',
        data: {
          identity: { code: 'validation_required', message: 'Cannot be blank.' },
          password: { code: 'validation_required', message: 'Missing required value.' },
        },
      });
      const otp = (collection: string) =>
        t.request({
          method: 'POST',
          url: `/api/collections/${collection}/auth-with-otp`,
          payload: {},
        });
      expect((await otp('users')).json()).toMatchObject({
        status: 400,
        message: 'One-time code sign-in is not enabled for this collection.',
      });
      expect((await otp('_superusers')).json()).toMatchObject({
        status: 400,
        message: 'Failed to authenticate.',
        data: { otpId: { code: 'validation_required' }, password: { code: 'validation_required' } },
      });
    });

    it('rehashes the password on sign-in when the hashing parameters change', async () => {
      const weak = new PasswordHasher({ memoryCost: 4096, timeCost: 1, parallelism: 1 });
      await t.services.db
        .updateTable('users')
        .set({ passwordHash: await weak.hash(ADMIN.password) })
        .where('email', '=', ADMIN.email)
        .execute();
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
      const row = await t.services.db
        .selectFrom('users')
        .select('passwordHash')
        .where('email', '=', ADMIN.email)
        .executeTakeFirstOrThrow();
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
    });
  });
}
