import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { hashToken, isWellFormedToken, newTokenSecret } from './token-format.js';

describe('token format', () => {
  it('is gth_ + 43 base62 + a 6-character checksum that catches typos', () => {
    const token = newTokenSecret();
    expect(token).toMatch(/^gth_[0-9A-Za-z]{49}$/);
    expect(isWellFormedToken(token)).toBe(true);
    const typo = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
    expect(isWellFormedToken(typo)).toBe(false);
    expect(isWellFormedToken(`${token}x`)).toBe(false);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(Array.from({ length: 50 }, newTokenSecret)).size).toBe(50);
  });
});

for (const dialect of DIALECTS) {
  describe(`personal API tokens (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let owner: { id: string; token: string };
    let admin: { id: string; token: string };
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const id = await createUser(t, su, {
        email: 'owner@example.com',
        password: 'owner-password-1',
        role: 'user',
      });
      owner = {
        id,
        token: (await signIn(t, 'users', 'owner@example.com', 'owner-password-1')).token,
      };
      admin = { id: '', token: (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token };
    });
    afterAll(async () => {
      await t.close();
    });

    const mint = async (payload: object, token = owner.token) => {
      const res = await t.request({ method: 'POST', url: '/api/tokens', token, payload });
      return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
    };
    const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

    it('shows the secret once, stores only its hash, and defaults to 90 days', async () => {
      const res = await mint({ name: 'ci' });
      expect(res.status).toBe(200);
      const secret = res.body.token as string;
      expect(isWellFormedToken(secret)).toBe(true);
      expect(res.body).toMatchObject({
        name: 'ci',
        prefix: secret.slice(0, 8),
        scopes: null,
        userId: owner.id,
      });
      const days =
        (Date.parse(String(res.body.expiresAt).replace(' ', 'T')) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(89.9);
      expect(days).toBeLessThan(90.1);
      const listed = await t.request({ method: 'GET', url: '/api/tokens', token: owner.token });
      expect(JSON.stringify(listed.json())).not.toContain(secret);
      const dump = JSON.stringify(
        await t.services.db.selectFrom('api_tokens').selectAll().execute(),
      );
      expect(dump).not.toContain(secret);
      expect(dump).toContain(hashToken(secret));
      const audit = JSON.stringify(
        await t.services.db.selectFrom('audit_log').selectAll().execute(),
      );
      expect(audit).not.toContain(secret);
    });

    it('works as Bearer on the records API with the owner’s current permissions, narrowed by scopes', async () => {
      const full = (await mint({ name: 'full' })).body.token as string;
      const viewOnly = (await mint({ name: 'view', scopes: ['systems:view'] })).body
        .token as string;
      const created = await t.request({
        method: 'POST',
        url: '/api/collections/systems/records',
        headers: bearer(full),
        payload: { name: 'by-token', host: 'h' },
      });
      expect(created.statusCode).toBe(200);
      expect(created.json()).toMatchObject({ users: [owner.id] });
      const sid = created.json<{ id: string }>().id;
      expect(
        (
          await t.request({
            method: 'GET',
            url: `/api/collections/systems/records/${sid}`,
            headers: bearer(viewOnly),
          })
        ).statusCode,
      ).toBe(200);
      const refused = await t.request({
        method: 'PATCH',
        url: `/api/collections/systems/records/${sid}`,
        headers: bearer(viewOnly),
        payload: { name: 'x' },
      });
      expect(refused.statusCode).toBe(403);
      // Scopes never widen: admin:users.view is not the owner's, so a token cannot carry it.
      const wide = await mint({ name: 'wide', scopes: ['admin:users.view', 'systems:view'] });
      expect(wide.status).toBe(400);
      expect(wide.body).toMatchObject({
        data: { scopes: { message: 'You do not hold admin:users.view.' } },
      });
      // lastUsedAt/lastUsedIp update on real use, and the first use is audited.
      const row = await t.services.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('tokenHash', '=', hashToken(full))
        .executeTakeFirstOrThrow();
      expect(row.lastUsedIp).toBe('127.0.0.1');
      expect(row.lastUsedAt).not.toBe('');
      const firstUse = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'token.used_first')
        .where('targetId', '=', row.id)
        .execute();
      expect(firstUse).toHaveLength(1);
      // A token cannot mint tokens or become a session token.
      expect(
        (
          await t.request({
            method: 'POST',
            url: '/api/tokens',
            headers: bearer(full),
            payload: { name: 'x' },
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await t.request({
            method: 'POST',
            url: '/api/collections/users/auth-refresh',
            headers: bearer(full),
          })
        ).statusCode,
      ).toBe(400);
    });

    it('stops working when revoked, expired, or when the owner is disabled', async () => {
      const a = await mint({ name: 'a' });
      const secret = a.body.token as string;
      // A dead token makes its request a guest's: 401 where a signed-in caller is needed (the
      // records API, as PocketBase, would answer a guest 404 instead).
      const me = () => t.request({ method: 'GET', url: '/api/access/me', headers: bearer(secret) });
      expect((await me()).statusCode).toBe(200);
      await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${owner.id}`,
        token: su,
        payload: { status: 'disabled' },
      });
      expect((await me()).statusCode).toBe(401);
      await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${owner.id}`,
        token: su,
        payload: { status: 'active' },
      });
      // Disabling revoked the token for good (SPEC §7): enabling the owner does not revive it.
      expect((await me()).statusCode).toBe(401);
      // Disabling ended the owner's sessions; sign in again for what follows.
      owner.token = (await signIn(t, 'users', 'owner@example.com', 'owner-password-1')).token;
      const a2 = await mint({ name: 'a2' });
      const me2 = () =>
        t.request({
          method: 'GET',
          url: '/api/access/me',
          headers: bearer(a2.body.token as string),
        });
      expect((await me2()).statusCode).toBe(200);
      await t.services.db
        .updateTable('api_tokens')
        .set({ expiresAt: '2000-01-01 00:00:00.000Z' })
        .where('id', '=', a2.body.id as string)
        .execute();
      expect((await me2()).statusCode).toBe(401);
      const b = await mint({ name: 'b', expiresAt: 'never' });
      expect(b.body.expiresAt).toBe('');
      const ownerToken = (await signIn(t, 'users', 'owner@example.com', 'owner-password-1')).token;
      expect(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/tokens/${b.body.id as string}`,
            token: ownerToken,
          })
        ).statusCode,
      ).toBe(204);
      expect(
        (
          await t.request({
            method: 'GET',
            url: '/api/sessions',
            headers: bearer(b.body.token as string),
          })
        ).statusCode,
      ).toBe(401);
      expect(
        (
          await t.request({
            method: 'GET',
            url: '/api/sessions',
            headers: bearer(`${secret.slice(0, -1)}x`),
          })
        ).statusCode,
      ).toBe(401);
    });

    it('lets admins with admin:tokens.manage list and revoke anyone’s tokens, and nobody else', async () => {
      const c = await mint({ name: 'c' });
      const ownerToken = (await signIn(t, 'users', 'owner@example.com', 'owner-password-1')).token;
      expect(
        (await t.request({ method: 'GET', url: '/api/tokens?all=1', token: ownerToken }))
          .statusCode,
      ).toBe(403);
      const all = await t.request({ method: 'GET', url: '/api/tokens?all=1', token: admin.token });
      expect(all.json<{ items: { id: string }[] }>().items.map((x) => x.id)).toContain(c.body.id);
      expect(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/tokens/${c.body.id as string}`,
            token: admin.token,
          })
        ).statusCode,
      ).toBe(204);
      expect(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/tokens/${c.body.id as string}`,
            token: admin.token,
          })
        ).statusCode,
      ).toBe(404);
    });

    it('refuses a token manager a token of an account above their level (as every admin change)', async () => {
      // Attack: a level-2 holder of admin:tokens.manage cuts off a level-1 admin's automation.
      const role = await t.request({
        method: 'POST',
        url: '/api/collections/roles/records',
        token: su,
        payload: {
          name: 'Token Keeper',
          level: 2,
          permissions: { admin: { actions: ['tokens.manage'], scope: 'all' } },
        },
      });
      expect(role.statusCode).toBe(200);
      await createUser(t, su, {
        email: 'keeper@example.com',
        password: 'keeper-password-1',
        role: 'Token Keeper',
      });
      const keeper = (await signIn(t, 'users', 'keeper@example.com', 'keeper-password-1')).token;
      const adminsToken = await mint({ name: 'admin automation' }, admin.token);
      const ownersToken = await mint({ name: 'owner automation' });
      const refused = await t.request({
        method: 'DELETE',
        url: `/api/tokens/${adminsToken.body.id as string}`,
        token: keeper,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ message: string }>().message).toBe(
        'You (level 2) cannot manage a user at level 1, which is above yours.',
      );
      const still = await t.request({ method: 'GET', url: '/api/tokens', token: admin.token });
      expect(still.json<{ items: { id: string }[] }>().items.map((x) => x.id)).toContain(
        adminsToken.body.id,
      );
      // A token of an account at or below their level: revoked.
      const below = await t.request({
        method: 'DELETE',
        url: `/api/tokens/${ownersToken.body.id as string}`,
        token: keeper,
      });
      expect(below.statusCode).toBe(204);
    });

    it.each([
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ name: 'x', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', scopes: ['systems:fly'] }, 'scopes.0'],
      [{ name: 'x', scopes: 'systems:view' }, 'scopes'],
    ])('refuses %j naming %s', async (payload, field) => {
      const ownerToken = (await signIn(t, 'users', 'owner@example.com', 'owner-password-1')).token;
      const res = await mint(payload, ownerToken);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.data as object)).toEqual([field]);
    });
  });
}
