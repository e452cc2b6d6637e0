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

interface Rec {
  id: string;
  users?: string[];
  [key: string]: unknown;
}
interface ListBody {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: Rec[];
}

/** Users of each built-in role, with tokens, on a fresh instance. */
async function world(t: TestApp) {
  await setupAdmin(t);
  const su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
  const make = async (name: string, role: string) => {
    const id = await createUser(t, su, {
      email: `${name}@example.com`,
      password: `${name}-password-1`,
      role,
      name,
    });
    return {
      id,
      token: (await signIn(t, 'users', `${name}@example.com`, `${name}-password-1`)).token,
    };
  };
  return {
    su,
    admin: await make('adele', 'admin'),
    user: await make('uma', 'user'),
    other: await make('otto', 'user'),
    readonly: await make('rita', 'readonly'),
  };
}

for (const dialect of DIALECTS) {
  describe(`records engine (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof world>>;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await world(t);
    });
    afterAll(async () => {
      await t.close();
    });

    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body type
    const req = async <T = Rec>(
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      token?: string,
      payload?: object,
    ) => {
      const res = await t.request({ method, url, token, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
    };
    const list = (collection: string, token: string | undefined, query = '') =>
      req<ListBody>('GET', `/api/collections/${collection}/records${query}`, token);

    it('makes the creator of a system a member, and keeps it from non-members (404, absent from lists)', async () => {
      const created = await req('POST', '/api/collections/systems/records', w.user.token, {
        name: 'web-1',
        host: '10.0.0.1',
        port: 22,
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        collectionName: 'systems',
        name: 'web-1',
        host: '10.0.0.1',
        port: 22,
        users: [w.user.id],
      });
      const id = created.body.id;
      expect(
        (await req('GET', `/api/collections/systems/records/${id}`, w.user.token)).status,
      ).toBe(200);
      for (const outsider of [w.other, w.admin, w.readonly]) {
        expect(
          (await req('GET', `/api/collections/systems/records/${id}`, outsider.token)).status,
        ).toBe(404);
        expect(
          (
            await req('PATCH', `/api/collections/systems/records/${id}`, outsider.token, {
              name: 'x',
            })
          ).status,
        ).toBe(404);
        expect(
          (await req('DELETE', `/api/collections/systems/records/${id}`, outsider.token)).status,
        ).toBe(404);
        expect(
          (await list('systems', outsider.token, `?filter=${encodeURIComponent(`id='${id}'`)}`))
            .body.items,
        ).toEqual([]);
      }
      // Superusers see everything.
      expect((await req('GET', `/api/collections/systems/records/${id}`, w.su)).status).toBe(200);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'record.create')
        .where('targetId', '=', id)
        .executeTakeFirstOrThrow();
      expect(audit.actorId).toBe(w.user.id);
    });

    it('lets readonly view shared systems and manage only its own alerts on them', async () => {
      const sys = await req('POST', '/api/collections/systems/records', w.user.token, {
        name: 'db-1',
        host: 'db',
        users: [w.readonly.id],
      });
      expect(sys.body.users).toEqual([w.readonly.id, w.user.id]);
      const id = sys.body.id;
      expect(
        (
          await req('POST', '/api/collections/systems/records', w.readonly.token, {
            name: 'nope',
            host: 'h',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await req('PATCH', `/api/collections/systems/records/${id}`, w.readonly.token, {
            name: 'renamed',
          })
        ).status,
      ).toBe(403);
      expect(
        (await req('DELETE', `/api/collections/systems/records/${id}`, w.readonly.token)).status,
      ).toBe(403);
      expect(
        (await req('GET', `/api/collections/systems/records/${id}`, w.readonly.token)).status,
      ).toBe(200);

      const alert = await req('POST', '/api/collections/alerts/records', w.readonly.token, {
        system: id,
        name: 'cpu',
        value: 80,
      });
      expect(alert.status).toBe(200);
      expect(alert.body).toMatchObject({
        user: w.readonly.id,
        system: id,
        name: 'cpu',
        value: 80,
        triggered: false,
      });
      const mine = await req('POST', '/api/collections/alerts/records', w.user.token, {
        system: id,
        name: 'mem',
        value: 90,
      });
      // Alerts are private to their owner, even on a shared system.
      expect((await list('alerts', w.readonly.token)).body.items.map((a) => a.name)).toEqual([
        'cpu',
      ]);
      expect(
        (await req('GET', `/api/collections/alerts/records/${mine.body.id}`, w.readonly.token))
          .status,
      ).toBe(404);
      expect(
        (
          await req('PATCH', `/api/collections/alerts/records/${alert.body.id}`, w.readonly.token, {
            value: 95,
            triggered: true,
          })
        ).body,
      ).toMatchObject({ value: 95, triggered: true });
      // Not on systems it cannot see, and not on behalf of someone else.
      const hidden = await req('POST', '/api/collections/systems/records', w.other.token, {
        name: 'hidden',
        host: 'h',
      });
      const refused = await req<{ data: object }>(
        'POST',
        '/api/collections/alerts/records',
        w.readonly.token,
        { system: hidden.body.id, name: 'x' },
      );
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body.data)).toEqual(['system']);
      const forged = await req<{ data: object }>(
        'POST',
        '/api/collections/alerts/records',
        w.readonly.token,
        { system: id, name: 'x', user: w.user.id },
      );
      expect(forged.status).toBe(400);
      expect(Object.keys(forged.body.data)).toEqual(['user']);
      expect(
        (
          await req('PATCH', `/api/collections/alerts/records/${alert.body.id}`, w.readonly.token, {
            user: w.user.id,
          })
        ).status,
      ).toBe(400);
      expect(
        (await req('DELETE', `/api/collections/alerts/records/${alert.body.id}`, w.readonly.token))
          .status,
      ).toBe(204);
    });

    it('gives the admin role no access to other users’ records', async () => {
      const sys = await req('POST', '/api/collections/systems/records', w.other.token, {
        name: 'private',
        host: 'p',
      });
      expect(
        (await req('GET', `/api/collections/systems/records/${sys.body.id}`, w.admin.token)).status,
      ).toBe(404);
      expect((await list('systems', w.admin.token)).body.items.map((s) => s.id)).not.toContain(
        sys.body.id,
      );
    });

    it('scopes reports, findings and assets through their project', async () => {
      const project = await req('POST', '/api/collections/projects/records', w.user.token, {
        name: 'Acme pentest',
        client: 'Acme',
        status: 'active',
      });
      expect(project.status).toBe(200);
      const report = await req('POST', '/api/collections/reports/records', w.user.token, {
        project: project.body.id,
        title: 'Final',
        body: { sections: 3 },
      });
      expect(report.body).toMatchObject({ project: project.body.id, body: { sections: 3 } });
      const finding = await req('POST', '/api/collections/findings/records', w.user.token, {
        project: project.body.id,
        title: 'SQLi',
        severity: 'critical',
        cvss: 9.8,
      });
      expect(finding.status).toBe(200);
      expect(
        (await req('GET', `/api/collections/reports/records/${report.body.id}`, w.other.token))
          .status,
      ).toBe(404);
      expect(
        (
          await req('POST', '/api/collections/findings/records', w.other.token, {
            project: project.body.id,
            title: 'x',
          })
        ).status,
      ).toBe(400);
      await req('PATCH', `/api/collections/projects/records/${project.body.id}`, w.user.token, {
        'users+': w.other.id,
      });
      expect(
        (await req('GET', `/api/collections/reports/records/${report.body.id}`, w.other.token))
          .status,
      ).toBe(200);
      expect(
        (await list('findings', w.other.token, '?expand=project')).body.items[0],
      ).toMatchObject({ title: 'SQLi', expand: { project: { name: 'Acme pentest' } } });
      // Readonly sees scoped records only through a visible project and cannot create them.
      expect(
        (
          await req('POST', '/api/collections/assets/records', w.readonly.token, {
            project: project.body.id,
            type: 'host',
            value: 'x',
          })
        ).status,
      ).toBe(403);
      // Deleting the project takes its reports and findings with it.
      expect(
        (await req('DELETE', `/api/collections/projects/records/${project.body.id}`, w.user.token))
          .status,
      ).toBe(204);
      expect(
        (await req('GET', `/api/collections/reports/records/${report.body.id}`, w.su)).status,
      ).toBe(404);
    });

    it('validates every field type with PocketBase’s error shape, writing nothing', async () => {
      const before = (await list('systems', w.su)).body.totalItems;
      const bad = await req<{
        status: number;
        message: string;
        data: Record<string, { code: string }>;
      }>('POST', '/api/collections/systems/records', w.user.token, {
        name: '',
        port: 'eighty',
        status: 'exploded',
        users: ['not valid id!'],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('Failed to create record.');
      expect(bad.body.data).toMatchObject({
        name: { code: 'validation_required' },
        host: { code: 'validation_required' },
        port: { code: 'validation_invalid_number' },
        status: { code: 'validation_invalid_value' },
        users: { code: 'validation_invalid_relation' },
      });
      const missing = await req<{ data: Record<string, { code: string }> }>(
        'POST',
        '/api/collections/systems/records',
        w.user.token,
        { name: 'a', host: 'b', users: ['aaaaaaaaaaaaaaa'] },
      );
      expect(missing.body.data.users?.code).toBe('validation_missing_rel_records');
      const range = await req<{ data: object }>('POST', '/api/collections/findings/records', w.su, {
        project: 'aaaaaaaaaaaaaaa',
        title: 't',
        cvss: 11,
      });
      expect(Object.keys(range.body.data)).toEqual(['cvss']);
      const orphan = await req<{ data: object }>(
        'POST',
        '/api/collections/findings/records',
        w.su,
        {
          project: 'aaaaaaaaaaaaaaa',
          title: 't',
        },
      );
      expect(Object.keys(orphan.body.data)).toEqual(['project']);
      // A body that is not an object is refused at the edge, with the answer the engine gave.
      const notObject = await req('POST', '/api/collections/systems/records', w.user.token, []);
      expect(notObject.status).toBe(400);
      expect(notObject.body).toEqual({
        status: 400,
        message: 'The request body must be a JSON object.',
        data: { body: { code: 'validation_invalid_type', message: 'Must be an object.' } },
      });
      expect((await list('systems', w.su)).body.totalItems).toBe(before);
      expect((await req('GET', '/api/collections/nope/records', w.su)).status).toBe(404);
    });

    it('lists with paging, sort, filter, fields and skipTotal', async () => {
      for (let i = 0; i < 25; i++) {
        await req('POST', '/api/collections/systems/records', w.other.token, {
          name: `node-${String(i).padStart(2, '0')}`,
          host: `h${i}`,
          port: i,
          status: i % 2 ? 'up' : 'down',
        });
      }
      const page2 = await list(
        'systems',
        w.other.token,
        `?page=2&perPage=10&sort=-name&filter=${encodeURIComponent("name ~ 'node-'")}`,
      );
      expect(page2.body).toMatchObject({ page: 2, perPage: 10, totalItems: 25, totalPages: 3 });
      expect(page2.body.items.map((s) => s.name)).toEqual([
        'node-14',
        'node-13',
        'node-12',
        'node-11',
        'node-10',
        'node-09',
        'node-08',
        'node-07',
        'node-06',
        'node-05',
      ]);
      const filtered = await list(
        'systems',
        w.other.token,
        `?perPage=100&filter=${encodeURIComponent("(status = 'up' && port >= 20) || name = 'node-00'")}&fields=id,name`,
      );
      expect(filtered.body.items.map((s) => s.name).sort()).toEqual([
        'node-00',
        'node-21',
        'node-23',
      ]);
      expect(Object.keys(filtered.body.items[0] ?? {})).toEqual(['id', 'name']);
      const skip = await list('systems', w.other.token, '?skipTotal=1&perPage=5');
      expect(skip.body).toMatchObject({ totalItems: -1, totalPages: -1 });
      expect(skip.body.items).toHaveLength(5);
      const members = await list(
        'systems',
        w.su,
        `?perPage=1&filter=${encodeURIComponent(`users.id ?= '${w.other.id}' && users.email ?~ 'otto'`)}`,
      );
      expect(members.body.totalItems).toBeGreaterThanOrEqual(25);
    });

    it.each([
      ['?filter=' + encodeURIComponent("name = 'x"), 'filter'],
      ['?filter=' + encodeURIComponent('nosuchfield = 1'), 'filter'],
      ['?filter=' + encodeURIComponent('port:length = 1'), 'filter'],
      ['?filter=' + encodeURIComponent("name.x = 'a'"), 'filter'],
      ['?sort=passwordHash', 'sort'],
      ['?sort=-nosuch', 'sort'],
      ['?perPage=abc', 'perPage'],
      ['?page=0.5', 'page'],
    ])('refuses the list query %s with a 400 naming %s', async (query, field) => {
      const res = await list('systems', w.user.token, query);
      expect(res.status).toBe(400);
      expect(Object.keys((res.body as unknown as { data: object }).data)).toEqual([field]);
    });

    it('never leaks users through relation filters or expands', async () => {
      const sys = await req('POST', '/api/collections/systems/records', w.user.token, {
        name: 'leak-test',
        host: 'h',
        users: [w.other.id],
      });
      // A member can match its own id, but cannot probe other members' fields.
      const probe = await list(
        'systems',
        w.user.token,
        `?filter=${encodeURIComponent("users.email ?= 'otto@example.com'")}`,
      );
      expect(probe.body.items).toEqual([]);
      const expanded = await req<Rec & { expand: { users: Rec[] } }>(
        'GET',
        `/api/collections/systems/records/${sys.body.id}?expand=users`,
        w.user.token,
      );
      expect(expanded.body.expand.users.map((u) => u.id)).toEqual([w.user.id]);
      const asSuper = await req<Rec & { expand: { users: Rec[] } }>(
        'GET',
        `/api/collections/systems/records/${sys.body.id}?expand=users`,
        w.su,
      );
      expect(asSuper.body.expand.users).toHaveLength(2);
      expect(JSON.stringify(asSuper.body)).not.toMatch(/passwordHash|tokenKey|argon2/);
      // The users collection lists only oneself for users, everyone for superusers.
      expect((await list('users', w.user.token)).body.items.map((u) => u.id)).toEqual([w.user.id]);
      expect(
        (
          await list(
            'users',
            w.su,
            `?filter=${encodeURIComponent("email='uma@example.com'||email='otto@example.com'")}`,
          )
        ).body.totalItems,
      ).toBe(2);
      expect((await list('_superusers', w.user.token)).status).toBe(403);
      // A guest's list is empty, as PocketBase's rules filter a guest out (lists.test.ts).
      expect((await list('systems', undefined)).body).toMatchObject({ totalItems: 0, items: [] });
    });

    it('applies relation modifiers users+, +users and users-', async () => {
      const sys = await req('POST', '/api/collections/systems/records', w.su, {
        name: 'mods',
        host: 'h',
        users: [w.user.id],
      });
      const url = `/api/collections/systems/records/${sys.body.id}`;
      expect((await req('PATCH', url, w.su, { 'users+': [w.other.id] })).body.users).toEqual([
        w.user.id,
        w.other.id,
      ]);
      expect((await req('PATCH', url, w.su, { '+users': w.readonly.id })).body.users).toEqual([
        w.readonly.id,
        w.user.id,
        w.other.id,
      ]);
      expect(
        (await req('PATCH', url, w.su, { 'users-': [w.user.id, w.readonly.id] })).body.users,
      ).toEqual([w.other.id]);
      expect((await req('PATCH', url, w.su, { 'name+': 'x' })).status).toBe(400);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'record.update')
        .where('targetId', '=', sys.body.id)
        .orderBy('seq')
        .execute();
      expect(JSON.parse(audit[0]?.changes ?? '{}')).toEqual({
        users: [[w.user.id], [w.user.id, w.other.id]],
      });
    });

    it('keeps all 50 concurrent users+ updates (no lost update)', async () => {
      const sys = await req('POST', '/api/collections/systems/records', w.su, {
        name: 'crowd',
        host: 'h',
      });
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        ids.push(await createUser(t, w.su, { email: `crowd${i}@example.com`, name: `crowd ${i}` }));
      }
      const results = await Promise.all(
        ids.map((id) =>
          req('PATCH', `/api/collections/systems/records/${sys.body.id}`, w.su, { 'users+': id }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
      const after = await req('GET', `/api/collections/systems/records/${sys.body.id}`, w.su);
      expect([...(after.body.users ?? [])].sort()).toEqual([...ids].sort());
    });

    it('removes a deleted user from every share and keeps the shared records', async () => {
      const victim = await createUser(t, w.su, {
        email: 'leaving@example.com',
        password: 'leaving-pass-1',
      });
      const a = await req('POST', '/api/collections/systems/records', w.su, {
        name: 'shared-a',
        host: 'h',
        users: [victim, w.user.id],
      });
      const b = await req('POST', '/api/collections/projects/records', w.su, {
        name: 'solo',
        users: [victim],
      });
      const token = (await signIn(t, 'users', 'leaving@example.com', 'leaving-pass-1')).token;
      await req('POST', '/api/collections/alerts/records', token, {
        system: a.body.id,
        name: 'mine',
      });
      // A ?confirm= that names someone else is refused (none at all is fine: lists.test.ts).
      expect(
        (
          await req(
            'DELETE',
            `/api/collections/users/records/${victim}?confirm=nobody@example.com`,
            w.su,
          )
        ).status,
      ).toBe(400);
      expect(
        (
          await req(
            'DELETE',
            `/api/collections/users/records/${victim}?confirm=leaving@example.com`,
            w.user.token,
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await req(
            'DELETE',
            `/api/collections/users/records/${victim}?confirm=LEAVING@example.com`,
            w.su,
          )
        ).status,
      ).toBe(204);
      expect(
        (await req('GET', `/api/collections/systems/records/${a.body.id}`, w.su)).body.users,
      ).toEqual([w.user.id]);
      // A record whose last member left is kept (orphaned) and still reachable by superusers.
      expect(
        (await req('GET', `/api/collections/projects/records/${b.body.id}`, w.su)).body.users,
      ).toEqual([]);
      expect(
        (await list('alerts', w.su, `?filter=${encodeURIComponent("name='mine'")}`)).body.items,
      ).toEqual([]);
      expect((await req('GET', '/api/sessions', token)).status).toBe(401);
    });

    it('describes the whole catalogue to superusers; a user only what their roles reach', async () => {
      const res = await req<ListBody>('GET', '/api/collections', w.su);
      expect(res.body.items.map((c) => c.name)).toEqual([
        'users',
        '_superusers',
        'groups',
        'roles',
        'systems',
        'alerts',
        'projects',
        'reports',
        'findings',
        'assets',
      ]);
      const mine = await req<ListBody>('GET', '/api/collections', w.user.token);
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((c) => c.name)).not.toContain('_superusers');
      expect(mine.body.items.map((c) => c.name)).not.toContain('roles');
      expect(mine.body.items.map((c) => c.name)).toContain('systems');
      expect((await req('GET', '/api/collections')).status).toBe(401);
      expect(
        (
          await req<{ fields: { name: string }[] }>('GET', '/api/collections/systems', w.su)
        ).body.fields.map((f) => f.name),
      ).toEqual([
        'id',
        'created',
        'updated',
        'name',
        'host',
        'port',
        'status',
        'info',
        'users',
        'groups',
      ]);
    });
  });

  describe(`SHARE_ALL_SYSTEMS (${dialect})`, () => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof world>>;
    beforeAll(async () => {
      t = await createTestApp(dialect, { shareAllSystems: true });
      w = await world(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('lets every signed-in user view every system and its alerts’ systems, but not write them', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/collections/systems/records',
        token: w.user.token,
        payload: { name: 'everyone', host: 'h' },
      });
      const id = res.json<Rec>().id;
      for (const who of [w.other, w.readonly, w.admin]) {
        expect(
          (
            await t.request({
              method: 'GET',
              url: `/api/collections/systems/records/${id}`,
              token: who.token,
            })
          ).statusCode,
        ).toBe(200);
      }
      expect(
        (
          await t.request({
            method: 'PATCH',
            url: `/api/collections/systems/records/${id}`,
            token: w.other.token,
            payload: { name: 'x' },
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await t.request({
            method: 'DELETE',
            url: `/api/collections/systems/records/${id}`,
            token: w.readonly.token,
          })
        ).statusCode,
      ).toBe(403);
      // Readonly can put its own alert on any system it can now see.
      const alert = await t.request({
        method: 'POST',
        url: '/api/collections/alerts/records',
        token: w.readonly.token,
        payload: { system: id, name: 'ping' },
      });
      expect(alert.statusCode).toBe(200);
      expect(
        (
          await t.request({
            method: 'GET',
            url: '/api/collections/systems/records',
            token: w.readonly.token,
          })
        ).json<ListBody>().totalItems,
      ).toBe(1);
      expect(
        (
          await t.request({ method: 'GET', url: '/api/collections/systems/records' })
        ).json<ListBody>().totalItems,
      ).toBe(0);
    });
  });
}
