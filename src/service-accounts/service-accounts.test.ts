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

interface Sa {
  id: string;
  kind: string;
  name: string;
  description: string;
  ownerId: string | null;
  role: string;
  groups: string[];
  status: string;
}

for (const dialect of DIALECTS) {
  describe(`service accounts (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let admin: string;
    const people: Record<string, { id: string; token: string }> = {};
    let botsGroup: string;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      admin = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;
      for (const [name, role] of [
        ['bob', 'user'],
        ['alice', 'user'],
        ['pm', 'Project Manager'],
      ] as const) {
        const email = `${name}@example.com`;
        const id = await createUser(t, su, { email, password: `${name}-password-1`, role });
        people[name] = { id, token: (await signIn(t, 'users', email, `${name}-password-1`)).token };
      }
      const roles = await t.request({
        method: 'GET',
        url: `/api/collections/roles/records?filter=${encodeURIComponent("name='user'")}`,
        token: su,
      });
      const userRole = roles.json<{ items: { id: string }[] }>().items[0]!.id;
      const group = await t.request({
        method: 'POST',
        url: '/api/collections/groups/records',
        token: su,
        payload: { name: 'Bots', roles: [userRole] },
      });
      botsGroup = group.json<{ id: string }>().id;
    });
    afterAll(async () => {
      await t.close();
    });

    const bob = () => people.bob!;
    const call = (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      token: string,
      payload?: object,
    ) => t.request({ method, url, token, ...(payload ? { payload } : {}) });
    const bearer = (secret: string) => `Bearer ${secret}`;
    const createSa = async (payload: object, token = admin) => {
      const res = await call('POST', '/api/service-accounts', token, payload);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Sa>();
    };
    const mint = async (saId: string, token = bob().token) => {
      const res = await call('POST', `/api/service-accounts/${saId}/tokens`, token, { name: 'ci' });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ id: string; token: string; userId: string }>();
    };
    const auditOf = (action: string, targetId: string) =>
      t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', action)
        .where('targetId', '=', targetId)
        .execute();

    it('creates, lists, views, updates; the owner sees theirs; all audited', async () => {
      const sa = await createSa({
        name: 'Jenkins CI Bot',
        description: 'Builds',
        ownerId: bob().id,
        groups: [botsGroup],
      });
      expect(sa).toMatchObject({
        kind: 'service',
        name: 'Jenkins CI Bot',
        description: 'Builds',
        ownerId: bob().id,
        role: '',
        groups: [botsGroup],
        status: 'active',
      });
      const created = await auditOf('service_account.create', sa.id);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ actorType: 'user', result: 'success' });
      expect(JSON.parse(created[0]!.changes!)).toMatchObject({ owner: [null, bob().id] });

      // Defaults: owner = caller; the admin sees every account, the owner only theirs.
      const mine = await createSa({ name: 'Admin bot' });
      expect(mine.ownerId).not.toBeNull();
      const all = await call('GET', '/api/service-accounts', admin);
      expect(all.json<{ items: Sa[] }>().items.map((x) => x.id)).toEqual(
        expect.arrayContaining([sa.id, mine.id]),
      );
      const own = await call('GET', '/api/service-accounts', bob().token);
      expect(own.json<{ items: Sa[] }>().items.map((x) => x.id)).toEqual([sa.id]);
      expect((await call('GET', `/api/service-accounts/${sa.id}`, bob().token)).statusCode).toBe(
        200,
      );
      expect((await call('GET', `/api/service-accounts/${mine.id}`, bob().token)).statusCode).toBe(
        404,
      );

      // The owner edits name and description, not what gives power.
      const renamed = await call('PATCH', `/api/service-accounts/${sa.id}`, bob().token, {
        description: 'Builds and deploys',
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json<Sa>().description).toBe('Builds and deploys');
      const escalate = await call('PATCH', `/api/service-accounts/${sa.id}`, bob().token, {
        role: 'admin',
      });
      expect(escalate.statusCode).toBe(403);
      expect(Object.keys(escalate.json<{ data: object }>().data)).toEqual(['role']);
      const updated = await auditOf('service_account.update', sa.id);
      expect(updated).toHaveLength(1);
      expect(JSON.parse(updated[0]!.changes!)).toEqual({
        description: ['Builds', 'Builds and deploys'],
      });

      // Shown in the users collection to administrators, with kind, owner and description.
      const listed = await call(
        'GET',
        `/api/collections/users/records?filter=${encodeURIComponent("kind='service'")}&sort=name`,
        admin,
      );
      expect(listed.statusCode).toBe(200);
      expect(listed.json<{ items: object[] }>().items).toEqual([
        expect.objectContaining({ id: mine.id, kind: 'service' }),
        expect.objectContaining({
          id: sa.id,
          kind: 'service',
          owner: bob().id,
          description: 'Builds and deploys',
          groups: [botsGroup],
        }),
      ]);
      const human = await call('GET', `/api/collections/users/records/${bob().id}`, admin);
      expect(human.json()).toMatchObject({ kind: 'user', owner: '' });
    });

    it('refuses ordinary users, and hides accounts they do not own', async () => {
      const sa = await createSa({ name: 'Hidden', ownerId: bob().id });
      const alice = people.alice!.token;
      expect((await call('POST', '/api/service-accounts', alice, { name: 'x' })).statusCode).toBe(
        403,
      );
      expect((await call('GET', '/api/service-accounts', alice)).json()).toMatchObject({
        items: [],
        totalItems: 0,
      });
      for (const [method, url] of [
        ['GET', `/api/service-accounts/${sa.id}`],
        ['PATCH', `/api/service-accounts/${sa.id}`],
        ['DELETE', `/api/service-accounts/${sa.id}?confirm=Hidden`],
        ['GET', `/api/service-accounts/${sa.id}/tokens`],
        ['POST', `/api/service-accounts/${sa.id}/tokens`],
      ] as const) {
        const body = method === 'POST' || method === 'PATCH' ? { name: 'x' } : undefined;
        expect((await call(method, url, alice, body)).statusCode, url).toBe(404);
      }
      // The owner may not delete it either (administrators do).
      expect(
        (await call('DELETE', `/api/service-accounts/${sa.id}?confirm=Hidden`, bob().token))
          .statusCode,
      ).toBe(403);
      expect((await t.request({ method: 'GET', url: '/api/service-accounts' })).statusCode).toBe(
        401,
      );
    });

    it('keeps the level guards: no role or token above the caller’s level', async () => {
      const pm = people.pm!.token;
      const high = await call('POST', '/api/service-accounts', pm, { name: 'x', role: 'admin' });
      expect(high.statusCode).toBe(403);
      const adminBot = await createSa({ name: 'Admin-level bot', role: 'admin' });
      // The project manager (level 2) manages users but cannot mint for a level-1 account.
      const res = await call('POST', `/api/service-accounts/${adminBot.id}/tokens`, pm, {
        name: 'x',
      });
      expect(res.statusCode).toBe(403);
      const low = await call('POST', '/api/service-accounts', pm, { name: 'PM bot', role: 'user' });
      expect(low.statusCode).toBe(200);
      expect(low.json<Sa>().ownerId).toBe(people.pm!.id);
    });

    it('mints tokens that act with the account’s group permissions, audited as the service', async () => {
      const sa = await createSa({ name: 'Deployer', ownerId: bob().id, groups: [botsGroup] });
      const secret = await mint(sa.id);
      expect(secret.userId).toBe(sa.id);
      expect(secret.token).toMatch(/^gth_/);
      const listed = await call('GET', `/api/service-accounts/${sa.id}/tokens`, bob().token);
      expect(listed.json<{ items: { id: string }[] }>().items.map((x) => x.id)).toEqual([
        secret.id,
      ]);
      expect(listed.body).not.toContain(secret.token);

      const system = await call('POST', '/api/collections/systems/records', bearer(secret.token), {
        name: 'by-bot',
        host: 'h',
      });
      expect(system.statusCode, system.body).toBe(200);
      const rows = await auditOf('record.create', system.json<{ id: string }>().id);
      expect(rows[0]).toMatchObject({ actorType: 'service', actorId: sa.id });
      const self = await call(
        'GET',
        `/api/collections/users/records/${sa.id}`,
        bearer(secret.token),
      );
      expect(self.json()).toMatchObject({ kind: 'service', owner: bob().id });

      // Without the group, the account holds nothing: same token, 403.
      await call('PATCH', `/api/service-accounts/${sa.id}`, admin, { groups: [] });
      const refused = await call('POST', '/api/collections/systems/records', bearer(secret.token), {
        name: 'x',
        host: 'h',
      });
      expect(refused.statusCode).toBe(403);

      // A token cannot mint tokens, nor become a session.
      expect(
        (
          await call('POST', `/api/service-accounts/${sa.id}/tokens`, bearer(secret.token), {
            name: 'x',
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await call('POST', '/api/tokens', bearer(secret.token), { name: 'x' })).statusCode,
      ).toBe(403);
      expect(
        (await call('POST', '/api/collections/users/auth-refresh', bearer(secret.token)))
          .statusCode,
      ).toBe(400);

      // Revoke through the sub-resource: 401 on the next request.
      expect(
        (await call('DELETE', `/api/service-accounts/${sa.id}/tokens/${secret.id}`, bob().token))
          .statusCode,
      ).toBe(204);
      expect((await call('GET', '/api/access/me', bearer(secret.token))).statusCode).toBe(401);
    });

    it('cannot change its own account through the users API, even with an unscoped token', async () => {
      const sa = await createSa({ name: 'Self', ownerId: bob().id });
      const { token } = await mint(sa.id);
      for (const change of [{ name: 'Renamed' }, { email: 'bot@example.com' }]) {
        const res = await call(
          'PATCH',
          `/api/collections/users/records/${sa.id}`,
          bearer(token),
          change,
        );
        expect(res.statusCode, res.body).toBe(403);
      }
      const view = await call('GET', `/api/service-accounts/${sa.id}`, admin);
      expect(view.json<Sa>().name).toBe('Self');
    });

    it('cannot get a password, nor sign in with one set behind its back', async () => {
      const sa = await createSa({ name: 'No login', ownerId: bob().id });
      const row = await t.services.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', sa.id)
        .executeTakeFirstOrThrow();
      const set = await call('PATCH', `/api/collections/users/records/${sa.id}`, su, {
        password: 'a-strong-password-1',
        passwordConfirm: 'a-strong-password-1',
      });
      expect(set.statusCode, set.body).toBe(400);
      expect(set.json<{ data: Record<string, unknown> }>().data).toMatchObject({
        password: { code: 'validation_service_account' },
      });
      // A hash put there by other means still never signs in.
      await t.services.db
        .updateTable('users')
        .set({ passwordHash: await t.services.hasher.hash('a-strong-password-1') })
        .where('id', '=', sa.id)
        .execute();
      const signin = (identity: string, password: string) =>
        t.request({
          method: 'POST',
          url: '/api/collections/users/auth-with-password',
          payload: { identity, password },
        });
      const asService = await signin(row.email, 'a-strong-password-1');
      const wrong = await signin(bob().id + '@example.com', 'a-wrong-password');
      expect(asService.statusCode).toBe(400);
      expect(asService.json()).toEqual(wrong.json());
      const otp = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-otp',
        payload: { otpId: 'x', password: 'y' },
      });
      expect(otp.statusCode).toBe(400);
    });

    it('disabling revokes its tokens for good; deleting revokes them and needs confirmation', async () => {
      const sa = await createSa({ name: 'Short-lived', ownerId: bob().id, groups: [botsGroup] });
      const first = (await mint(sa.id)).token;
      expect((await call('GET', '/api/access/me', bearer(first))).statusCode).toBe(200);
      await call('PATCH', `/api/service-accounts/${sa.id}`, admin, { status: 'disabled' });
      expect((await call('GET', '/api/access/me', bearer(first))).statusCode).toBe(401);
      await call('PATCH', `/api/service-accounts/${sa.id}`, admin, { status: 'active' });
      expect((await call('GET', '/api/access/me', bearer(first))).statusCode).toBe(401);
      const secret = (await mint(sa.id)).token;
      const me = () => call('GET', '/api/access/me', bearer(secret));
      expect((await me()).statusCode).toBe(200);

      const unconfirmed = await call('DELETE', `/api/service-accounts/${sa.id}`, admin);
      expect(unconfirmed.statusCode).toBe(400);
      expect(Object.keys(unconfirmed.json<{ data: object }>().data)).toEqual(['confirm']);
      const deleted = await call(
        'DELETE',
        `/api/service-accounts/${sa.id}?confirm=${encodeURIComponent('Short-lived')}`,
        admin,
      );
      expect(deleted.statusCode).toBe(204);
      expect((await me()).statusCode).toBe(401);
      expect((await call('GET', `/api/service-accounts/${sa.id}`, admin)).statusCode).toBe(404);
      const live = await t.services.db
        .selectFrom('api_tokens')
        .select('id')
        .where('userId', '=', sa.id)
        .where('revokedAt', '=', '')
        .execute();
      expect(live).toEqual([]);
      const audit = await auditOf('service_account.delete', sa.id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.data!)).toMatchObject({ tokensRevoked: 1 });
    });

    it('releases the accounts of a deleted owner: they keep working, ownerless', async () => {
      const carolId = await createUser(t, su, {
        email: 'carol@example.com',
        password: 'carol-password-1',
        role: 'user',
      });
      const sa = await createSa({ name: 'Orphan', ownerId: carolId });
      const del = await call(
        'DELETE',
        `/api/collections/users/records/${carolId}?confirm=carol@example.com`,
        su,
      );
      expect(del.statusCode).toBe(204);
      const after = await call('GET', `/api/service-accounts/${sa.id}`, admin);
      expect(after.json<Sa>()).toMatchObject({ ownerId: null, status: 'active' });
      const audit = await auditOf('user.delete', carolId);
      expect(JSON.parse(audit[0]!.data!)).toMatchObject({ serviceAccountsReleased: [sa.id] });
    });

    it.each([
      [{}, 'name'],
      [{ name: '  ' }, 'name'],
      [{ name: 'x', ownerId: 'nope' }, 'ownerId'],
      [{ name: 'x', ownerId: 'aaaaaaaaaaaaaaa' }, 'ownerId'],
      [{ name: 'x', role: 'no-such-role' }, 'role'],
      [{ name: 'x', groups: ['aaaaaaaaaaaaaaa'] }, 'groups'],
      [{ name: 'x', groups: 'Bots' }, 'groups'],
      [{ name: 'x', description: 'd'.repeat(1001) }, 'description'],
      [{ name: 'x', owner: 'x' }, 'owner'],
    ])('refuses %j naming %s, writing nothing', async (payload, field) => {
      const count = async () =>
        (
          await t.services.db
            .selectFrom('users')
            .select('id')
            .where('kind', '=', 'service')
            .execute()
        ).length;
      const before = await count();
      const res = await call('POST', '/api/service-accounts', admin, payload);
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json<{ data: object }>().data)).toEqual([field]);
      expect(await count()).toBe(before);
    });

    it('lists a page at a time, searched, with owner names and token use', async () => {
      const made: Sa[] = [];
      for (const n of [1, 2, 3])
        made.push(
          await createSa({ name: `Paging bot ${n}`, description: 'pager', ownerId: bob().id }),
        );
      const literal = await createSa({ name: 'Literal', description: 'keeps 100%_ of it' });
      type Page = {
        page: number;
        totalItems: number;
        totalPages: number;
        items: (Sa & { ownerName: string; activeTokens: number; lastUsedAt: string })[];
      };
      const list = async (query: string, token = admin) => {
        const res = await call('GET', `/api/service-accounts?${query}`, token);
        expect(res.statusCode, res.body).toBe(200);
        return res.json<Page>();
      };
      const first = await list('q=paging%20bot&perPage=2');
      expect(first).toMatchObject({ page: 1, totalItems: 3, totalPages: 2 });
      const second = await list('q=paging%20bot&perPage=2&page=2');
      // Newest first, every one once across the pages.
      expect([...first.items, ...second.items].map((x) => x.name)).toEqual([
        'Paging bot 3',
        'Paging bot 2',
        'Paging bot 1',
      ]);
      // Any case, in the description too; % and _ are plain characters.
      expect((await list('q=PAGER')).totalItems).toBe(3);
      expect((await list(`q=${encodeURIComponent('100%_')}`)).items.map((x) => x.id)).toEqual([
        literal.id,
      ]);
      expect((await list(`q=${encodeURIComponent('0%')}`)).totalItems).toBe(1);
      expect((await list(`q=${encodeURIComponent('_')}`)).totalItems).toBe(1);
      // The owner sees only theirs, searched the same way.
      expect((await list('q=paging', bob().token)).totalItems).toBe(3);
      expect((await list('q=literal', bob().token)).totalItems).toBe(0);
      // One owner's (`owner=<id>`, `owner=me`): an admin narrows to it; an owner's list is theirs
      // whatever they ask, and another owner's is empty to them.
      const ids = (page: Page) => page.items.map((x) => x.id);
      const bobs = await list(`owner=${bob().id}`);
      expect(bobs.items.every((x) => x.ownerId === bob().id)).toBe(true);
      expect(ids(bobs)).toEqual(expect.arrayContaining(made.map((x) => x.id)));
      expect(ids(await list('owner=me', bob().token))).toEqual(ids(bobs));
      expect(ids(await list(`owner=${bob().id}`, bob().token))).toEqual(ids(bobs));
      expect(ids(await list('', bob().token))).toEqual(ids(bobs));
      const adminOwn = (await list('owner=me')).items;
      expect(adminOwn.map((x) => x.id)).toContain(literal.id);
      expect(adminOwn.every((x) => x.ownerId !== bob().id)).toBe(true);
      const adminId = adminOwn.find((x) => x.id === literal.id)!.ownerId!;
      expect((await list(`owner=${adminId}`, bob().token)).totalItems).toBe(0);

      // Owner names, unrevoked tokens and the last use of any.
      const target = made[0]!;
      const used = await mint(target.id);
      const revoked = await mint(target.id);
      await mint(target.id);
      expect(
        (await call('DELETE', `/api/service-accounts/${target.id}/tokens/${revoked.id}`, admin))
          .statusCode,
      ).toBe(204);
      const me = await call(
        'GET',
        `/api/collections/users/records/${target.id}`,
        bearer(used.token),
      );
      expect(me.statusCode, me.body).toBe(200);
      const row = (await list('q=paging%20bot%201')).items[0]!;
      expect(row).toMatchObject({ id: target.id, ownerId: bob().id, activeTokens: 2 });
      expect(row.ownerName).toBe('bob@example.com');
      expect(row.lastUsedAt).not.toBe('');
      const other = (await list('q=paging%20bot%202')).items[0]!;
      expect(other).toMatchObject({ activeTokens: 0, lastUsedAt: '' });
      expect((await list('q=literal')).items[0]!.ownerName).not.toBe('');
    });

    it('refuses bad list parameters naming them', async () => {
      for (const [query, field] of [
        ['perPage=0', 'perPage'],
        ['perPage=501', 'perPage'],
        ['page=x', 'page'],
        ['page=-1', 'page'],
        [`q=${'x'.repeat(101)}`, 'q'],
        ['owner=you', 'owner'],
        ['owner=', 'owner'],
      ] as const) {
        const res = await call('GET', `/api/service-accounts?${query}`, admin);
        expect(res.statusCode, query).toBe(400);
        expect(Object.keys(res.json<{ data: object }>().data), query).toEqual([field]);
      }
    });

    it('refuses bad updates naming the field', async () => {
      const sa = await createSa({ name: 'Patchy' });
      for (const [payload, field] of [
        [{ status: 'gone' }, 'status'],
        [{ ownerId: people.alice!.id.replace(/./g, 'z') }, 'ownerId'],
        [{ name: '' }, 'name'],
      ] as const) {
        const res = await call('PATCH', `/api/service-accounts/${sa.id}`, admin, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(Object.keys(res.json<{ data: object }>().data)).toEqual([field]);
      }
      // A service account cannot own another.
      const res = await call('PATCH', `/api/service-accounts/${sa.id}`, admin, { ownerId: sa.id });
      expect(res.statusCode).toBe(400);
    });
  });
}
