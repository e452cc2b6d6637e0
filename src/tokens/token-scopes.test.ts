// Issue 12 item 8: a scoped API token does only what its scopes name. Its owner's account, tokens,
// sessions and service accounts need a session (or a token without scopes, or the admin scope that
// covers the action); SHARE_ALL_SYSTEMS does not widen a token that lacks systems:view; and a token
// cannot be created with a scope its account does not hold.
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  startTestServer,
  type TestApp,
} from '../../test/harness.js';

const SCOPED_REFUSAL =
  /This token's scopes do not allow .+; use a session or a token without scopes\./;

for (const dialect of DIALECTS) {
  describe(`scoped API tokens and self-service (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let admin: string;
    let owner: { id: string; session: string };
    let scoped: string;
    let scopedId: string;
    let unscoped: string;
    let otherTokenId: string;
    let saId: string;
    let saTokenId: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      admin = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;
      const id = await createUser(t, su, {
        email: 'owner@example.com',
        password: 'owner-password-1',
        role: 'user',
      });
      owner = {
        id,
        session: (await signIn(t, 'users', 'owner@example.com', 'owner-password-1')).token,
      };
      const mint = async (payload: object) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/tokens',
          token: owner.session,
          payload,
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ id: string; token: string }>();
      };
      const s = await mint({ name: 'view systems', scopes: ['systems:view'] });
      scoped = `Bearer ${s.token}`;
      scopedId = s.id;
      unscoped = `Bearer ${(await mint({ name: 'everything' })).token}`;
      otherTokenId = (await mint({ name: 'other' })).id;
      const sa = await t.request({
        method: 'POST',
        url: '/api/service-accounts',
        token: admin,
        payload: { name: 'Owned bot', ownerId: owner.id, role: 'user' },
      });
      saId = sa.json<{ id: string }>().id;
      const saToken = await t.request({
        method: 'POST',
        url: `/api/service-accounts/${saId}/tokens`,
        token: owner.session,
        payload: { name: 'ci' },
      });
      saTokenId = saToken.json<{ id: string }>().id;
    });
    afterAll(async () => {
      await t.close();
    });

    const expectRefused = (res: { statusCode: number; body: string }) => {
      expect(res.statusCode, res.body).toBe(403);
      expect((JSON.parse(res.body) as { message: string }).message).toMatch(SCOPED_REFUSAL);
    };

    it('a systems:view token cannot change its owner’s account', async () => {
      for (const payload of [
        { name: 'Renamed by a token' },
        { emailVisibility: true },
        { email: 'stolen@example.com', oldPassword: 'owner-password-1' },
        { password: 'hijacked-pass-1', oldPassword: 'owner-password-1' },
      ]) {
        expectRefused(
          await t.request({
            method: 'PATCH',
            url: `/api/collections/users/records/${owner.id}`,
            token: scoped,
            payload,
          }),
        );
      }
      const row = await t.services.db
        .selectFrom('users')
        .select(['name', 'email'])
        .where('id', '=', owner.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ name: '', email: 'owner@example.com' });
      // Reading its own account is not a change: still allowed.
      expect(
        (
          await t.request({
            method: 'GET',
            url: `/api/collections/users/records/${owner.id}`,
            token: scoped,
          })
        ).statusCode,
      ).toBe(200);
    });

    it('a systems:view token cannot list or revoke its owner’s other tokens (but may revoke itself)', async () => {
      expectRefused(await t.request({ method: 'GET', url: '/api/tokens', token: scoped }));
      expectRefused(
        await t.request({ method: 'DELETE', url: `/api/tokens/${otherTokenId}`, token: scoped }),
      );
      const live = await t.services.db
        .selectFrom('api_tokens')
        .select('revokedAt')
        .where('id', '=', otherTokenId)
        .executeTakeFirstOrThrow();
      expect(live.revokedAt).toBe('');
    });

    it('a systems:view token cannot list or revoke sessions, nor sign the owner out everywhere', async () => {
      expectRefused(await t.request({ method: 'GET', url: '/api/sessions', token: scoped }));
      const sessions = await t.services.db
        .selectFrom('sessions')
        .select('id')
        .where('accountId', '=', owner.id)
        .execute();
      expect(sessions.length).toBeGreaterThan(0);
      expectRefused(
        await t.request({
          method: 'DELETE',
          url: `/api/sessions/${sessions[0]!.id}`,
          token: scoped,
        }),
      );
      expectRefused(await t.request({ method: 'DELETE', url: '/api/sessions', token: scoped }));
      // The owner's session still works.
      expect(
        (await t.request({ method: 'GET', url: '/api/sessions', token: owner.session })).statusCode,
      ).toBe(200);
    });

    it('a systems:view token cannot see or manage its owner’s service accounts', async () => {
      expectRefused(
        await t.request({ method: 'GET', url: '/api/service-accounts', token: scoped }),
      );
      expectRefused(
        await t.request({ method: 'GET', url: `/api/service-accounts/${saId}`, token: scoped }),
      );
      expectRefused(
        await t.request({
          method: 'PATCH',
          url: `/api/service-accounts/${saId}`,
          token: scoped,
          payload: { name: 'Renamed by a token' },
        }),
      );
      expectRefused(
        await t.request({
          method: 'GET',
          url: `/api/service-accounts/${saId}/tokens`,
          token: scoped,
        }),
      );
      expectRefused(
        await t.request({
          method: 'DELETE',
          url: `/api/service-accounts/${saId}/tokens/${saTokenId}`,
          token: scoped,
        }),
      );
      const sa = await t.services.db
        .selectFrom('users')
        .select('name')
        .where('id', '=', saId)
        .executeTakeFirstOrThrow();
      expect(sa.name).toBe('Owned bot');
    });

    it('a token without scopes still acts as its owner on self-service', async () => {
      expect(
        (
          await t.request({
            method: 'PATCH',
            url: `/api/collections/users/records/${owner.id}`,
            token: unscoped,
            payload: { name: 'Owner' },
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (await t.request({ method: 'GET', url: '/api/tokens', token: unscoped })).statusCode,
      ).toBe(200);
      expect(
        (await t.request({ method: 'GET', url: '/api/sessions', token: unscoped })).statusCode,
      ).toBe(200);
      expect(
        (await t.request({ method: 'GET', url: `/api/service-accounts/${saId}`, token: unscoped }))
          .statusCode,
      ).toBe(200);
    });

    it('an admin scope names administration explicitly: it covers users, not the owner’s sessions', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: admin,
        payload: { name: 'user admin', scopes: ['admin:users.manage', 'admin:tokens.manage'] },
      });
      expect(res.statusCode, res.body).toBe(200);
      const adminToken = `Bearer ${res.json<{ token: string }>().token}`;
      expect(
        (
          await t.request({
            method: 'PATCH',
            url: `/api/collections/users/records/${owner.id}`,
            token: adminToken,
            payload: { name: 'Renamed by an admin token' },
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (await t.request({ method: 'GET', url: '/api/tokens?all=1', token: adminToken }))
          .statusCode,
      ).toBe(200);
      expectRefused(await t.request({ method: 'DELETE', url: '/api/sessions', token: adminToken }));
      // Not groups: admin:groups.manage is not among its scopes.
      expect(
        (
          await t.request({
            method: 'POST',
            url: '/api/collections/groups/records',
            token: adminToken,
            payload: { name: 'By token' },
          })
        ).statusCode,
      ).toBe(403);
    });

    it('a scoped token may revoke itself', async () => {
      const res = await t.request({
        method: 'DELETE',
        url: `/api/tokens/${scopedId}`,
        token: scoped,
      });
      expect(res.statusCode, res.body).toBe(204);
      expect(
        (await t.request({ method: 'GET', url: '/api/access/me', token: scoped })).statusCode,
      ).toBe(401);
    });

    it('scopes never widen: a scope the owner loses later stops working', async () => {
      const id = await createUser(t, su, {
        email: 'demoted@example.com',
        password: 'demoted-password-1',
        role: 'user',
      });
      const session = (await signIn(t, 'users', 'demoted@example.com', 'demoted-password-1')).token;
      const minted = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: session,
        payload: { name: 'edit', scopes: ['systems:view', 'systems:edit'] },
      });
      expect(minted.statusCode, minted.body).toBe(200);
      const token = `Bearer ${minted.json<{ token: string }>().token}`;
      const created = await t.request({
        method: 'POST',
        url: '/api/collections/systems/records',
        token: session,
        payload: { name: 'mine', host: 'h' },
      });
      const systemId = created.json<{ id: string }>().id;
      const edit = () =>
        t.request({
          method: 'PATCH',
          url: `/api/collections/systems/records/${systemId}`,
          token,
          payload: { name: 'edited' },
        });
      expect((await edit()).statusCode).toBe(200);
      await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${id}`,
        token: su,
        payload: { role: 'readonly' },
      });
      expect((await edit()).statusCode).toBe(403);
    });

    it('refuses to create a token with a scope its owner does not hold, naming it', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: owner.session,
        payload: { name: 'wide', scopes: ['systems:view', 'admin:users.manage'] },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({
        data: { scopes: { message: 'You do not hold admin:users.manage.' } },
      });
      // A service account's token acts as the service account: its scopes must be its own.
      for (const token of [owner.session, admin]) {
        const sa = await t.request({
          method: 'POST',
          url: `/api/service-accounts/${saId}/tokens`,
          token,
          payload: { name: 'wide', scopes: ['admin:users.view'] },
        });
        expect(sa.statusCode, sa.body).toBe(400);
        expect(sa.json()).toMatchObject({
          data: { scopes: { message: 'The service account does not hold admin:users.view.' } },
        });
      }
      const held = await t.request({
        method: 'POST',
        url: `/api/service-accounts/${saId}/tokens`,
        token: owner.session,
        payload: { name: 'narrow', scopes: ['systems:view'] },
      });
      expect(held.statusCode, held.body).toBe(200);
    });
  });

  describe(`scoped API tokens and SHARE_ALL_SYSTEMS (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let mint: (scopes?: string[]) => Promise<string>;
    let systemId: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { shareAllSystems: true });
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      await createUser(t, su, {
        email: 'reader@example.com',
        password: 'reader-password-1',
        role: 'user',
      });
      const session = (await signIn(t, 'users', 'reader@example.com', 'reader-password-1')).token;
      const created = await t.request({
        method: 'POST',
        url: '/api/collections/systems/records',
        token: su,
        payload: { name: 'not shared with the reader', host: 'h' },
      });
      expect(created.statusCode, created.body).toBe(200);
      systemId = created.json<{ id: string }>().id;
      mint = async (scopes) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/tokens',
          token: session,
          payload: { name: 'x', ...(scopes ? { scopes } : {}) },
        });
        expect(res.statusCode, res.body).toBe(200);
        return `Bearer ${res.json<{ token: string }>().token}`;
      };
    });
    afterAll(async () => {
      await t.close();
    });

    const systems = async (token: string) => {
      const res = await t.request({
        method: 'GET',
        url: '/api/collections/systems/records',
        token,
      });
      return { status: res.statusCode, ...res.json<{ items?: unknown[] }>() };
    };

    it('a projects:view token reads no systems; systems:view and unscoped tokens read them all', async () => {
      // As for any token whose scopes lack the module's grant: 403 naming it.
      expect(await systems(await mint(['projects:view']))).toMatchObject({
        status: 403,
        message: 'Your roles do not grant systems.view.',
      });
      const view = await t.request({
        method: 'GET',
        url: `/api/collections/systems/records/${systemId}`,
        token: await mint(['projects:view']),
      });
      expect(view.statusCode).toBe(403);
      expect((await systems(await mint(['systems:view']))).items).toHaveLength(1);
      expect((await systems(await mint())).items).toHaveLength(1);
    });
  });

  describe(`scoped API tokens through the pocketbase SDK (${dialect})`, () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    beforeAll(async () => {
      server = await startTestServer(dialect, {
        initialUser: { email: ADMIN.email, password: ADMIN.password },
      });
    });
    afterAll(async () => {
      await server.close();
    });

    it('refuses users.update with a systems:view token, accepts it with the session', async () => {
      const pb = new PocketBase(server.url);
      pb.autoCancellation(false);
      const auth = await pb.collection('users').authWithPassword(ADMIN.email, ADMIN.password);
      const minted = await pb.send<{ token: string }>('/api/tokens', {
        method: 'POST',
        body: { name: 'sdk', scopes: ['systems:view'] },
      });
      const viaToken = new PocketBase(server.url);
      viaToken.autoCancellation(false);
      viaToken.authStore.save(minted.token, null);
      await expect(viaToken.collection('systems').getFullList()).resolves.toEqual([]);
      let error: unknown;
      try {
        await viaToken.collection('users').update(auth.record.id, { name: 'Renamed by SDK token' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClientResponseError);
      expect((error as ClientResponseError).status).toBe(403);
      expect((error as ClientResponseError).response.message).toMatch(SCOPED_REFUSAL);
      await expect(
        pb.collection('users').update(auth.record.id, { name: 'By session' }),
      ).resolves.toMatchObject({
        name: 'By session',
      });
    });
  });
}
