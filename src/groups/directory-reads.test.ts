// The directory reads on both databases: tree children paged past perPage with counts, search at
// any depth as paths, a role's holders with how they hold it, and who may read them.
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

type Json = Record<string, unknown>;
type Page = {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: Json[];
};

for (const dialect of DIALECTS) {
  describe(`groups tree and role holders (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    const g: Record<string, string> = {};
    const r: Record<string, string> = {};
    const u: Record<string, { id: string; token: string }> = {};

    const get = async (url: string, token?: string) => {
      const res = await t.request({ method: 'GET', url, token });
      return { status: res.statusCode, body: res.json<Page & Json>() };
    };
    const post = async (url: string, payload: object) => {
      const res = await t.request({ method: 'POST', url, token: su, payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Json>();
    };
    const group = async (name: string, parent = '', roles: string[] = []) => {
      g[name] = (await post('/api/collections/groups/records', { name, parent, roles }))
        .id as string;
      return g[name];
    };
    const user = async (name: string, role: string, groups: string[] = []) => {
      const id = await createUser(t, su, {
        email: `${name}@example.com`,
        password: `${name}-password-1`,
        name,
        role,
        groups,
      });
      const token = (await signIn(t, 'users', `${name}@example.com`, `${name}-password-1`)).token;
      u[name] = { id, token };
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      r.Lead = (
        await post('/api/collections/roles/records', {
          name: 'Lead',
          level: 3,
          permissions: { projects: { actions: ['view'], scope: 'shared' } },
        })
      ).id as string;
      r.Viewer = (
        await post('/api/collections/roles/records', {
          name: 'Directory Viewer',
          level: 4,
          permissions: { admin: { actions: ['users.view'], scope: 'shared' } },
        })
      ).id as string;
      const org = await group('Organization');
      // Seven children, added in reverse name order: pages of 3 must show all seven by name.
      for (const n of ['G', 'F', 'E', 'D', 'C', 'B', 'A']) await group(`Team ${n}`, org);
      await group('Security Team', org, [r.Lead]);
      // A chain six deep under Security Team; the deepest matches "needle".
      let parent = g['Security Team']!;
      for (const n of ['L2', 'L3', 'L4', 'L5']) parent = await group(n, parent);
      await group('Deep Needle', parent);
      await group('Other');
      await user('sam', 'readonly', [g['Security Team']!]);
      await user('dee', 'Lead', [g['Deep Needle']!, g['Team A']!]);
      await user('vic', 'Directory Viewer');
      await user('nia', 'user');
    });
    afterAll(async () => {
      await t.close();
    });

    it('pages the top level and a node with more children than perPage, sorted by name', async () => {
      const top = await get('/api/groups/tree', su);
      expect(top.status).toBe(200);
      expect(top.body.items.map((i) => i.name)).toEqual(['Organization', 'Other']);
      expect(top.body.items[0]).toMatchObject({
        parent: '',
        childCount: 8,
        memberCount: 0,
        memberCountWithSubgroups: 2,
      });
      const names: unknown[] = [];
      for (let page = 1; page <= 3; page++) {
        const res = await get(
          `/api/groups/tree?parent=${g.Organization}&perPage=3&page=${page}`,
          su,
        );
        expect(res.body).toMatchObject({ page, perPage: 3, totalItems: 8, totalPages: 3 });
        names.push(...res.body.items.map((i) => i.name));
      }
      expect(names).toEqual([
        'Security Team',
        'Team A',
        'Team B',
        'Team C',
        'Team D',
        'Team E',
        'Team F',
        'Team G',
      ]);
      const sec = await get(`/api/groups/tree?parent=${g['Security Team']}`, su);
      expect(sec.body.items.map((i) => i.name)).toEqual(['L2']);
      const security = (await get(`/api/groups/tree?parent=${g.Organization}&perPage=1`, su)).body
        .items[0];
      expect(security).toMatchObject({
        name: 'Security Team',
        path: 'Organization / Security Team',
        childCount: 1,
        memberCount: 1,
        memberCountWithSubgroups: 2,
      });
    });

    it('searches every depth and answers paths with the ancestors to expand', async () => {
      const res = await get('/api/groups/tree/search?q=needle', su);
      expect(res.status).toBe(200);
      expect(res.body.totalItems).toBe(1);
      const match = res.body.items[0]!;
      expect(match.path).toBe('Organization / Security Team / L2 / L3 / L4 / L5 / Deep Needle');
      expect((match.ancestors as Json[]).map((a) => a.id)).toEqual([
        g.Organization,
        g['Security Team'],
        g.L2,
        g.L3,
        g.L4,
        g.L5,
      ]);
      // More matches than perPage: every one, paged by path (Security Team first).
      const teams = await get('/api/groups/tree/search?q=TEAM&perPage=5&page=2', su);
      expect(teams.body.totalItems).toBe(8);
      expect(teams.body.items.map((i) => i.name)).toEqual(['Team E', 'Team F', 'Team G']);
    });

    it("lists a role's users with how they hold it, and its groups", async () => {
      const users = await get(`/api/roles/${r.Lead}/holders?type=users`, su);
      expect(users.status).toBe(200);
      expect(users.body.totalItems).toBe(2);
      const byName: Record<string, unknown> = Object.fromEntries(
        users.body.items.map((i): [string, unknown] => [String(i.name), i.via]),
      );
      expect(byName.sam).toEqual([{ via: 'group', path: ['Security Team'] }]);
      expect(byName.dee).toEqual([
        { via: 'role', path: [] },
        {
          via: 'ancestor',
          path: ['Deep Needle', 'L5', 'L4', 'L3', 'L2', 'Security Team'],
        },
      ]);
      const groups = await get(`/api/roles/${r.Lead}/holders?type=groups&perPage=2`, su);
      expect(groups.body).toMatchObject({ totalItems: 6, totalPages: 3 });
      expect(groups.body.items[0]).toMatchObject({ id: g['Security Team'], via: 'group' });
      expect(groups.body.items[1]).toMatchObject({
        id: g.L2,
        via: 'ancestor',
        from: { id: g['Security Team'] },
      });
    });

    it('counts the holders of many roles in one read, equal to the totals of their lists', async () => {
      const ids = [r.Lead!, r.Viewer!, 'gone'];
      for (const type of ['users', 'groups'] as const) {
        const res = await get(`/api/roles/holder-counts?type=${type}&ids=${ids.join(',')}`, su);
        expect(res.status).toBe(200);
        const items = (res.body as unknown as { items: { id: string; count: number }[] }).items;
        // In the order asked; an id that is no role is left out.
        expect(items.map((i) => i.id)).toEqual([r.Lead, r.Viewer]);
        for (const { id, count } of items) {
          const list = await get(`/api/roles/${id}/holders?type=${type}&perPage=1`, su);
          expect(count, `${type} of ${id}`).toBe(list.body.totalItems);
        }
      }
      const lead = await get(`/api/roles/holder-counts?type=groups&ids=${r.Lead}`, su);
      expect(lead.body.items).toEqual([{ id: r.Lead, count: 6 }]);
    });

    it('lists users in a group or any group beneath it (?inGroup=), with groups as paths', async () => {
      const list = (q: string, token = su) => get(`/api/collections/users/records?${q}`, token);
      const sec = await list(`inGroup=${g['Security Team']}&sort=name`);
      expect(sec.status).toBe(200);
      expect(sec.body.items.map((i) => i.name)).toEqual(['dee', 'sam']);
      expect(sec.body.items[0]!.groupPaths).toEqual([
        'Organization / Security Team / L2 / L3 / L4 / L5 / Deep Needle',
        'Organization / Team A',
      ]);
      // With PocketBase's filter for role and status, and paging.
      const leads = await list(
        `inGroup=${g.Organization}&filter=${encodeURIComponent("role='Lead' && status='active'")}`,
      );
      expect(leads.body.items.map((i) => i.name)).toEqual(['dee']);
      const paged = await list(`inGroup=${g.Organization}&perPage=1&page=2&sort=name`);
      expect(paged.body).toMatchObject({ totalItems: 2, totalPages: 2 });
      expect(paged.body.items.map((i) => i.name)).toEqual(['sam']);
      expect((await list('inGroup=nope')).body.totalItems).toBe(0);
      expect((await list(`inGroup=${g.Other}`)).body.totalItems).toBe(0);
      // The scope still holds: a user without admin grants sees only themselves.
      expect((await list(`inGroup=${g.Organization}`, u.nia!.token)).body.totalItems).toBe(0);
      expect(
        (await list(`inGroup=${g.Organization}`, u.sam!.token)).body.items.map((i) => i.name),
      ).toEqual(['sam']);
      expect((await list(`inGroup=${g.Organization}`, u.vic!.token)).body.totalItems).toBe(2);
      const wrong = await get(`/api/collections/groups/records?inGroup=${g.Organization}`, su);
      expect(wrong.status).toBe(400);
      expect(wrong.body.data).toHaveProperty('inGroup');
    });

    it('lists the members of one group (?memberOf=), as `groups.id ?=` does, within the scope', async () => {
      const list = (q: string, token = su) => get(`/api/collections/users/records?${q}`, token);
      const names = async (q: string, token = su) =>
        (await list(q, token)).body.items.map((i) => i.name);
      // The same users as PocketBase's filter, for every group of the world.
      for (const id of Object.values(g)) {
        const byFilter = await names(
          `filter=${encodeURIComponent(`groups.id ?= '${id}'`)}&sort=name&perPage=100`,
        );
        expect(await names(`memberOf=${id}&sort=name&perPage=100`)).toEqual(byFilter);
      }
      // Only the group itself, not the groups beneath it: sam is in Security Team, dee deep down.
      expect(await names(`memberOf=${g['Security Team']}`)).toEqual(['sam']);
      expect(await names(`memberOf=${g['Deep Needle']}&sort=name`)).toEqual(['dee']);
      expect(await names(`memberOf=${g.Organization}`)).toEqual([]);
      // ANDed with the filter.
      const none = await list(
        `memberOf=${g['Deep Needle']}&filter=${encodeURIComponent("role='readonly'")}`,
      );
      expect(none.body.totalItems).toBe(0);
      expect((await list('memberOf=nope')).body.totalItems).toBe(0);
      // The scope still holds: a user without admin grants sees only themselves.
      expect((await list(`memberOf=${g['Security Team']}`, u.nia!.token)).body.totalItems).toBe(0);
      expect(await names(`memberOf=${g['Security Team']}`, u.sam!.token)).toEqual(['sam']);
      const wrong = await get(`/api/collections/groups/records?memberOf=${g.Organization}`, su);
      expect(wrong.status).toBe(400);
      expect(wrong.body.data).toHaveProperty('memberOf');
    });

    it('follows the read rules: admin grants, 401 for guests, 404 unknown, 400 naming the field', async () => {
      expect((await get('/api/groups/tree')).status).toBe(401);
      expect((await get('/api/groups/tree', u.nia!.token)).status).toBe(403);
      expect((await get('/api/groups/tree/search?q=a', u.nia!.token)).status).toBe(403);
      expect((await get(`/api/roles/${r.Lead}/holders`, u.nia!.token)).status).toBe(403);
      // admin.users.view reads the tree and users holding a role.
      expect((await get('/api/groups/tree', u.vic!.token)).status).toBe(200);
      expect((await get(`/api/roles/${r.Lead}/holders?type=users`, u.vic!.token)).status).toBe(200);
      // A scoped API token reads only what its scopes name, whatever its owner holds.
      const admin = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;
      const mint = async (scopes: string[]) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/tokens',
          token: admin,
          payload: { name: scopes.join(' '), scopes },
        });
        expect(res.statusCode, res.body).toBe(200);
        return `Bearer ${res.json<{ token: string }>().token}`;
      };
      const projectsOnly = await mint(['projects:view']);
      expect((await get('/api/groups/tree', projectsOnly)).status).toBe(403);
      expect((await get(`/api/roles/${r.Lead}/holders`, projectsOnly)).status).toBe(403);
      const groupsOnly = await mint(['admin:groups.manage']);
      expect((await get('/api/groups/tree', groupsOnly)).status).toBe(200);
      // Users holding a role need a users grant too; its groups do not.
      expect((await get(`/api/roles/${r.Lead}/holders?type=users`, groupsOnly)).status).toBe(403);
      expect((await get(`/api/roles/${r.Lead}/holders?type=groups`, groupsOnly)).status).toBe(200);
      // The counts follow the lists' rules, type by type.
      const counts = (type: string) => `/api/roles/holder-counts?type=${type}&ids=${r.Lead}`;
      expect((await get(counts('users'), groupsOnly)).status).toBe(403);
      expect((await get(counts('groups'), groupsOnly)).status).toBe(200);
      expect((await get(counts('groups'), u.nia!.token)).status).toBe(403);
      expect((await get(counts('users'))).status).toBe(401);
      expect((await get('/api/groups/tree?parent=nope', su)).status).toBe(404);
      expect((await get('/api/roles/nope/holders', su)).status).toBe(404);
      for (const [url, field] of [
        ['/api/groups/tree?perPage=0', 'perPage'],
        ['/api/groups/tree?page=x', 'page'],
        ['/api/groups/tree/search?q=', 'q'],
        ['/api/groups/tree/search', 'q'],
        [`/api/roles/${r.Lead}/holders?type=robots`, 'type'],
        ['/api/roles/holder-counts', 'ids'],
        ['/api/roles/holder-counts?ids=', 'ids'],
        [`/api/roles/holder-counts?ids=${r.Lead},,x`, 'ids'],
        [`/api/roles/holder-counts?ids=${'x'.repeat(65)}`, 'ids'],
        [
          `/api/roles/holder-counts?ids=${Array.from({ length: 101 }, (_, i) => `r${i}`).join(',')}`,
          'ids',
        ],
        [`/api/roles/holder-counts?ids=${r.Lead}&type=robots`, 'type'],
      ] as const) {
        const res = await get(url, su);
        expect(res.status, url).toBe(400);
        expect(res.body.data, url).toHaveProperty(field);
      }
    });
  });
}
