// The admin users list on both databases: directory readers see emails, effective levels and last
// sign-ins; others do not; and the filters the screen builds (one group, search, role, status)
// match what they say.
import { CompiledQuery } from 'kysely';
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
import { lastSignInsQuery } from './users.last-sign-in.js';

type Json = Record<string, unknown>;
type Page = { totalItems: number; items: Json[] };

for (const dialect of DIALECTS) {
  describe(`admin users list (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    const g: Record<string, string> = {};
    const u: Record<string, { id: string; token: string }> = {};

    const list = async (query: string, token = su) => {
      const res = await t.request({
        method: 'GET',
        url: `/api/collections/users/records?${query}`,
        token,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Page>();
    };
    const filter = (f: string) => `filter=${encodeURIComponent(f)}&sort=name&perPage=50`;
    const names = (p: Page) => p.items.map((i) => i.name);
    const post = async (url: string, payload: object) => {
      const res = await t.request({ method: 'POST', url, token: su, payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Json>();
    };
    const user = async (name: string, role: string, groups: string[] = [], signInToo = true) => {
      const id = await createUser(t, su, {
        email: `${name}@example.com`,
        password: `${name}-password-1`,
        name,
        role,
        groups,
      });
      const token = signInToo
        ? (await signIn(t, 'users', `${name}@example.com`, `${name}-password-1`)).token
        : '';
      u[name] = { id, token };
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const lead = (
        await post('/api/collections/roles/records', { name: 'Lead', level: 3, permissions: {} })
      ).id as string;
      await post('/api/collections/roles/records', {
        name: 'Directory Viewer',
        level: 4,
        permissions: { admin: { actions: ['users.view'], scope: 'shared' } },
      });
      g.Org = (await post('/api/collections/groups/records', { name: 'Org' })).id as string;
      g.Sec = (
        await post('/api/collections/groups/records', { name: 'Sec', parent: g.Org, roles: [lead] })
      ).id as string;
      g.Ops = (await post('/api/collections/groups/records', { name: 'Ops', parent: g.Org }))
        .id as string;
      await user('vic', 'Directory Viewer');
      await user('nia', 'user');
      await user('ann', 'user', [g.Sec, g.Ops]);
      await user('bob', 'user', [g.Ops]);
      await user('cal', 'user', [], false);
      await post('/api/collections/roles/records', {
        name: 'People Manager',
        level: 2,
        permissions: { admin: { actions: ['users.manage'], scope: 'all' } },
      });
      await post('/api/collections/roles/records', { name: 'Boss', level: 1, permissions: {} });
      await user('max', 'People Manager');
      await user('ada', 'Boss', [], false);
      await user('eve', 'Boss', [], false);
      const off = await t.request({
        method: 'POST',
        url: '/api/users/bulk',
        token: su,
        payload: { action: 'disable', ids: [u.bob!.id] },
      });
      expect(off.statusCode, off.body).toBe(200);
    });
    afterAll(() => t.close());

    it('shows a directory reader every email, the effective level and the last sign-in', async () => {
      const page = await list(filter("name ~ 'a' || name ~ 'b'"), u.vic!.token);
      const ann = page.items.find((i) => i.name === 'ann')!;
      expect(ann.email).toBe('ann@example.com');
      // ann's direct role is "user" (level 4); Sec gives her Lead (level 3): the lowest wins.
      expect(ann.level).toBe(3);
      expect(ann.groupPaths).toEqual(['Org / Sec', 'Org / Ops']);
      expect(String(ann.lastSignIn)).toMatch(/^\d{4}-\d\d-\d\d/);
      const cal = (await list(filter("name = 'cal'"), u.vic!.token)).items[0]!;
      expect(cal.email).toBe('cal@example.com');
      expect(cal.lastSignIn).toBe('');
      expect(cal.level).toBe(4);
    });

    it("hides other users' emails and sign-ins from a user without the directory grant", async () => {
      const self = await t.request({
        method: 'GET',
        url: `/api/collections/users/records/${u.nia!.id}`,
        token: u.nia!.token,
      });
      expect(self.json<Json>().email).toBe('nia@example.com');
      // A plain user's list holds only what the scope rule lets them see; no one else's email.
      for (const item of (await list('perPage=50', u.nia!.token)).items) {
        if (item.id === u.nia!.id) continue;
        expect(item.email).toBe('');
        expect(item).not.toHaveProperty('lastSignIn');
      }
    });

    it('filters by one group with `groups.id ?= id` (as the screen does), and by name/email, role and status', async () => {
      expect(names(await list(filter(`groups.id ?= '${g.Ops}'`)))).toEqual(['ann', 'bob']);
      expect(names(await list(filter(`groups.id ?= '${g.Sec}'`)))).toEqual(['ann']);
      // Only direct membership: Org itself has no members.
      expect(names(await list(filter(`groups.id ?= '${g.Org}'`)))).toEqual([]);
      expect(names(await list(`inGroup=${g.Org}&sort=name`))).toEqual(['ann', 'bob']);
      expect(names(await list(filter("(name ~ 'ca' || email ~ 'ca')")))).toEqual(['cal']);
      expect(names(await list(filter("email ~ 'nia@'")))).toEqual(['nia']);
      // A directory reader (not an operator) filters on every email, as they are shown it; a
      // plain user only on the emails they are shown.
      expect(names(await list(filter("email ~ 'nia@'"), u.vic!.token))).toEqual(['nia']);
      expect(names(await list(filter("email ~ 'ann@'"), u.nia!.token))).toEqual([]);
      expect(names(await list(filter("role = 'Directory Viewer'")))).toEqual(['vic']);
      expect(names(await list(filter("status = 'disabled'")))).toEqual(['bob']);
      expect(
        names(await list(filter(`groups.id ?= '${g.Ops}' && status = 'active' && role = 'user'`))),
      ).toEqual(['ann']);
    });

    it('refuses a bulk action on users above the caller, naming every one, and changes none', async () => {
      const ids = [u.cal!.id, u.ada!.id, u.eve!.id];
      const res = await t.request({
        method: 'POST',
        url: '/api/users/bulk',
        token: u.max!.token,
        payload: { action: 'disable', ids },
      });
      expect(res.statusCode).toBe(403);
      const message = res.json<{ message: string }>().message;
      expect(message).toContain(`(user ${u.ada!.id})`);
      expect(message).toContain(`(user ${u.eve!.id})`);
      expect(message).not.toContain(u.cal!.id);
      expect(names(await list(filter("status = 'disabled'")))).toEqual(['bob']);
    });

    it('names the field of a level-guard refusal on create: the role, or the group that brings one', async () => {
      const create = (payload: object) =>
        t.request({
          method: 'POST',
          url: '/api/collections/users/records',
          token: u.max!.token,
          payload: { email: 'new@example.com', password: 'new-password-123', ...payload },
        });
      const role = await create({ role: 'Boss' });
      expect(role.statusCode).toBe(403);
      const body = role.json<{ message: string; data: Record<string, { message: string }> }>();
      expect(body.data.role?.message).toBe(body.message);
      expect(body.message).toContain('Boss');
      const boss = (await post('/api/collections/groups/records', { name: 'Bosses', roles: [] }))
        .id as string;
      const bossRole = (await list(filter("name = 'ada'"))).items[0]!;
      expect(bossRole.role).toBe('Boss');
      const roles = await t.request({
        method: 'GET',
        url: `/api/collections/roles/records?filter=${encodeURIComponent("name = 'Boss'")}`,
        token: su,
      });
      const bossId = roles.json<Page>().items[0]!.id as string;
      await t.request({
        method: 'PATCH',
        url: `/api/collections/groups/records/${boss}`,
        token: su,
        payload: { roles: [bossId] },
      });
      const group = await create({ groups: [boss] });
      expect(group.statusCode).toBe(403);
      const gbody = group.json<{ message: string; data: Record<string, { message: string }> }>();
      expect(gbody.data.groups?.message).toContain('Bosses');
      expect((await list(filter("email = 'new@example.com'"))).totalItems).toBe(0);
    });

    it('creates an OAuth-only user without a password, who cannot sign in with one', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/collections/users/records',
        token: u.max!.token,
        payload: { email: 'oauth@example.com', name: 'Olive OAuth', groups: [g.Ops] },
      });
      expect(res.statusCode, res.body).toBe(200);
      const tried = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity: 'oauth@example.com', password: '' },
      });
      expect(tried.statusCode).toBe(400);
      const olive = (await list(filter("email = 'oauth@example.com'"))).items[0]!;
      expect(olive.groupPaths).toEqual(['Org / Ops']);
    });
  });
}

// SQLite's plan is stable enough to pin; PostgreSQL picks by cost on each table's statistics.
describe('last sign-ins of a page of users: the plan (sqlite)', () => {
  it("reads each user's own audit entries and sessions, never every sign-in", async () => {
    const t = await createTestApp('sqlite');
    try {
      const query = lastSignInsQuery(t.services.db, ['a', 'b']).compile();
      const plan = await t.services.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]),
      );
      const details = plan.rows.map((r) => r.detail).join('\n');
      expect(details).toMatch(/audit_log.*USING INDEX audit_log_target/);
      expect(details).toMatch(/sessions.*USING (COVERING )?INDEX sessions_account/);
      expect(details).not.toMatch(/audit_log_action|SCAN audit_log|SCAN sessions/);
    } finally {
      await t.close();
    }
  });
});
