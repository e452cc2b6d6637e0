import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Json = Record<string, unknown>;

for (const dialect of DIALECTS) {
  describe(`groups, roles and effective access (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    const g: Record<string, string> = {};
    const r: Record<string, string> = {};
    const u: Record<string, { id: string; token: string }> = {};

    const req = async (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      token?: string,
      payload?: unknown,
    ) => {
      const res = await t.request({
        method,
        url,
        token,
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      return { status: res.statusCode, body: (res.body ? res.json() : null) as Json };
    };
    const createGroup = async (name: string, parent?: string, roles: string[] = []) => {
      const res = await req('POST', '/api/collections/groups/records', su, {
        name,
        parent: parent ? g[parent] : '',
        roles,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      g[name] = res.body.id as string;
    };
    const createRole = async (name: string, level: number, permissions: Json) => {
      const res = await req('POST', '/api/collections/roles/records', su, {
        name,
        level,
        permissions,
        description: name,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      r[name] = res.body.id as string;
    };
    const makeUser = async (name: string, role: string, groups: string[] = []) => {
      const id = await createUser(t, su, {
        email: `${name}@example.com`,
        password: `${name}-password-1`,
        name,
        role,
        groups: groups.map((x) => g[x]),
      });
      u[name] = {
        id,
        token: (await signIn(t, 'users', `${name}@example.com`, `${name}-password-1`)).token,
      };
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      // The seed's example roles and tree.
      await createRole('Lead', 3, {
        projects: { actions: ['view', 'edit'], scope: 'shared' },
        reports: { actions: ['view'], scope: 'shared' },
      });
      await createRole('Auditor', 4, { reports: { actions: ['view', 'export'], scope: 'all' } });
      await createGroup('Organization');
      await createGroup('Security Team', 'Organization', [r.Lead!]);
      await createGroup('Senior Consultants', 'Security Team');
      await createGroup('Junior Analysts', 'Security Team');
      await createGroup('Management', 'Organization');
      await createGroup('Project Managers', 'Management');
      await createGroup('Support', 'Organization');
      await createGroup('Technical Writers', 'Support', [r.Auditor!]);
      await makeUser('sam', 'readonly', ['Senior Consultants']);
      await makeUser('tess', 'readonly', ['Technical Writers', 'Senior Consultants']);
      await makeUser('pat', 'Project Manager');
      await makeUser('ada', 'admin');
      await makeUser('nia', 'readonly');
    });
    afterAll(async () => {
      await t.close();
    });

    it('resolves roles from the user, their groups and every ancestor group (seed steps 1–4)', async () => {
      const me = await req('GET', '/api/access/me', u.sam!.token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ level: 3, levelName: 'Lead' });
      expect(me.body.roles).toEqual([
        { name: 'readonly', level: 5, via: 'role', path: [] },
        { name: 'Lead', level: 3, via: 'ancestor', path: ['Senior Consultants', 'Security Team'] },
      ]);
      expect(me.body.groups).toEqual([
        { id: g['Senior Consultants'], path: 'Organization / Security Team / Senior Consultants' },
      ]);
      // Union of grants; `all` beats `shared`.
      const tess = await req('GET', `/api/access/users/${u.tess!.id}`, su);
      expect(tess.body.permissions).toMatchObject({
        projects: { actions: expect.arrayContaining(['view', 'edit']) as unknown, scope: 'shared' },
        reports: { actions: expect.arrayContaining(['view', 'export']) as unknown, scope: 'all' },
      });
      expect(tess.body.level).toBe(3);
    });

    it('shares records with groups, reaching members of descendant groups', async () => {
      const project = await req('POST', '/api/collections/projects/records', su, {
        name: 'Acme',
        groups: [g['Security Team']],
      });
      const id = project.body.id as string;
      expect(
        (await req('GET', `/api/collections/projects/records/${id}`, u.sam!.token)).status,
      ).toBe(200);
      expect(
        (
          await req('PATCH', `/api/collections/projects/records/${id}`, u.sam!.token, {
            client: 'Acme Corp',
          })
        ).status,
      ).toBe(200);
      expect(
        (await req('GET', `/api/collections/projects/records/${id}`, u.nia!.token)).status,
      ).toBe(404);
      const explain = await req(
        'GET',
        `/api/access/explain?user=${u.sam!.id}&module=projects&action=edit&record=${id}`,
        su,
      );
      expect(explain.body).toMatchObject({ allowed: true, level: 3 });
      expect(explain.body.reasons).toEqual([
        {
          via: 'ancestor',
          path: [
            `user ${u.sam!.id}`,
            'Senior Consultants',
            'Security Team',
            'role Lead (level 3 Lead)',
            'projects.edit (shared)',
          ],
        },
        {
          via: 'share',
          path: [
            `user ${u.sam!.id}`,
            'Senior Consultants',
            'Security Team',
            `project ${id} shared with group Security Team`,
          ],
        },
      ]);
      const denied = await req(
        'GET',
        `/api/access/explain?user=${u.nia!.id}&module=projects&action=edit&record=${id}`,
        su,
      );
      expect(denied.body).toMatchObject({ allowed: false, reasons: [] });
    });

    it('applies changes to roles, groups and memberships on the next request, without re-login', async () => {
      const project = await req('POST', '/api/collections/projects/records', su, {
        name: 'Instant',
        groups: [g['Security Team']],
      });
      const url = `/api/collections/projects/records/${project.body.id as string}`;
      expect((await req('PATCH', url, u.sam!.token, { client: 'x' })).status).toBe(200);
      // Take the edit grant away from the role: the same token is refused at once.
      await req('PATCH', `/api/collections/roles/records/${r.Lead!}`, su, {
        permissions: { projects: { actions: ['view'], scope: 'shared' } },
      });
      expect((await req('PATCH', url, u.sam!.token, { client: 'y' })).status).toBe(403);
      await req('PATCH', `/api/collections/roles/records/${r.Lead!}`, su, {
        permissions: {
          projects: { actions: ['view', 'edit'], scope: 'shared' },
          reports: { actions: ['view'], scope: 'shared' },
        },
      });
      expect((await req('PATCH', url, u.sam!.token, { client: 'z' })).status).toBe(200);
      // Move the group out from under Security Team: the share no longer reaches sam.
      await req('PATCH', `/api/collections/groups/records/${g['Senior Consultants']!}`, su, {
        parent: g.Organization,
      });
      expect((await req('GET', url, u.sam!.token)).status).toBe(404);
      await req('PATCH', `/api/collections/groups/records/${g['Senior Consultants']!}`, su, {
        parent: g['Security Team'],
      });
      expect((await req('GET', url, u.sam!.token)).status).toBe(200);
      // Membership through the bulk endpoint.
      const add = await req('POST', `/api/groups/${g['Junior Analysts']!}/members`, su, {
        add: [u.nia!.id],
      });
      expect(add.status).toBe(200);
      expect(add.body).toMatchObject({ added: [u.nia!.id], removed: [] });
      expect((await req('GET', url, u.nia!.token)).status).toBe(200);
      await req('POST', `/api/groups/${g['Junior Analysts']!}/members`, su, {
        remove: [u.nia!.id],
      });
      expect((await req('GET', url, u.nia!.token)).status).toBe(404);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'group.members')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => JSON.parse(a.data ?? '{}') as unknown)).toEqual([
        { added: [u.nia!.id], removed: [] },
        { added: [], removed: [u.nia!.id] },
      ]);
    });

    it('refuses a cycle with the path, and shows groups as paths', async () => {
      const res = await req('PATCH', `/api/collections/groups/records/${g.Organization!}`, su, {
        parent: g['Senior Consultants'],
      });
      expect(res.status).toBe(400);
      expect(res.body.data).toEqual({
        parent: {
          code: 'validation_cycle',
          message:
            'Moving "Organization" under "Senior Consultants" would create a cycle: Organization / Security Team / Senior Consultants / Organization.',
        },
      });
      expect(
        (
          await req('PATCH', `/api/collections/groups/records/${g.Support!}`, su, {
            parent: g.Support,
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await req('POST', '/api/collections/groups/records', su, {
            name: 'Support',
            parent: g.Organization,
          })
        ).body.data,
      ).toMatchObject({ name: { code: 'validation_not_unique' } });
      const one = await req(
        'GET',
        `/api/collections/groups/records/${g['Senior Consultants']!}`,
        su,
      );
      expect(one.body.path).toBe('Organization / Security Team / Senior Consultants');
      const list = await req('GET', '/api/collections/groups/records?perPage=200&sort=name', su);
      const paths = (list.body.items as Json[]).map((x) => x.path);
      expect(paths).toContain('Organization / Security Team');
      expect(paths).toContain('Organization');
    });

    it('makes bulk membership all or nothing', async () => {
      const before = t.services.directory;
      const res = await req('POST', `/api/groups/${g.Support!}/members`, su, {
        add: [u.nia!.id, 'zzzzzzzzzzzzzzz'],
      });
      expect(res.status).toBe(400);
      expect(res.body.data).toMatchObject({ add: { message: 'Unknown users: zzzzzzzzzzzzzzz.' } });
      expect((await before.current()).membersOfGroup(g.Support!)).toEqual([]);
      expect(
        (await req('POST', `/api/groups/${g.Support!}/members`, u.nia!.token, { add: [u.nia!.id] }))
          .status,
      ).toBe(403);
      expect((await req('POST', '/api/groups/nope/members', su, { add: [] })).status).toBe(404);
    });

    it('checks role permissions against the catalogue, naming what is wrong', async () => {
      const cases: [Json, string, RegExp][] = [
        [
          {
            name: 'X',
            level: 3,
            permissions: { projectz: { actions: ['view'], scope: 'shared' } },
          },
          'permissions.projectz',
          /Unknown module "projectz"/,
        ],
        [
          { name: 'X', level: 3, permissions: { projects: { actions: ['fly'], scope: 'shared' } } },
          'permissions.projects.actions',
          /Unknown action "fly"/,
        ],
        [
          { name: 'X', level: 3, permissions: { projects: { actions: ['view'], scope: 'most' } } },
          'permissions.projects.scope',
          /shared/,
        ],
        [
          { name: 'X', level: 2, permissions: { system: { actions: ['settings'], scope: 'all' } } },
          'level',
          /system\.\* must be level 0/,
        ],
        [{ name: 'X', level: 9, permissions: {} }, 'level', /less than 5/],
        [{ name: 'X', permissions: {} }, 'level', /Missing required value/],
        [{ name: 'Lead', level: 3, permissions: {} }, 'name', /already exists/],
      ];
      for (const [payload, field, message] of cases) {
        const res = await req('POST', '/api/collections/roles/records', su, payload);
        expect(res.status, JSON.stringify(payload)).toBe(400);
        expect(Object.keys(res.body.data as Json), JSON.stringify(payload)).toEqual([field]);
        expect(
          Object.values(res.body.data as Record<string, { message: string }>)[0]?.message,
          JSON.stringify(payload),
        ).toMatch(message);
      }
    });

    it('keeps built-in roles while assigned, and follows a rename', async () => {
      const roles = await req(
        'GET',
        `/api/collections/roles/records?filter=${encodeURIComponent("name='readonly'")}`,
        su,
      );
      const readonly = (roles.body.items as Json[])[0]!;
      const del = await req(
        'DELETE',
        `/api/collections/roles/records/${readonly.id as string}`,
        su,
      );
      expect(del.status).toBe(400);
      expect(del.body.message).toMatch(/assigned to \d+ user\(s\)/);
      await req('PATCH', `/api/collections/roles/records/${readonly.id as string}`, su, {
        name: 'viewer',
      });
      const nia = await req('GET', `/api/collections/users/records/${u.nia!.id}`, su);
      expect(nia.body.role).toBe('viewer');
      expect((await req('GET', '/api/access/me', u.nia!.token)).body.roles).toEqual([
        { name: 'viewer', level: 5, via: 'role', path: [] },
      ]);
      await req('PATCH', `/api/collections/roles/records/${readonly.id as string}`, su, {
        name: 'readonly',
      });
    });

    it('never lets an administrator escalate (levels guard administration)', async () => {
      await createRole('Root', 0, {
        system: { actions: ['settings', 'backups', 'logs'], scope: 'all' },
      });
      // ada is admin (level 1): may not assign a level-0 role, nor create one.
      const assign = await req(
        'PATCH',
        `/api/collections/users/records/${u.nia!.id}`,
        u.ada!.token,
        { role: 'Root' },
      );
      expect(assign.status).toBe(403);
      expect(assign.body.message).toBe(
        'You (level 1) cannot assign role "Root" (level 0), which is above yours.',
      );
      expect(
        (
          await req('POST', '/api/collections/roles/records', u.ada!.token, {
            name: 'Mine',
            level: 0,
            permissions: {},
          })
        ).status,
      ).toBe(403);
      // pat (Project Manager, level 2, users.manage) manages level ≥ 2 only.
      expect(
        (
          await req('PATCH', `/api/collections/users/records/${u.nia!.id}`, u.pat!.token, {
            name: 'Nia N.',
          })
        ).status,
      ).toBe(200);
      const up = await req('PATCH', `/api/collections/users/records/${u.ada!.id}`, u.pat!.token, {
        status: 'disabled',
      });
      expect(up.status).toBe(403);
      expect(up.body.message).toMatch(/cannot manage a user at level 1/);
      expect(
        (
          await req('PATCH', `/api/collections/users/records/${u.nia!.id}`, u.pat!.token, {
            role: 'admin',
          })
        ).status,
      ).toBe(403);
      // Adding someone to a group that carries a role above you is assigning that role.
      await createGroup('Ops', undefined, [r.Root!]);
      expect(
        (await req('POST', `/api/groups/${g.Ops!}/members`, u.ada!.token, { add: [u.nia!.id] }))
          .status,
      ).toBe(403);
      // Plain users cannot administer at all.
      expect(
        (
          await req('PATCH', `/api/collections/users/records/${u.ada!.id}`, u.sam!.token, {
            name: 'x',
          })
        ).status,
      ).toBe(404);
      expect(
        (await req('POST', '/api/collections/groups/records', u.sam!.token, { name: 'Mine' }))
          .status,
      ).toBe(403);
    });

    it('protects the last active level-0 user', async () => {
      await req('POST', `/api/groups/${g.Ops!}/members`, su, { add: [u.ada!.id] });
      expect((await req('GET', '/api/access/me', u.ada!.token)).body.level).toBe(0);
      for (const [method, url, payload] of [
        ['PATCH', `/api/collections/users/records/${u.ada!.id}`, { status: 'disabled' }],
        ['PATCH', `/api/collections/users/records/${u.ada!.id}`, { groups: [] }],
        [
          'DELETE',
          `/api/collections/users/records/${u.ada!.id}?confirm=ada@example.com`,
          undefined,
        ],
        ['POST', `/api/groups/${g.Ops!}/members`, { remove: [u.ada!.id] }],
        ['POST', '/api/users/bulk', { action: 'disable', ids: [u.ada!.id, u.nia!.id] }],
      ] as const) {
        const res = await req(method, url, su, payload);
        expect(res.status, `${method} ${url}`).toBe(403);
        expect(res.body.message).toMatch(/level-0/);
      }
      // With a second level-0 user, the first may go.
      await req('POST', `/api/groups/${g.Ops!}/members`, su, { add: [u.pat!.id] });
      expect(
        (await req('POST', '/api/users/bulk', su, { action: 'disable', ids: [u.ada!.id] })).status,
      ).toBe(200);
      expect((await req('GET', '/api/access/me', u.ada!.token)).status).toBe(401);
      expect(
        (await req('POST', '/api/users/bulk', su, { action: 'enable', ids: [u.ada!.id] })).body,
      ).toEqual({ action: 'enable', changed: [u.ada!.id] });
    });

    it('answers batch decisions for other services, up to 1000 a call', async () => {
      const project = await req('POST', '/api/collections/projects/records', su, {
        name: 'Decide',
        groups: [g['Security Team']],
      });
      const pid = project.body.id as string;
      const res = await req('POST', '/api/access/check', su, {
        checks: [
          { user: u.sam!.id, module: 'projects', action: 'edit' },
          { user: u.sam!.id, module: 'projects', action: 'delete' },
          { user: u.sam!.id, module: 'projects', action: 'edit', record: pid },
          { user: u.nia!.id, module: 'projects', action: 'view', record: pid },
          { user: u.tess!.id, module: 'reports', action: 'export' },
          { user: 'nobody', module: 'projects', action: 'view' },
        ],
      });
      expect(res.body).toEqual({ results: [true, false, true, false, true, false] });
      const big = await req('POST', '/api/access/check', su, {
        checks: Array.from({ length: 1001 }, () => ({
          user: 'x',
          module: 'projects',
          action: 'view',
        })),
      });
      expect(big.status).toBe(400);
      const bad = await req('POST', '/api/access/check', su, {
        checks: [{ user: 'x', module: 'projects', action: 'fly' }],
      });
      expect(bad.body.data).toHaveProperty(['checks.0.action']);
      expect((await req('POST', '/api/access/check', u.sam!.token, { checks: [] })).status).toBe(
        403,
      );
      // ada was disabled and enabled again above: her old session is gone, so she signs in anew.
      expect((await req('POST', '/api/access/check', u.ada!.token, { checks: [] })).status).toBe(
        401,
      );
      const ada = (await signIn(t, 'users', 'ada@example.com', 'ada-password-1')).token;
      expect((await req('POST', '/api/access/check', ada, { checks: [] })).body).toEqual({
        results: [],
      });
    });

    it('walks the seed’s troubleshooting steps as explain answers', async () => {
      // 1. Check user's group memberships; 2. verify the group has the required roles.
      const who = await req('GET', `/api/access/users/${u.tess!.id}`, su);
      expect((who.body.groups as Json[]).map((x) => x.path)).toEqual([
        'Organization / Support / Technical Writers',
        'Organization / Security Team / Senior Consultants',
      ]);
      expect(
        (who.body.roles as Json[]).map((x) => `${String(x.name)} via ${String(x.via)}`),
      ).toEqual(['readonly via role', 'Auditor via group', 'Lead via ancestor']);
      // 3. Check the specific permission for the feature.
      const no = await req(
        'GET',
        `/api/access/explain?user=${u.tess!.id}&module=findings&action=edit`,
        su,
      );
      expect(no.body).toEqual({ allowed: false, level: 3, reasons: [] });
      const yes = await req(
        'GET',
        `/api/access/explain?user=${u.tess!.id}&module=reports&action=export`,
        su,
      );
      expect(yes.body).toMatchObject({
        allowed: true,
        reasons: [
          {
            via: 'group',
            path: [
              `user ${u.tess!.id}`,
              'Technical Writers',
              'role Auditor (level 4 Consultant)',
              'reports.export (all)',
            ],
          },
        ],
      });
      // 4. Review the audit log for recent permission changes.
      const changes = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('targetType', '=', 'roles')
        .where('action', '=', 'record.update')
        .execute();
      expect(changes.some((c) => 'permissions' in (JSON.parse(c.changes ?? '{}') as object))).toBe(
        true,
      );
      // Users may ask about themselves, not others; bad questions name the field.
      expect(
        (await req('GET', `/api/access/explain?module=reports&action=view`, u.sam!.token)).status,
      ).toBe(200);
      expect((await req('GET', `/api/access/users/${u.tess!.id}`, u.sam!.token)).status).toBe(403);
      expect(
        (await req('GET', `/api/access/explain?user=${u.sam!.id}&module=nope&action=view`, su)).body
          .data,
      ).toHaveProperty('module');
      expect((await req('GET', '/api/access/me')).status).toBe(401);
    });

    it('deletes a group only with confirmation, and says what it detached', async () => {
      await createGroup('Temp', 'Organization');
      await createGroup('Temp Child', 'Temp');
      await req('POST', `/api/groups/${g.Temp!}/members`, su, { add: [u.nia!.id] });
      const refused = await req('DELETE', `/api/collections/groups/records/${g.Temp!}`, su);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toBe(
        'The group has 1 child group(s) and 1 member(s); delete with ?confirm=true to detach them.',
      );
      const done = await req(
        'DELETE',
        `/api/collections/groups/records/${g.Temp!}?confirm=true`,
        su,
      );
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body).toEqual({
        detached: {
          children: [{ id: g['Temp Child'], name: 'Temp Child' }],
          members: [u.nia!.id],
          shares: 0,
        },
      });
      const child = await req('GET', `/api/collections/groups/records/${g['Temp Child']!}`, su);
      expect(child.body.parent).toBe('');
      expect(
        (await req('GET', `/api/collections/users/records/${u.nia!.id}`, su)).body.groups,
      ).toEqual([]);
    });
  });
}

describe.runIf(DIALECTS.includes('postgres'))('instant effect across instances (postgres)', () => {
  it('a change made through one instance reaches another within 100 ms', async () => {
    const a = await createTestApp('postgres');
    const b = await createSiblingApp(a);
    try {
      await setupAdmin(a);
      const su = (await signIn(a, '_superusers', ADMIN.email, ADMIN.password)).token;
      const id = await createUser(a, su, {
        email: 'far@example.com',
        password: 'far-password-1',
        role: 'readonly',
      });
      const token = (await signIn(b, 'users', 'far@example.com', 'far-password-1')).token;
      const me = async () =>
        (await b.request({ method: 'GET', url: '/api/access/me', token })).json<{
          level: number;
        }>();
      // b learned of the new user from a's notification.
      expect((await me()).level).toBe(5);
      const started = performance.now();
      const res = await a.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${id}`,
        token: su,
        payload: { role: 'admin' },
      });
      expect(res.statusCode).toBe(200);
      let seenAfter = Infinity;
      while (performance.now() - started < 2000) {
        if ((await me()).level === 1) {
          seenAfter = performance.now() - started;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(seenAfter).toBeLessThan(100);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
