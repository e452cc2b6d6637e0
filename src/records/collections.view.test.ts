// GET /api/collections in PocketBase's shape: rules that parse as PocketBase filters over real
// fields, relation targets by id, and the list's paging, filter and sort as PocketBase's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '../settings/settings.schema.js';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import {
  type CollectionDef,
  COLLECTIONS,
  fieldOf,
  findCollection,
} from '../catalogue/collections.js';
import { collectionModel, collectionModels } from './collections.view.js';
import type { Expr } from './filter/ast.js';
import { parseFilter } from './filter/parse.js';

const AUTH_DEFAULTS = settingsSchema.parse({}).auth;

interface Field {
  id: string;
  name: string;
  type: string;
  collectionId?: string;
  maxSelect?: number;
  [key: string]: unknown;
}

/** Each field path of `expr` must lead through relations of `c` to a field. */
function expectRealPaths(c: CollectionDef, expr: Expr, label: string): void {
  if (expr.kind !== 'compare') {
    expectRealPaths(c, expr.left, label);
    expectRealPaths(c, expr.right, label);
    return;
  }
  for (const operand of [expr.left, expr.right]) {
    if (operand.kind === 'macro') {
      expect(`${operand.name}.${operand.path[0] ?? ''}`, label).toBe('request.auth');
      continue;
    }
    if (operand.kind !== 'field') continue;
    let current: CollectionDef | undefined = c;
    for (const [i, segment] of operand.path.entries()) {
      const field = current && fieldOf(current, segment);
      expect(field, `${label}: ${operand.path.join('.')}`).toBeDefined();
      if (i < operand.path.length - 1) {
        expect(field?.type, `${label}: ${segment}`).toBe('relation');
        current = findCollection(field?.collection ?? '');
      }
    }
  }
}

describe('collection models', () => {
  for (const shareAllSystems of [false, true]) {
    it(`writes every rule as a PocketBase filter over real fields (share all: ${shareAllSystems})`, () => {
      const context = { shareAllSystems, auth: AUTH_DEFAULTS };
      for (const c of COLLECTIONS) {
        const model = collectionModel(c, context);
        for (const name of ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule']) {
          const rule = model[name];
          if (c.name === '_superusers') {
            expect(rule, `${c.name}.${name}`).toBeNull();
            continue;
          }
          expect(typeof rule, `${c.name}.${name}`).toBe('string');
          expect(rule, `${c.name}.${name}`).toMatch(/^\/\/ Gatehouse: .+\n/);
          const expr = parseFilter(rule as string);
          expect(expr, `${c.name}.${name}`).not.toBeNull();
          expectRealPaths(c, expr as Expr, `${c.name}.${name}`);
        }
      }
      const systems = collectionModel(findCollection('systems')!, context);
      expect(String(systems.listRule).split('\n')[1]).toBe(
        shareAllSystems
          ? '@request.auth.id != ""'
          : 'users ?= @request.auth.id || groups.id ?= @request.auth.groups.id',
      );
    });
  }

  it('gives every field a unique id and every relation its target by id, multiple ones maxSelect > 1', () => {
    const models = collectionModels({
      shareAllSystems: false,
      auth: AUTH_DEFAULTS,
    });
    for (const [i, c] of COLLECTIONS.entries()) {
      const fields = models[i]?.fields as Field[];
      expect(new Set(fields.map((f) => f.id)).size, c.name).toBe(fields.length);
      for (const def of c.fields.filter((f) => f.type === 'relation')) {
        const field = fields.find((f) => f.name === def.name);
        expect(field?.collectionId, `${c.name}.${def.name}`).toBe(
          findCollection(def.collection ?? '')?.id,
        );
        if (def.multiple) expect(field?.maxSelect, def.name).toBeGreaterThan(1);
        else expect(field?.maxSelect, def.name).toBe(1);
      }
    }
    // The old shape named the target collection, not its id.
    const groups = (models[0]?.fields as Field[]).find((f) => f.name === 'groups');
    expect(groups?.collectionId).toBe('pbc_groups000001');
  });
});

for (const dialect of DIALECTS) {
  describe(`GET /api/collections (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let user: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      await createUser(t, su, { email: 'ann@example.com', password: 'ann-password-1' });
      user = (await signIn(t, 'users', 'ann@example.com', 'ann-password-1')).token;
    });
    afterAll(async () => {
      await t.close();
    });

    const list = async (query: string, token = su) => {
      const res = await t.request({ method: 'GET', url: `/api/collections${query}`, token });
      return {
        status: res.statusCode,
        body: res.json<{
          page: number;
          perPage: number;
          totalItems: number;
          totalPages: number;
          items: { name: string }[];
          data?: Record<string, unknown>;
        }>(),
      };
    };
    const names = async (query: string) => (await list(query)).body.items.map((c) => c.name);

    it("clamps paging as PocketBase's search provider does", async () => {
      expect((await list('?page=0&perPage=0')).body).toMatchObject({
        page: 1,
        perPage: 30,
        totalItems: 10,
        totalPages: 1,
      });
      expect((await list('?perPage=5000')).body.perPage).toBe(1000);
      expect((await list('?page=-3&perPage=4')).body).toMatchObject({ page: 1, totalPages: 3 });
      expect((await list('?page=9&perPage=4')).body.items).toEqual([]);
      expect((await list('?skipTotal=1&perPage=2')).body).toMatchObject({
        totalItems: -1,
        totalPages: -1,
      });
      expect((await list('?skipTotal=T')).body.totalItems).toBe(-1);
      expect((await list('?skipTotal=maybe')).status).toBe(400);
      const bad = await list('?page=two');
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.data ?? {})).toEqual(['page']);
    });

    it('filters with SQL meaning on id, name, type, system, created, updated', async () => {
      expect(await names(`?filter=${encodeURIComponent("name ~ 'SYS'")}`)).toEqual(['systems']);
      expect(await names(`?filter=${encodeURIComponent("name ~ 'r%s'")}`)).toEqual([
        'roles',
        'reports',
      ]);
      expect(await names(`?filter=${encodeURIComponent('name = null')}`)).toEqual([]);
      expect(
        await names(`?filter=${encodeURIComponent("system = false && type = 'auth'")}`),
      ).toEqual(['users']);
      expect(await names(`?filter=${encodeURIComponent("id = 'pbc_roles0000001'")}`)).toEqual([
        'roles',
      ]);
      expect(
        await names(`?filter=${encodeURIComponent("name >= 'r' && name < 's'")}&sort=name`),
      ).toEqual(['reports', 'roles']);
      expect((await names(`?filter=${encodeURIComponent("created != ''")}`)).length).toBe(10);
      for (const filter of [
        "fields ~ 'x'",
        "name:lower = 'x'",
        'name = @request.auth.id',
        "indexes.x = 'y'",
        "name = 'users' || secret = 1",
      ]) {
        const res = await list(`?filter=${encodeURIComponent(filter)}`);
        expect(res.status, filter).toBe(400);
        expect(Object.keys(res.body.data ?? {}), filter).toEqual(['filter']);
      }
    });

    it('sorts by the same fields, ties in catalogue order', async () => {
      expect(await names('?sort=-type,name')).toEqual([
        'alerts',
        'assets',
        'findings',
        'groups',
        'projects',
        'reports',
        'roles',
        'systems',
        '_superusers',
        'users',
      ]);
      expect(await names('?sort=-system')).toEqual([
        '_superusers',
        'users',
        'groups',
        'roles',
        'systems',
        'alerts',
        'projects',
        'reports',
        'findings',
        'assets',
      ]);
      expect((await names('?sort=@random')).length).toBe(10);
      expect((await list('?sort=fields')).status).toBe(400);
    });

    it('shows a user only the collections they may view or create; guests none', async () => {
      expect((await list('', '')).status).toBe(401);
      const one = (url: string, token: string) =>
        t.request({ method: 'GET', url: `/api/collections/${url}`, token });
      expect((await one('systems', '')).statusCode).toBe(401);
      // A plain `user`: every resource collection and their own account's; no directory data.
      const mine = await list('', user);
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((c) => c.name)).toEqual([
        'users',
        'systems',
        'alerts',
        'projects',
        'reports',
        'findings',
        'assets',
      ]);
      expect(mine.body.totalItems).toBe(7);
      expect((await list('?filter=name~"sys"', user)).body.items.map((c) => c.name)).toEqual([
        'systems',
      ]);
      const systems = await one('systems', user);
      expect(systems.statusCode).toBe(200);
      expect(systems.json<{ fields: Field[] }>().fields.map((f) => f.name)).toContain('host');
      for (const name of ['_superusers', 'groups', 'roles', 'pbc_roles0000001']) {
        expect((await one(name, user)).statusCode, name).toBe(403);
      }
      // A superuser sees them all; an unknown collection is a 404 for everyone.
      expect((await list('', su)).body.totalItems).toBe(COLLECTIONS.length);
      expect((await one('nope', su)).statusCode).toBe(404);
      expect((await one('nope', user)).statusCode).toBe(404);
    });

    it('narrows to what a scoped API token may do', async () => {
      const made = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: user,
        payload: { name: 'ci', expiresAt: 'never', scopes: ['systems:view'] },
      });
      expect(made.statusCode, made.body).toBe(200);
      const scoped = `Bearer ${made.json<{ token: string }>().token}`;
      expect((await list('', scoped)).body.items.map((c) => c.name)).toEqual(['users', 'systems']);
    });

    it("follows the user's grants: a role without systems.view hides systems", async () => {
      const role = await t.request({
        method: 'POST',
        url: '/api/collections/roles/records',
        token: su,
        payload: {
          name: 'alerts-only',
          level: 5,
          permissions: { alerts: { actions: ['view', 'create'], scope: 'shared' } },
        },
      });
      expect(role.statusCode, role.body).toBe(200);
      await createUser(t, su, {
        email: 'bo@example.com',
        password: 'bo-password-11',
        role: 'alerts-only',
      });
      const bo = (await signIn(t, 'users', 'bo@example.com', 'bo-password-11')).token;
      expect((await list('', bo)).body.items.map((c) => c.name)).toEqual(['users', 'alerts']);
      const refused = await t.request({
        method: 'GET',
        url: '/api/collections/systems',
        token: bo,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ message: string }>().message).toContain('systems.view');
    });

    it('shows the token durations the settings hold', async () => {
      const patched = await t.request({
        method: 'PATCH',
        url: '/api/settings',
        token: su,
        payload: { auth: { userTokenDuration: 3600 } },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      const users = await t.request({ method: 'GET', url: '/api/collections/users', token: su });
      expect(users.json()).toMatchObject({ authToken: { duration: 3600 } });
    });
  });
}
