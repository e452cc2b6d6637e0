// Attacks on the directory's guards through every path that changes someone's roles: moving,
// editing and deleting groups, editing roles, memberships, user edits, bulk actions and imports.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createSiblingApp,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { CLI } from '../access/index.js';

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const SUPER_ADMIN = {
  admin: {
    actions: ['users.view', 'users.manage', 'groups.manage', 'roles.manage', 'audit.view'],
    scope: 'all',
  },
};

/** A directory with one level-0 user (boss, through group Root), admins at 1 and a manager at 2. */
async function directory(t: TestApp) {
  await setupAdmin(t);
  const su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
  const call = async (method: Method, url: string, token: string, payload?: unknown) => {
    const res = await t.request({
      method,
      url,
      token,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : null) as Json };
  };
  const ok = async (method: Method, url: string, token: string, payload?: unknown) => {
    const res = await call(method, url, token, payload);
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const role = async (name: string, level: number, permissions: Json) =>
    (await ok('POST', '/api/collections/roles/records', su, { name, level, permissions }))
      .id as string;
  const group = async (name: string, fields: Json = {}, token = su) =>
    (await ok('POST', '/api/collections/groups/records', token, { name, ...fields })).id as string;
  const user = async (name: string, fields: Json) => {
    const id = await createUser(t, su, {
      email: `${name}@example.com`,
      password: `${name}-password-1`,
      name,
      ...fields,
    });
    const { token } = await signIn(t, 'users', `${name}@example.com`, `${name}-password-1`);
    return { id, token };
  };
  const levelOf = async (token: string) =>
    (await ok('GET', '/api/access/me', token)).level as number | null;
  const roleId = async (name: string) =>
    (
      (
        await ok(
          'GET',
          `/api/collections/roles/records?filter=${encodeURIComponent(`name='${name}'`)}`,
          su,
        )
      ).items as Json[]
    )[0]?.id as string;

  const superAdmin = await role('Super Admin', 0, SUPER_ADMIN);
  const adminRole = await roleId('admin');
  const root = await group('Root', { roles: [superAdmin] });
  const boss = await user('boss', { role: 'user', groups: [root] });
  const admins = await group('Admins', { roles: [adminRole] });
  const adm1 = await user('adm1', { role: 'user', groups: [admins] });
  const pm = await user('pm', { role: 'Project Manager' });
  return {
    su,
    call,
    ok,
    role,
    group,
    user,
    levelOf,
    roleId,
    superAdmin,
    adminRole,
    root,
    admins,
    boss,
    adm1,
    pm,
  };
}

for (const dialect of DIALECTS) {
  describe(`directory guards (${dialect})`, () => {
    let t: TestApp;
    let sibling: TestApp | null = null;
    afterEach(async () => {
      await sibling?.close();
      sibling = null;
      await t.close();
    });

    it('a manager cannot lift themselves or others to level 0 by moving their group under a level-0 group', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      expect(await d.levelOf(d.boss.token)).toBe(0);
      expect(await d.levelOf(d.pm.token)).toBe(2);
      const mine = await d.group('Mine', {}, d.pm.token);
      const other = await d.user('other', { role: 'readonly' });
      await d.ok('POST', `/api/groups/${mine}/members`, d.pm.token, {
        add: [d.pm.id, other.id],
      });
      const moved = await d.call('PATCH', `/api/collections/groups/records/${mine}`, d.pm.token, {
        parent: d.root,
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(403);
      expect(String(moved.body.message)).toMatch(/Super Admin/);
      expect(await d.levelOf(d.pm.token)).toBe(2);
      expect(await d.levelOf(other.token)).toBe(5);
      // Nothing was written: the group still has no parent.
      const group = await d.ok('GET', `/api/collections/groups/records/${mine}`, d.su);
      expect(group.parent).toBe('');
    });

    it('a manager cannot give a group a role above their level, nor create one under a level-0 group', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      const mine = await d.group('Mine', {}, d.pm.token);
      await d.ok('POST', `/api/groups/${mine}/members`, d.pm.token, { add: [d.pm.id] });
      const roles = await d.call('PATCH', `/api/collections/groups/records/${mine}`, d.pm.token, {
        'roles+': d.adminRole,
      });
      expect(roles.status).toBe(403);
      expect(await d.levelOf(d.pm.token)).toBe(2);
      // A new child of Root has no members, so nobody gains: allowed; joining it is not.
      const child = await d.group('Under Root', { parent: d.root }, d.pm.token);
      const join = await d.call('POST', `/api/groups/${child}/members`, d.pm.token, {
        add: [d.pm.id],
      });
      expect(join.status).toBe(403);
      expect(await d.levelOf(d.pm.token)).toBe(2);
    });

    it('a manager cannot demote admins above them by taking the role from their group or deleting it', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      expect(await d.levelOf(d.adm1.token)).toBe(1);
      const strip = await d.call(
        'PATCH',
        `/api/collections/groups/records/${d.admins}`,
        d.pm.token,
        { 'roles-': d.adminRole },
      );
      expect(strip.status, JSON.stringify(strip.body)).toBe(403);
      const drop = await d.call(
        'DELETE',
        `/api/collections/groups/records/${d.admins}?confirm=true`,
        d.pm.token,
      );
      expect(drop.status, JSON.stringify(drop.body)).toBe(403);
      const leave = await d.call('POST', `/api/groups/${d.admins}/members`, d.pm.token, {
        remove: [d.adm1.id],
      });
      expect(leave.status).toBe(403);
      expect(await d.levelOf(d.adm1.token)).toBe(1);
    });

    it('the only level-0 user survives every path, even a superuser’s', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      const attempts: [Method, string, unknown][] = [
        ['PATCH', `/api/collections/roles/records/${d.superAdmin}`, { level: 1 }],
        ['PATCH', `/api/collections/roles/records/${d.superAdmin}`, { level: 3, name: 'Renamed' }],
        ['PATCH', `/api/collections/groups/records/${d.root}`, { 'roles-': d.superAdmin }],
        ['PATCH', `/api/collections/groups/records/${d.root}`, { roles: [] }],
        ['DELETE', `/api/collections/groups/records/${d.root}?confirm=true`, undefined],
        ['POST', `/api/groups/${d.root}/members`, { remove: [d.boss.id] }],
        ['PATCH', `/api/collections/users/records/${d.boss.id}`, { groups: [] }],
        ['PATCH', `/api/collections/users/records/${d.boss.id}`, { status: 'disabled' }],
        ['POST', '/api/users/bulk', { action: 'disable', ids: [d.boss.id] }],
        ['POST', '/api/users/bulk', { action: 'removeFromGroup', group: d.root, ids: [d.boss.id] }],
        [
          'DELETE',
          `/api/collections/users/records/${d.boss.id}?confirm=boss@example.com`,
          undefined,
        ],
      ];
      for (const [method, url, payload] of attempts) {
        const res = await d.call(method, url, d.su, payload);
        expect(res.status, `${method} ${url} ${JSON.stringify(payload)}`).toBe(403);
        expect(String(res.body.message)).toMatch(/level-0/);
      }
      expect(await d.levelOf(d.boss.token)).toBe(0);
      // With a second level-0 user, the first may go.
      const deputy = await d.user('deputy', { role: 'user', groups: [d.root] });
      expect(await d.levelOf(deputy.token)).toBe(0);
      await d.ok('PATCH', `/api/collections/users/records/${d.boss.id}`, d.su, {
        status: 'disabled',
      });
    });

    it('credentials of a peer need a strictly higher level; a role one holds is not one’s to edit', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      const peer = await d.user('peer', { role: 'Project Manager' });
      for (const change of [
        { password: 'another-pass-123', passwordConfirm: 'another-pass-123' },
        { email: 'mine@example.com' },
      ]) {
        const res = await d.call(
          'PATCH',
          `/api/collections/users/records/${peer.id}`,
          d.pm.token,
          change,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(403);
        expect(Object.keys(res.body.data as Json)).toEqual([Object.keys(change)[0]]);
      }
      // Still theirs: the peer signs in with the old password at the old address.
      await signIn(t, 'users', 'peer@example.com', 'peer-password-1');
      // A level-1 admin may reset a level-2 user's password.
      await d.ok('PATCH', `/api/collections/users/records/${peer.id}`, d.adm1.token, {
        password: 'reset-by-admin-1',
        passwordConfirm: 'reset-by-admin-1',
      });
      // A roles manager at level 2 cannot widen the role they hold.
      const lead = await d.role('Roles Keeper', 2, {
        admin: { actions: ['roles.manage'], scope: 'all' },
      });
      const keeper = await d.user('keeper', { role: 'Roles Keeper' });
      const widen = await d.call('PATCH', `/api/collections/roles/records/${lead}`, keeper.token, {
        permissions: {
          admin: { actions: ['roles.manage', 'users.manage', 'audit.view'], scope: 'all' },
        },
      });
      expect(widen.status, JSON.stringify(widen.body)).toBe(403);
      // …nor put into another role what they do not hold themselves, then take it.
      const spare = await d.role('Spare', 3, {});
      const grant = await d.call('PATCH', `/api/collections/roles/records/${spare}`, keeper.token, {
        permissions: { admin: { actions: ['users.manage'], scope: 'all' } },
      });
      expect(grant.status, JSON.stringify(grant.body)).toBe(403);
      const create = await d.call('POST', '/api/collections/roles/records', keeper.token, {
        name: 'Backdoor',
        level: 5,
        permissions: { projects: { actions: ['view'], scope: 'all' } },
      });
      expect(create.status, JSON.stringify(create.body)).toBe(403);
      // A level-0 user may edit the role they hold.
      await d.ok('PATCH', `/api/collections/roles/records/${d.superAdmin}`, d.boss.token, {
        description: 'The top.',
      });
    });

    it('a user promoted between the checks and the write keeps their password', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      const worker = await d.user('worker', { role: 'user' });
      const transaction = t.services.directory.transaction.bind(t.services.directory);
      const spy = vi
        .spyOn(t.services.directory, 'transaction')
        .mockImplementationOnce(async (actor, body) => {
          await d.ok('PATCH', `/api/collections/users/records/${worker.id}`, d.su, {
            groups: [d.admins],
          });
          return transaction(actor, body);
        });
      const res = await d.call('PATCH', `/api/collections/users/records/${worker.id}`, d.pm.token, {
        password: 'taken-over-123',
        passwordConfirm: 'taken-over-123',
      });
      spy.mockRestore();
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      await signIn(t, 'users', 'worker@example.com', 'worker-password-1');
    });

    it('concurrent re-parents never store a cycle', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      sibling = dialect === 'postgres' ? await createSiblingApp(t) : null;
      const other = sibling ?? t;
      for (let round = 0; round < 10; round++) {
        const a = await d.group(`A${round}`);
        const b = await d.group(`B${round}`);
        const results = await Promise.all([
          t.request({
            method: 'PATCH',
            url: `/api/collections/groups/records/${a}`,
            token: d.su,
            payload: { parent: b },
          }),
          other.request({
            method: 'PATCH',
            url: `/api/collections/groups/records/${b}`,
            token: d.su,
            payload: { parent: a },
          }),
        ]);
        const codes = results.map((r) => r.statusCode).sort();
        expect(codes, results.map((r) => r.body).join('\n')).toEqual([200, 400]);
        const refused = results.find((r) => r.statusCode === 400);
        expect(refused?.json<Json>().data).toMatchObject({ parent: { code: 'validation_cycle' } });
        const rows = await Promise.all(
          [a, b].map((id) => d.ok('GET', `/api/collections/groups/records/${id}`, d.su)),
        );
        expect(rows.filter((row) => row.parent !== '').length).toBe(1);
      }
    });

    it('keeps its index current through concurrent changes without reading the directory anew', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      sibling = dialect === 'postgres' ? await createSiblingApp(t) : null;
      const rebuilds = () =>
        t.services.directory.stats.rebuilds + (sibling?.services.directory.stats.rebuilds ?? 0);
      const before = rebuilds();
      const made = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 || !sibling ? t : sibling).request({
            method: 'POST',
            url: '/api/collections/groups/records',
            token: d.su,
            payload: { name: `Team ${i}`, parent: d.root },
          }),
        ),
      );
      expect(made.map((r) => r.statusCode)).toEqual(made.map(() => 200));
      // Every instance sees every group from the index it kept (the other's once its NOTIFY is in).
      for (const app of sibling ? [t, sibling] : [t]) {
        await vi.waitFor(async () => {
          const index = await app.services.directory.current();
          for (const r of made)
            expect(index.group(r.json<Json>().id as string)?.parent).toBe(d.root);
        });
      }
      expect(rebuilds() - before).toBe(0);
    });

    it('two level-0 users disabling each other at once leave one at level 0', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      sibling = dialect === 'postgres' ? await createSiblingApp(t) : null;
      const other = sibling ?? t;
      for (let round = 0; round < 5; round++) {
        const x = await d.user(`x${round}`, { role: 'user', groups: [d.root] });
        // Boss steps aside so that x and y are the only two at level 0.
        await d.ok('PATCH', `/api/collections/users/records/${d.boss.id}`, d.su, {
          status: 'disabled',
        });
        const y = await d.user(`y${round}`, { role: 'user', groups: [d.root] });
        const results = await Promise.all([
          t.request({
            method: 'PATCH',
            url: `/api/collections/users/records/${y.id}`,
            token: x.token,
            payload: { status: 'disabled' },
          }),
          other.request({
            method: 'PATCH',
            url: `/api/collections/users/records/${x.id}`,
            token: y.token,
            payload: { status: 'disabled' },
          }),
        ]);
        // One wins; the other is refused (403, or 404 once its author can no longer see the target).
        const codes = results.map((r) => r.statusCode).sort();
        expect(codes[0], results.map((r) => r.body).join('\n')).toBe(200);
        expect([403, 404]).toContain(codes[1]);
        const me = await d.ok('GET', '/api/access/users/' + x.id, d.su);
        const you = await d.ok('GET', '/api/access/users/' + y.id, d.su);
        const active = [me, you].filter(
          (e) => (e.user as Json).status === 'active' && e.level === 0,
        );
        expect(active.length).toBe(1);
        // Back to one level-0 user (boss) for the next round.
        await d.ok('PATCH', `/api/collections/users/records/${d.boss.id}`, d.su, {
          status: 'active',
        });
        for (const id of [x.id, y.id])
          await d.ok('PATCH', `/api/collections/users/records/${id}`, d.su, {
            status: 'disabled',
          });
      }
    });

    it('two superusers deleted at once leave one', async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      sibling = dialect === 'postgres' ? await createSiblingApp(t) : null;
      const other = sibling ?? t;
      const cli = { principal: CLI, ip: '', userAgent: '' };
      for (let round = 0; round < 5; round++) {
        await t.services.superusers.upsert(cli, `second${round}@example.com`, 'second-password-1');
        const results = await Promise.allSettled([
          t.services.superusers.delete(cli, ADMIN.email),
          other.services.superusers.delete(cli, `second${round}@example.com`),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const left = await t.services.db.selectFrom('_superusers').select('email').execute();
        expect(left.length).toBe(1);
        // Back to ADMIN alone for the next round.
        await t.services.superusers.upsert(cli, ADMIN.email, ADMIN.password);
        const survivor = left[0]?.email ?? '';
        if (survivor !== ADMIN.email) await t.services.superusers.delete(cli, survivor);
      }
    });

    it('an answer describes what was written, even when the change hides the record from its author', async () => {
      t = await createTestApp(dialect);
      const d = await directory(t);
      const worker = await d.user('worker', { role: 'user' });
      const project = await d.ok('POST', '/api/collections/projects/records', worker.token, {
        name: 'Apollo',
      });
      expect(project.users).toEqual([worker.id]);
      const res = await d.call(
        'PATCH',
        // An expand that names no relation does not turn the committed write into an error.
        `/api/collections/projects/records/${String(project.id)}?expand=nosuch`,
        worker.token,
        { 'users-': worker.id, name: 'Apollo 2' },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ name: 'Apollo 2', users: [] });
      const view = await d.call(
        'GET',
        `/api/collections/projects/records/${String(project.id)}`,
        worker.token,
      );
      expect(view.status).toBe(404);
    });
  });
}
