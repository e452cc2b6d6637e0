// POST /api/access/preview against the real thing: each change is previewed, then saved through
// the API, and the preview must equal the difference of every user's effective access before and
// after. Also: who may preview (as who may save), cycles, bad input, and nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type Call, caller } from '../../test/sharing-world.js';
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
interface Access {
  level: number | null;
  grants: Set<string>;
}
interface Line {
  kind: string;
  permission: string;
  scope: string;
  count: number;
  users: { id: string; name: string }[];
}
interface Preview {
  affected: number;
  changed: number;
  grants: Line[];
  levels: { from: number | null; to: number | null; count: number; users: { id: string }[] }[];
  summary: string[];
}

for (const dialect of DIALECTS) {
  describe(`what-if preview (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    const g: Record<string, string> = {};
    const r: Record<string, string> = {};
    const u: Record<string, { id: string; token: string }> = {};

    /** One request as `t` answers it (t is made in beforeAll). */
    const req: Call = (method, url, token, payload) => caller(t)(method, url, token, payload);
    const createGroup = async (name: string, parent?: string, roles: string[] = []) => {
      const res = await req('POST', '/api/collections/groups/records', su, {
        name,
        parent: parent ? g[parent] : '',
        roles: roles.map((x) => r[x]),
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
    const makeUser = async (
      name: string,
      role: string,
      groups: string[] = [],
      status = 'active',
    ) => {
      const id = await createUser(t, su, {
        email: `${name}@example.com`,
        password: `${name}-password-1`,
        name,
        role,
        groups: groups.map((x) => g[x]),
      });
      u[name] = {
        id,
        token:
          status === 'active'
            ? (await signIn(t, 'users', `${name}@example.com`, `${name}-password-1`)).token
            : '',
      };
      if (status !== 'active') {
        const res = await req('PATCH', `/api/collections/users/records/${id}`, su, { status });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    };

    /** Every user's effective access as GET /api/access/users/{id} answers it. */
    const everyone = async (): Promise<Map<string, Access>> => {
      const out = new Map<string, Access>();
      for (const { id } of Object.values(u)) {
        const res = await req('GET', `/api/access/users/${id}`, su);
        expect(res.status).toBe(200);
        const user = res.body.user as { status: string };
        const active = user.status === 'active';
        const grants = new Set<string>();
        const permissions = res.body.permissions as Record<
          string,
          { actions: string[]; scope: string }
        >;
        if (active)
          for (const [module, grant] of Object.entries(permissions))
            for (const action of grant.actions) grants.add(`${module}.${action} (${grant.scope})`);
        out.set(id, { level: active ? (res.body.level as number | null) : null, grants });
      }
      return out;
    };

    /** The preview's lines as the difference of before and after would write them. */
    const expected = (before: Map<string, Access>, after: Map<string, Access>) => {
      const grants = new Map<string, string[]>();
      const levels = new Map<string, string[]>();
      for (const [id, was] of before) {
        const now = after.get(id) ?? { level: null, grants: new Set<string>() };
        for (const k of now.grants) if (!was.grants.has(k)) push(grants, `gain ${k}`, id);
        for (const k of was.grants) if (!now.grants.has(k)) push(grants, `lose ${k}`, id);
        if (was.level !== now.level) push(levels, `${String(was.level)}→${String(now.level)}`, id);
      }
      return { grants: sorted(grants), levels: sorted(levels) };
    };
    const fromPreview = (p: Preview) => {
      const grants = new Map<string, string[]>();
      const levels = new Map<string, string[]>();
      for (const line of p.grants) {
        expect(line.users.length).toBe(line.count);
        for (const user of line.users) {
          expect(user.name).not.toBe('');
          push(grants, `${line.kind} ${line.permission} (${line.scope})`, user.id);
        }
      }
      for (const line of p.levels)
        for (const user of line.users)
          push(levels, `${String(line.from)}→${String(line.to)}`, user.id);
      return { grants: sorted(grants), levels: sorted(levels) };
    };
    const auditCount = async () => {
      const row = await sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM audit_log`.execute(
        t.services.db,
      );
      return Number(row.rows[0]?.n);
    };

    /** Preview `change`, save it through `save`, and compare. */
    const previewThenSave = async (
      change: Json,
      save: () => Promise<{ status: number; body: Json }>,
      token: () => string = () => su,
    ) => {
      const before = await everyone();
      const audits = await auditCount();
      const preview = await req('POST', '/api/access/preview', token(), { change });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(await auditCount()).toBe(audits);
      expect(await everyone()).toEqual(before);
      const saved = await save();
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const after = await everyone();
      const body = preview.body as unknown as Preview;
      expect(fromPreview(body)).toEqual(expected(before, after));
      return body;
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      await createRole('Lead', 3, {
        projects: { actions: ['view', 'edit'], scope: 'shared' },
        reports: { actions: ['view'], scope: 'shared' },
      });
      await createRole('Auditor', 4, { reports: { actions: ['view', 'export'], scope: 'all' } });
      await createRole('Manager', 2, {
        admin: {
          actions: ['users.view', 'users.manage', 'groups.manage', 'roles.manage'],
          scope: 'all',
        },
        projects: { actions: ['view'], scope: 'shared' },
        reports: { actions: ['view', 'export'], scope: 'all' },
      });
      await createRole('Role Keeper', 2, {
        admin: { actions: ['roles.manage'], scope: 'all' },
      });
      await createRole('Owner', 0, { admin: { actions: ['users.view'], scope: 'all' } });
      await createRole('Top', 1, { admin: { actions: ['users.view'], scope: 'all' } });
      await createGroup('Organization');
      await createGroup('Security Team', 'Organization', ['Lead']);
      await createGroup('Senior Consultants', 'Security Team');
      await createGroup('Admins', undefined, ['Top']);
      await makeUser('alice', 'readonly', ['Senior Consultants']);
      await makeUser('bob', 'readonly', ['Security Team']);
      await makeUser('carol', 'Lead');
      await makeUser('dave', 'user');
      await makeUser('erin', 'readonly', ['Senior Consultants'], 'disabled');
      await makeUser('manny', 'Manager');
      await makeUser('tina', 'Top');
      await makeUser('kim', 'Role Keeper');
      await makeUser('olga', 'Owner');
    });
    afterAll(async () => {
      await t.close();
    });

    it("a role's grants and level: holders directly and through groups and ancestors", async () => {
      const change = {
        type: 'role',
        id: r.Lead,
        permissions: {
          projects: { actions: ['view', 'edit', 'delete'], scope: 'all' },
          findings: { actions: ['view'], scope: 'shared' },
        },
        level: 2,
      };
      const p = await previewThenSave(change, () =>
        req('PATCH', `/api/collections/roles/records/${r.Lead}`, su, {
          permissions: change.permissions,
          level: 2,
        }),
      );
      // alice, bob (groups), carol (direct); erin is disabled and changes nothing.
      expect(p.changed).toBe(3);
      expect(p.summary).toContain('3 users gain projects.delete (all)');
      expect(p.summary).toContain('3 users lose projects.view (shared)');
      // alice and bob keep reports.view from their own role (readonly); carol loses it.
      expect(p.summary).toContain('1 user loses reports.view (shared)');
      expect(p.summary).toContain('3 users go from level 3 to 2');
    });

    it("a group's roles and parent", async () => {
      const change = { type: 'group', id: g['Security Team'], roles: [r.Auditor], parent: '' };
      await previewThenSave(change, () =>
        req('PATCH', `/api/collections/groups/records/${g['Security Team']}`, su, {
          roles: [r.Auditor],
          parent: '',
        }),
      );
      const move = { type: 'group', id: g['Senior Consultants'], parent: g.Admins };
      const p = await previewThenSave(move, () =>
        req('PATCH', `/api/collections/groups/records/${g['Senior Consultants']}`, su, {
          parent: g.Admins,
        }),
      );
      expect(p.levels).toEqual([
        { from: 4, to: 1, count: 1, users: [{ id: u.alice!.id, name: 'alice' }] },
      ]);
    });

    it("a user's groups and role", async () => {
      const change = { type: 'user', id: u.dave!.id, groups: [g['Security Team']], role: 'Lead' };
      await previewThenSave(change, () =>
        req('PATCH', `/api/collections/users/records/${u.dave!.id}`, su, {
          groups: [g['Security Team']],
          role: 'Lead',
        }),
      );
      const none = await req('POST', '/api/access/preview', su, {
        change: { type: 'user', id: u.dave!.id, role: 'Lead' },
      });
      expect(none.status).toBe(200);
      expect(none.body).toMatchObject({ affected: 1, changed: 0, grants: [], levels: [] });
    });

    it('previewed and saved by a level-2 manager, not an operator', async () => {
      const change = { type: 'user', id: u.bob!.id, groups: [g.Organization], role: 'Auditor' };
      await previewThenSave(
        change,
        () =>
          req('PATCH', `/api/collections/users/records/${u.bob!.id}`, u.manny!.token, {
            groups: [g.Organization],
            role: 'Auditor',
          }),
        () => u.manny!.token,
      );
      const roleChange = { type: 'role', id: r.Auditor, level: 3 };
      await previewThenSave(
        roleChange,
        () =>
          req('PATCH', `/api/collections/roles/records/${r.Auditor}`, u.manny!.token, { level: 3 }),
        () => u.manny!.token,
      );
    });

    it('refuses what the real write refuses, with the same reason', async () => {
      const cases: { token: () => string; change: Json; save: [string, Json] }[] = [
        // A level-2 manager cannot touch a level-1 role, nor hand its group to anyone.
        {
          token: () => u.manny!.token,
          change: { type: 'role', id: r.Top, level: 2 },
          save: [`/api/collections/roles/records/${r.Top}`, { level: 2 }],
        },
        {
          token: () => u.manny!.token,
          change: { type: 'user', id: u.dave!.id, groups: [g.Admins] },
          save: [`/api/collections/users/records/${u.dave!.id}`, { groups: [g.Admins] }],
        },
        {
          token: () => u.manny!.token,
          change: { type: 'group', id: g.Organization, roles: [r.Top] },
          save: [`/api/collections/groups/records/${g.Organization}`, { roles: [r.Top] }],
        },
        // The last active level-0 user is not demoted, by anyone.
        {
          token: () => su,
          change: { type: 'role', id: r.Owner, level: 1 },
          save: [`/api/collections/roles/records/${r.Owner}`, { level: 1 }],
        },
        // Nobody without admin grants previews anything.
        {
          token: () => u.alice!.token,
          change: { type: 'group', id: g.Organization, roles: [r.Lead] },
          save: [`/api/collections/groups/records/${g.Organization}`, { roles: [r.Lead] }],
        },
      ];
      const audits = await auditCount();
      for (const c of cases) {
        const preview = await req('POST', '/api/access/preview', c.token(), { change: c.change });
        const real = await req('PATCH', c.save[0], c.token(), c.save[1]);
        expect(preview.status, JSON.stringify(preview.body)).toBe(real.status);
        expect(preview.status).toBe(403);
        expect(preview.body.message).toBe(real.body.message);
      }
      expect(await auditCount()).toBe(audits);
      const guest = await req('POST', '/api/access/preview', undefined, {
        change: { type: 'user', id: u.dave!.id, role: 'user' },
      });
      expect(guest.status).toBe(401);
    });

    it('counts only, no names, for those who may not read the user list', async () => {
      const change = { type: 'role', id: r.Auditor, level: 2 };
      const keeper = await req('POST', '/api/access/preview', u.kim!.token, { change });
      const admin = await req('POST', '/api/access/preview', su, { change });
      expect(keeper.status, JSON.stringify(keeper.body)).toBe(200);
      const k = keeper.body as unknown as Preview;
      const a = admin.body as unknown as Preview;
      expect(k.levels.length).toBeGreaterThan(0);
      expect(k.levels.map((l) => l.count)).toEqual(a.levels.map((l) => l.count));
      expect(k.summary).toEqual(a.summary);
      for (const line of [...k.grants, ...k.levels]) expect(line.users).toEqual([]);
      expect(a.levels[0]?.users.length).toBeGreaterThan(0);
    });

    it('previews racing saves: every preview answers, only the saves write', async () => {
      const audits = await auditCount();
      const levels = [3, 4, 3, 4];
      const previews = Array.from({ length: 12 }, (_, i) =>
        req('POST', '/api/access/preview', su, {
          change: { type: 'role', id: r.Lead, level: i % 2 === 0 ? 4 : 3 },
        }),
      );
      const saves = levels.map((level) =>
        req('PATCH', `/api/collections/roles/records/${r.Lead}`, su, { level }),
      );
      const [answers, saved] = await Promise.all([Promise.all(previews), Promise.all(saves)]);
      for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
      for (const s of saved) expect(s.status, JSON.stringify(s.body)).toBe(200);
      expect(await auditCount()).toBe(audits + levels.length);
    });

    it('a cycle is the same 400 as saving it, with the path', async () => {
      const change = { type: 'group', id: g.Admins, parent: g['Senior Consultants'] };
      const preview = await req('POST', '/api/access/preview', su, { change });
      const real = await req('PATCH', `/api/collections/groups/records/${g.Admins}`, su, {
        parent: g['Senior Consultants'],
      });
      expect(preview.status).toBe(400);
      expect(real.status).toBe(400);
      const data = preview.body.data as Record<string, { code: string; message: string }>;
      const realData = real.body.data as Record<string, { code: string; message: string }>;
      expect(data['change.parent']).toEqual(realData.parent);
      expect(data['change.parent']?.message).toContain('Admins / Senior Consultants / Admins');
    });

    it('bad input is a 400 naming the field; unknown ids a 404', async () => {
      const bad: [Json, string][] = [
        [{}, 'change'],
        [{ change: { type: 'role', id: 'x' } }, 'change.id'],
        [{ change: { type: 'role', id: r.Lead, level: 9 } }, 'change.level'],
        [{ change: { type: 'planet', id: r.Lead } }, 'change.type'],
        [{ change: { type: 'role', id: r.Lead, extra: 1 } }, 'change.extra'],
        [
          { change: { type: 'role', id: r.Lead, permissions: { moon: {} } } },
          'change.permissions.moon',
        ],
        [
          {
            change: {
              type: 'role',
              id: r.Lead,
              permissions: { projects: { actions: ['fly'], scope: 'all' } },
            },
          },
          'change.permissions.projects.actions',
        ],
        [
          {
            change: {
              type: 'role',
              id: r.Lead,
              permissions: { system: { actions: ['settings'], scope: 'all' } },
            },
          },
          'change.level',
        ],
        [{ change: { type: 'group', id: g.Admins, roles: ['zzzzzzzzzzzzzzz'] } }, 'change.roles'],
        [{ change: { type: 'group', id: g.Admins, parent: 'zzzzzzzzzzzzzzz' } }, 'change.parent'],
        [
          { change: { type: 'user', id: u.dave!.id, groups: ['zzzzzzzzzzzzzzz'] } },
          'change.groups',
        ],
        [{ change: { type: 'user', id: u.dave!.id, role: 'nope' } }, 'change.role'],
      ];
      const audits = await auditCount();
      for (const [body, field] of bad) {
        const res = await req('POST', '/api/access/preview', su, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(Object.keys(res.body.data as Json), JSON.stringify(res.body)).toContain(field);
      }
      for (const type of ['role', 'group', 'user']) {
        const res = await req('POST', '/api/access/preview', su, {
          change: { type, id: 'zzzzzzzzzzzzzzz' },
        });
        expect(res.status).toBe(404);
      }
      expect(await auditCount()).toBe(audits);
    });
  });
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key) ?? [];
  list.push(id);
  map.set(key, list);
}

function sorted(map: Map<string, string[]>): Record<string, string[]> {
  return Object.fromEntries([...map.entries()].sort().map(([k, v]) => [k, [...v].sort()]));
}
