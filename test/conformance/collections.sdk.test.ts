// The official `pocketbase` SDK, unmodified, reading the collections API as a superuser:
// `pb.collections.getFullList()`, `getList()` with filter and sort, `getOne()` by name and by id,
// in PocketBase's collection shape (fields with ids and options, rules, indexes).
import PocketBase, { ClientResponseError, type CollectionModel } from 'pocketbase';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, DIALECTS, startTestServer } from '../harness.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

interface FieldModel {
  id: string;
  name: string;
  type: string;
  system: boolean;
  hidden: boolean;
  required: boolean;
  presentable: boolean;
  [option: string]: unknown;
}

const NAMES = [
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
];

async function rejection(promise: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientResponseError) return error;
    throw error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

/** Fails instead of hanging when the SDK keeps asking for the next page. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => {
        reject(new Error(`no answer within ${ms} ms`));
      }, ms),
    ),
  ]);
}

const fieldsOf = (c: CollectionModel) => c.fields as unknown as FieldModel[];

for (const dialect of DIALECTS) {
  describe(`pocketbase SDK: collections (${dialect})`, () => {
    let server: TestServer;
    let su: PocketBase;

    beforeEach(async () => {
      server = await startTestServer(dialect, {
        initialUser: { email: ADMIN.email, password: ADMIN.password },
      });
      su = new PocketBase(server.url);
      su.autoCancellation(false);
      await su.collection('_superusers').authWithPassword(ADMIN.email, ADMIN.password);
    });
    afterEach(async () => {
      await server.close();
    });

    it('lists every collection with getFullList (which pages until a short page)', async () => {
      const all = await within(5000, su.collections.getFullList());
      expect(all.map((c) => c.name)).toEqual(NAMES);
      // A small batch makes the SDK walk several pages, each a real page.
      const batched = await within(5000, su.collections.getFullList({ batch: 3 }));
      expect(batched.map((c) => c.name)).toEqual(NAMES);
      const page = await su.collections.getList(2, 4);
      expect(page).toMatchObject({ page: 2, perPage: 4, totalItems: 10, totalPages: 3 });
      expect(page.items.map((c) => c.name)).toEqual(NAMES.slice(4, 8));
    });

    it('filters and sorts on the collection fields PocketBase allows', async () => {
      const auth = await su.collections.getFullList({ filter: "type = 'auth'" });
      expect(auth.map((c) => c.name)).toEqual(['users', '_superusers']);
      const named = await su.collections.getFullList({ filter: "name ~ 'sys' || name = 'roles'" });
      expect(named.map((c) => c.name)).toEqual(['roles', 'systems']);
      // As in PocketBase, `_superusers` is the system collection; `users` is not.
      const system = await su.collections.getFullList({ filter: 'system = true' });
      expect(system.map((c) => c.name)).toEqual(['_superusers']);
      const sorted = await su.collections.getFullList({ sort: '-name' });
      expect(sorted.map((c) => c.name)).toEqual([...NAMES].sort().reverse());
      const first = await su.collections.getFirstListItem("name = 'alerts'");
      expect(first.name).toBe('alerts');
      const bad = await rejection(su.collections.getList(1, 10, { filter: "secret = 'x'" }));
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.response.data as object)).toEqual(['filter']);
    });

    it("describes a collection in PocketBase's shape, by name and by id", async () => {
      const systems = await su.collections.getOne('systems');
      const byId = await su.collections.getOne(systems.id);
      expect(byId).toEqual(systems);
      expect(systems).toMatchObject({
        id: 'pbc_systems00001',
        name: 'systems',
        type: 'base',
        system: false,
        indexes: expect.any(Array) as unknown,
        created: expect.any(String) as unknown,
        updated: expect.any(String) as unknown,
      });
      for (const rule of ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule']) {
        expect(typeof systems[rule], rule).toBe('string');
      }
      const fields = fieldsOf(systems);
      for (const field of fields) {
        expect(field, field.name).toMatchObject({
          id: expect.stringMatching(/^[a-z]+\d+$/) as unknown,
          system: expect.any(Boolean) as unknown,
          hidden: false,
          required: expect.any(Boolean) as unknown,
          presentable: expect.any(Boolean) as unknown,
        });
      }
      expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
      const byName = new Map(fields.map((f) => [f.name, f]));
      expect(byName.get('id')).toMatchObject({ id: 'text3208210256', type: 'text', system: true });
      expect(byName.get('name')).toMatchObject({ type: 'text', required: true, max: 255 });
      expect(byName.get('port')).toMatchObject({ type: 'number', min: 0, max: 65535 });
      expect(byName.get('status')).toMatchObject({
        type: 'select',
        values: ['up', 'down', 'paused', 'pending'],
        maxSelect: 1,
      });
      expect(byName.get('info')).toMatchObject({
        type: 'json',
        maxSize: expect.any(Number) as unknown,
      });
      // Relations name their target by id, and a multiple relation has maxSelect > 1.
      const users = await su.collections.getOne('users');
      const groups = await su.collections.getOne('groups');
      expect(byName.get('users')).toMatchObject({
        type: 'relation',
        collectionId: users.id,
        cascadeDelete: false,
      });
      expect(byName.get('users')?.maxSelect).toBeGreaterThan(1);
      expect(byName.get('groups')).toMatchObject({ type: 'relation', collectionId: groups.id });
      const alerts = fieldsOf(await su.collections.getOne('alerts'));
      expect(alerts.find((f) => f.name === 'system')).toMatchObject({
        type: 'relation',
        collectionId: systems.id,
        maxSelect: 1,
        cascadeDelete: true,
        required: true,
      });
      expect(alerts.find((f) => f.name === 'created')).toMatchObject({
        type: 'autodate',
        onCreate: true,
        onUpdate: false,
      });
    });

    it('describes auth collections with their auth options and hidden password field', async () => {
      const users = await su.collections.getOne('users');
      expect(users).toMatchObject({
        id: '_pb_users_auth_',
        type: 'auth',
        passwordAuth: { enabled: true, identityFields: ['email'] },
        authToken: { duration: 604800 },
        oauth2: { enabled: false, providers: [] },
      });
      expect(JSON.stringify(users)).not.toMatch(/secret/i);
      const password = fieldsOf(users).find((f) => f.name === 'password');
      expect(password).toMatchObject({ type: 'password', hidden: true });
      const superusers = await su.collections.getOne('_superusers');
      expect(superusers).toMatchObject({
        listRule: null,
        viewRule: null,
        createRule: null,
        updateRule: null,
        deleteRule: null,
        otp: { enabled: true, duration: 180 },
      });
    });

    it('answers a user with the collections their grants reach (PocketBase: superusers only)', async () => {
      const guest = new PocketBase(server.url);
      expect((await rejection(guest.collections.getFullList())).status).toBe(401);
      await su.collection('users').create({
        email: 'ann@example.com',
        password: 'ann-secret-pass',
        passwordConfirm: 'ann-secret-pass',
        role: 'admin',
      });
      const ann = new PocketBase(server.url);
      await ann.collection('users').authWithPassword('ann@example.com', 'ann-secret-pass');
      // An admin: every collection but _superusers (a documented difference from PocketBase's 403,
      // so the hub's records screen reads the same schema).
      const names = (await ann.collections.getFullList()).map((c) => c.name);
      expect(names).not.toContain('_superusers');
      expect(names).toEqual(expect.arrayContaining(['users', 'groups', 'roles', 'systems']));
      expect((await ann.collections.getOne('systems')).name).toBe('systems');
      expect((await rejection(ann.collections.getOne('_superusers'))).status).toBe(403);
      expect((await rejection(su.collections.getOne('nothing'))).status).toBe(404);
    });
  });
}
