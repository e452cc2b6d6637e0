// Records are parsed with their collection's schema where they are built (records.expand.ts), not
// at the edge (route.ts `records`). This holds every answer of every collection — listed, viewed,
// expanded over every relation and back-relation, created, changed, signed in (a superuser's is
// built by account-records.ts) — to the schema the OpenAPI document shows for it
// (record-schemas.ts): parsing it again changes nothing. And a column added to a table never
// appears.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { COLLECTIONS, type CollectionDef } from '../catalogue/collections.js';
import { recordSchemaOf } from './record-schemas.js';

type Body = Record<string, unknown> & { expand?: Body };

/** Collections whose records the test links to others (so an expand finds something). */
const LINKED = [
  'users',
  'groups',
  'systems',
  'alerts',
  'projects',
  'reports',
  'findings',
  'assets',
];

/** The answer fits its schema, and parsing it (which drops unnamed keys) leaves it as it was. */
function expectFits(schema: z.ZodType, answer: unknown, where: string) {
  const parsed = schema.safeParse(answer);
  expect(parsed.error?.issues ?? [], where).toEqual([]);
  expect(parsed.data, where).toStrictEqual(answer);
}

/** Every relation and back-relation of `collection`, one level, and the relations' own. */
function expandAll(collection: CollectionDef): string {
  const paths: string[] = [];
  for (const field of collection.fields) {
    if (field.type !== 'relation') continue;
    paths.push(field.name);
    const target = COLLECTIONS.find((c) => c.name === field.collection);
    for (const inner of target?.fields ?? []) {
      if (inner.type === 'relation') paths.push(`${field.name}.${inner.name}`);
    }
  }
  for (const from of COLLECTIONS) {
    for (const field of from.fields) {
      if (field.type === 'relation' && field.collection === collection.name)
        paths.push(`${from.name}_via_${field.name}`);
    }
  }
  return paths.join(',');
}

for (const dialect of DIALECTS) {
  describe(`records answers fit their schemas (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let userToken: string;
    const ids: Record<string, string> = {};

    const req = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
      const res = await t.request({ method, url, token: su, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
      return res.json<Body>();
    };
    const create = async (collection: string, payload: object) => {
      const record = await req('POST', `/api/collections/${collection}/records`, payload);
      expectFits(recordSchemaOf(collection), record, `create ${collection}`);
      return record.id as string;
    };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      ids.org = await create('groups', { name: 'Organization', description: 'Everyone' });
      ids.team = await create('groups', { name: 'Team', parent: ids.org, roles: [] });
      ids.user = await createUser(t, su, {
        email: 'uma@example.com',
        password: 'uma-password-1',
        role: 'user',
        name: 'Uma',
        groups: [ids.team],
      });
      userToken = (await signIn(t, 'users', 'uma@example.com', 'uma-password-1')).token;
      ids.system = await create('systems', {
        name: 'web-1',
        host: '10.0.0.1',
        port: 22,
        status: 'up',
        info: { os: 'linux', tags: ['a'] },
        users: [ids.user],
        groups: [ids.team],
      });
      await create('alerts', {
        user: ids.user,
        system: ids.system,
        name: 'cpu',
        value: 90,
        triggered: true,
      });
      ids.project = await create('projects', {
        name: 'Audit',
        client: 'ACME',
        status: 'active',
        starts: '2026-01-01 00:00:00.000Z',
        users: [ids.user],
        groups: [ids.org],
      });
      await create('reports', { project: ids.project, title: 'Draft', body: { sections: [1] } });
      await create('findings', { project: ids.project, title: 'XSS', severity: 'high', cvss: 7.5 });
      await create('assets', { project: ids.project, type: 'host', value: 'a.example.com' });
    });
    afterAll(() => t.close());

    it.each(COLLECTIONS.map((c) => [c.name, c] as const))(
      '%s: listed and viewed, plain and expanded over every relation',
      async (name, collection) => {
        const schema = recordSchemaOf(name);
        for (const query of ['', `?expand=${expandAll(collection)}`]) {
          const listQuery = `${query === '' ? '?' : `${query}&`}perPage=500`;
          const page = await req('GET', `/api/collections/${name}/records${listQuery}`);
          const items = page.items as Body[];
          expect(items.length, name).toBeGreaterThan(0);
          for (const item of items) expectFits(schema, item, `${name} list ${query}`);
          if (query !== '' && LINKED.includes(name))
            expect(
              items.some((i) => Object.keys(i.expand ?? {}).length > 0),
              name,
            ).toBe(true);
          const id = String(items[0]?.id);
          const one = await req('GET', `/api/collections/${name}/records/${id}${query}`);
          expectFits(schema, one, `${name} view ${query}`);
        }
      },
    );

    it('a changed record, and the answers of a sign-in and a refresh', async () => {
      const changed = await req('PATCH', `/api/collections/groups/records/${ids.team}`, {
        description: 'The team',
      });
      expectFits(recordSchemaOf('groups'), changed, 'update groups');
      const answer = (record: z.ZodType) => z.object({ token: z.string(), record });
      for (const [collection, email, password] of [
        ['users', 'uma@example.com', 'uma-password-1'],
        ['_superusers', ADMIN.email, ADMIN.password],
      ] as const) {
        const res = await t.request({
          method: 'POST',
          url: `/api/collections/${collection}/auth-with-password?expand=groups`,
          payload: { identity: email, password },
        });
        expectFits(answer(recordSchemaOf(collection)), res.json(), `${collection} sign-in`);
      }
      const refreshed = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-refresh',
        token: userToken,
      });
      expectFits(answer(recordSchemaOf('users')), refreshed.json(), 'users refresh');
    });

    it('never shows a column the catalogue does not name (one added to the table)', async () => {
      await sql`ALTER TABLE systems ADD COLUMN secret TEXT NOT NULL DEFAULT 'leaked'`.execute(
        t.services.db,
      );
      await sql`ALTER TABLE users ADD COLUMN secret TEXT NOT NULL DEFAULT 'leaked'`.execute(
        t.services.db,
      );
      const answers = [
        await req('GET', '/api/collections/systems/records?expand=users'),
        await req('GET', `/api/collections/systems/records/${ids.system}`),
        await req('PATCH', `/api/collections/systems/records/${ids.system}`, { port: 2222 }),
        await req('GET', `/api/collections/users/records/${ids.user}?expand=groups`),
        (
          await t.request({
            method: 'POST',
            url: '/api/collections/users/auth-with-password',
            payload: { identity: 'uma@example.com', password: 'uma-password-1' },
          })
        ).json<Body>(),
      ];
      for (const body of answers) {
        expect(JSON.stringify(body)).toContain(ids.system === body.id ? 'web-1' : '');
        expect(JSON.stringify(body)).not.toContain('leaked');
        expect(JSON.stringify(body)).not.toContain('"secret"');
      }
    });
  });
}
