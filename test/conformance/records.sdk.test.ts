// The official `pocketbase` SDK, unmodified, against a listening Gatehouse: the records API on
// systems and alerts — creating users and systems, the seed's sharing script, relation modifiers,
// expand (forward and back), paging / sort / filter / fields, what every built-in role may and may
// not do, deleting a user, and bad filters (SPEC §1, §2, §4, §5; seed 001).
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, DIALECTS, startTestServer } from '../harness.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

interface UserRec {
  collectionId: string;
  collectionName: string;
  id: string;
  email: string;
  emailVisibility: boolean;
  verified: boolean;
  name: string;
  username: string;
  role: string;
  status: string;
  created: string;
  updated: string;
  [key: string]: unknown;
}

interface AlertRec {
  collectionId: string;
  collectionName: string;
  id: string;
  user: string;
  system: string;
  name: string;
  value: number;
  min: number;
  triggered: boolean;
  created: string;
  updated: string;
  expand?: { system?: SystemRec; user?: UserRec };
}

interface SystemRec {
  collectionId: string;
  collectionName: string;
  id: string;
  name: string;
  host: string;
  port: number;
  status: string;
  info: unknown;
  users: string[];
  groups: string[];
  created: string;
  updated: string;
  expand?: { users?: UserRec[]; alerts_via_system?: AlertRec[] };
}

interface Account {
  id: string;
  email: string;
  password: string;
  /** An SDK client signed in as this user (its own auth store). */
  pb: PocketBase;
}

const SECRETS = /passwordHash|tokenKey|argon2/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[a-z0-9]{15}$/;
const NOT_FOUND = { status: 404, message: "The requested resource wasn't found.", data: {} };
const UNAUTHORIZED = {
  status: 401,
  message: 'The request requires valid record authorization token.',
  data: {},
};
const forbidden = (message: string) => ({ status: 403, message, data: {} });

/** The ClientResponseError `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientResponseError) return error;
    throw error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);
const sorted = (values: readonly string[]) => [...values].sort();

for (const dialect of DIALECTS) {
  describe(`pocketbase SDK: records, sharing and roles (${dialect})`, () => {
    let server: TestServer;
    /** Every JSON body an SDK client made by `client()` received, as text. */
    let received: string[];
    /** The superuser's client (signed in on `_superusers`). */
    let su: PocketBase;

    beforeEach(async () => {
      server = await startTestServer(dialect, {
        initialUser: { email: ADMIN.email, password: ADMIN.password },
      });
      received = [];
      su = client();
      await su.collection('_superusers').authWithPassword(ADMIN.email, ADMIN.password);
    });
    afterEach(async () => {
      await server.close();
    });

    /** A fresh SDK client that records every response body it gets. */
    function client(): PocketBase {
      const pb = new PocketBase(server.url);
      pb.autoCancellation(false);
      pb.afterSend = (_response: Response, data: unknown) => {
        received.push(JSON.stringify(data));
        return data;
      };
      return pb;
    }

    /** The superuser creates a user with the SDK; the user signs in on their own client. */
    async function account(name: string, role: 'admin' | 'user' | 'readonly'): Promise<Account> {
      const email = `${name}@example.com`;
      const password = `${name}-secret-pass`;
      const created = await su
        .collection('users')
        .create<UserRec>({ email, password, passwordConfirm: password, name, role });
      const pb = client();
      await pb.collection('users').authWithPassword(email, password);
      return { id: created.id, email, password, pb };
    }

    async function createSystem(pb: PocketBase, body: Record<string, unknown>) {
      return pb.collection('systems').create<SystemRec>(body);
    }

    it('signs the superuser in and creates users of every role and systems shared with them', async () => {
      expect(su.authStore.isSuperuser).toBe(true);
      expect(su.authStore.record).toMatchObject({
        collectionName: '_superusers',
        email: ADMIN.email,
      });

      const created: UserRec[] = [];
      for (const role of ['admin', 'user', 'readonly'] as const) {
        const email = `${role}-person@example.com`;
        const password = `${role}-secret-pass`;
        const record = await su.collection('users').create<UserRec>({
          email,
          password,
          passwordConfirm: password,
          name: `The ${role}`,
          role,
        });
        expect(record).toEqual({
          collectionId: '_pb_users_auth_',
          collectionName: 'users',
          id: expect.stringMatching(ID) as unknown,
          email,
          emailVisibility: false,
          verified: false,
          name: `The ${role}`,
          username: '',
          role,
          status: 'active',
          groups: [],
          // Gatehouse's computed value (accounts/users.hooks.ts): the groups as paths.
          groupPaths: [],
          // ... and its effective level (0 Super Admin … 5 Viewer, from the access index).
          level: { admin: 1, user: 4, readonly: 5 }[role],
          kind: 'user',
          owner: '',
          description: '',
          created: expect.stringMatching(TIMESTAMP) as unknown,
          updated: expect.stringMatching(TIMESTAMP) as unknown,
        });
        created.push(record);
        // Each can sign in on the users collection with the role it was given.
        const pb = client();
        const auth = await pb.collection('users').authWithPassword(email, password);
        expect(auth.record).toMatchObject({ id: record.id, role, email });
        expect(pb.authStore.isSuperuser).toBe(false);
      }
      const [adminUser, plainUser, readonlyUser] = created as [UserRec, UserRec, UserRec];

      // An unknown role or a mismatched confirmation is a 400 naming the field, creating nothing.
      const badRole = await rejection(
        su.collection('users').create({
          email: 'x@example.com',
          password: 'x-secret-pass',
          passwordConfirm: 'x-secret-pass',
          role: 'root',
        }),
      );
      expect(badRole.status).toBe(400);
      expect(Object.keys(badRole.response.data as object)).toEqual(['role']);
      const mismatch = await rejection(
        su.collection('users').create({
          email: 'y@example.com',
          password: 'y-secret-pass',
          passwordConfirm: 'something-else',
        }),
      );
      expect(mismatch.status).toBe(400);
      expect(Object.keys(mismatch.response.data as object)).toEqual(['passwordConfirm']);
      const everyone = await su.collection('users').getFullList<UserRec>({ sort: 'email' });
      expect(everyone.map((u) => u.email)).toEqual([
        'admin-person@example.com',
        ADMIN.email,
        'readonly-person@example.com',
        'user-person@example.com',
      ]);
      // The headless first run made the initial user an admin.
      expect(everyone[1]).toMatchObject({ role: 'admin', status: 'active' });

      const system = await createSystem(su, {
        name: 'web-1',
        host: '10.0.0.1',
        port: 45876,
        users: [plainUser.id, readonlyUser.id],
      });
      expect(system).toEqual({
        collectionId: 'pbc_systems00001',
        collectionName: 'systems',
        id: expect.stringMatching(ID) as unknown,
        name: 'web-1',
        host: '10.0.0.1',
        port: 45876,
        status: '',
        info: null,
        // A superuser is not a user, so it is not added as a member.
        users: [plainUser.id, readonlyUser.id],
        groups: [],
        created: expect.stringMatching(TIMESTAMP) as unknown,
        updated: expect.stringMatching(TIMESTAMP) as unknown,
      });
      expect(await su.collection('systems').getOne<SystemRec>(system.id)).toEqual(system);

      const bare = await createSystem(su, {
        name: 'db-1',
        host: 'db.internal',
        status: 'paused',
        info: { os: 'linux', cores: 8, tags: ['a', 'b'] },
        users: [],
      });
      expect(bare).toMatchObject({
        name: 'db-1',
        host: 'db.internal',
        port: 0,
        status: 'paused',
        info: { os: 'linux', cores: 8, tags: ['a', 'b'] },
        users: [],
      });

      // A system needs name and host, and its members must exist.
      const invalid = await rejection(
        createSystem(su, { port: 70000, users: [adminUser.id, 'aaaaaaaaaaaaaaa'] }),
      );
      expect(invalid.status).toBe(400);
      expect(invalid.response.message).toBe('Failed to create record.');
      expect(sorted(Object.keys(invalid.response.data as object))).toEqual([
        'host',
        'name',
        'port',
      ]);
      const ghost = await rejection(
        createSystem(su, { name: 'n', host: 'h', users: ['aaaaaaaaaaaaaaa'] }),
      );
      expect(ghost.status).toBe(400);
      expect(ghost.response.data).toEqual({
        users: {
          code: 'validation_missing_rel_records',
          message: 'Failed to find all relation records with the provided ids.',
        },
      });
      expect(ids(await su.collection('systems').getFullList<SystemRec>({ sort: 'name' }))).toEqual([
        bare.id,
        system.id,
      ]);
      for (const body of received) expect(body).not.toMatch(SECRETS);
    });

    it("runs the seed's sharing script: getFullList by email, then update the system's users", async () => {
      const a = await account('a', 'user');
      const b = await account('b', 'readonly');
      const c = await account('c', 'user');
      const system = await createSystem(su, { name: 'shared-box', host: 'box.lan', port: 45876 });
      expect(system.users).toEqual([]);

      // Exactly the Beszel REST API docs' script.
      const users = await su.collection('users').getFullList<UserRec>({
        filter: "email='a@example.com'||email='b@example.com'",
      });
      expect(sorted(ids(users))).toEqual(sorted([a.id, b.id]));
      const updated = await su
        .collection('systems')
        .update<SystemRec>(system.id, { users: users.map((u) => u.id) });
      expect(updated.id).toBe(system.id);
      expect(updated.users).toEqual(users.map((u) => u.id));
      expect(updated.name).toBe('shared-box');

      for (const member of [a, b]) {
        const list = await member.pb.collection('systems').getList<SystemRec>(1, 20);
        expect(list).toMatchObject({ page: 1, perPage: 20, totalItems: 1, totalPages: 1 });
        expect(ids(list.items)).toEqual([system.id]);
        const one = await member.pb.collection('systems').getOne<SystemRec>(system.id);
        expect(one).toEqual(updated);
      }

      // Filters on the members, PocketBase-style: `?=` is "any member", `=` is "every member".
      const matching = async (pb: PocketBase, filter: string) =>
        ids(await pb.collection('systems').getFullList<SystemRec>({ filter }));
      expect(await matching(su, `users.id ?= '${a.id}'`)).toEqual([system.id]);
      expect(await matching(su, `users.id = '${a.id}'`)).toEqual([]);
      expect(await matching(su, `users.email ?= 'b@example.com'`)).toEqual([system.id]);
      expect(await matching(su, 'users:length = 2')).toEqual([system.id]);
      expect(await matching(su, `users.id ?= '${c.id}'`)).toEqual([]);
      expect(await matching(a.pb, `users.id ?= '${a.id}'`)).toEqual([system.id]);
      expect(await matching(c.pb, `users.id ?= '${c.id}'`)).toEqual([]);
      // As PocketBase: @request.* and @collection.* in ?filter= are for superusers only.
      const refused = await rejection(matching(a.pb, 'users.id ?= @request.auth.id'));
      expect(refused.status).toBe(403);
      expect(refused.response).toEqual(forbidden('Only superusers can filter by @request.'));

      // The third user is not a member: absent from lists, 404 on view.
      const outsider = await c.pb.collection('systems').getList<SystemRec>(1, 20);
      expect(outsider).toMatchObject({ page: 1, perPage: 20, totalItems: 0, totalPages: 0 });
      expect(outsider.items).toEqual([]);
      const hidden = await rejection(c.pb.collection('systems').getOne(system.id));
      expect(hidden.status).toBe(404);
      expect(hidden.response).toEqual(NOT_FOUND);
      expect(await c.pb.collection('systems').getFullList()).toEqual([]);
      const first = await rejection(
        c.pb.collection('systems').getFirstListItem(`id = '${system.id}'`),
      );
      expect(first.status).toBe(404);
      expect(
        (await a.pb.collection('systems').getFirstListItem<SystemRec>(`id = '${system.id}'`)).id,
      ).toBe(system.id);

      // The readonly member expanding `users` sees only their own account, too.
      const bExpand = await b.pb
        .collection('systems')
        .getOne<SystemRec>(system.id, { expand: 'users' });
      expect(ids(bExpand.expand?.users ?? [])).toEqual([b.id]);

      // Un-sharing takes effect on the next request.
      await su.collection('systems').update(system.id, { users: [a.id] });
      const gone = await rejection(b.pb.collection('systems').getOne(system.id));
      expect(gone.status).toBe(404);
      expect((await a.pb.collection('systems').getOne<SystemRec>(system.id)).users).toEqual([a.id]);
    });

    it("applies the 'users+', '+users' and 'users-' modifiers in order", async () => {
      const uma = await account('uma', 'user');
      const otto = await account('otto', 'user');
      const rita = await account('rita', 'readonly');
      const adele = await account('adele', 'admin');
      const system = await createSystem(su, { name: 'mods', host: 'h', users: [uma.id] });
      const systems = su.collection('systems');

      const appended = await systems.update<SystemRec>(system.id, { 'users+': otto.id });
      expect(appended.users).toEqual([uma.id, otto.id]);
      // Appending someone already there changes nothing.
      expect((await systems.update<SystemRec>(system.id, { 'users+': uma.id })).users).toEqual([
        uma.id,
        otto.id,
      ]);

      const prepended = await systems.update<SystemRec>(system.id, { '+users': rita.id });
      expect(prepended.users).toEqual([rita.id, uma.id, otto.id]);
      expect((await systems.getOne<SystemRec>(system.id)).users).toEqual([
        rita.id,
        uma.id,
        otto.id,
      ]);

      const removed = await systems.update<SystemRec>(system.id, { 'users-': uma.id });
      expect(removed.users).toEqual([rita.id, otto.id]);

      // Several ids at once keep their given order, before the existing ones.
      const many = await systems.update<SystemRec>(system.id, {
        'users-': [rita.id, otto.id],
        '+users': [adele.id, uma.id],
      });
      expect(many.users).toEqual([adele.id, uma.id]);
      const both = await systems.update<SystemRec>(system.id, { '+users': [otto.id, rita.id] });
      expect(both.users).toEqual([otto.id, rita.id, adele.id, uma.id]);

      // The member that was removed lost access; the ones added gained it.
      const otherSystem = await createSystem(su, { name: 'solo', host: 'h', users: [uma.id] });
      await systems.update(otherSystem.id, { 'users-': uma.id });
      expect((await rejection(uma.pb.collection('systems').getOne(otherSystem.id))).status).toBe(
        404,
      );
      expect((await adele.pb.collection('systems').getOne<SystemRec>(system.id)).id).toBe(
        system.id,
      );

      // Modifiers only apply to multiple relations; unknown ids are refused.
      const onText = await rejection(systems.update(system.id, { 'name+': 'x' }));
      expect(onText.status).toBe(400);
      expect(Object.keys(onText.response.data as object)).toEqual(['name+']);
      const unknown = await rejection(systems.update(system.id, { 'users+': 'aaaaaaaaaaaaaaa' }));
      expect(unknown.status).toBe(400);
      expect(Object.keys(unknown.response.data as object)).toEqual(['users']);
      expect((await systems.getOne<SystemRec>(system.id)).users).toEqual([
        otto.id,
        rita.id,
        adele.id,
        uma.id,
      ]);

      // A member with the user role can share the system onward with the same modifiers.
      const byMember = await uma.pb
        .collection('systems')
        .update<SystemRec>(system.id, { 'users-': [otto.id, rita.id] });
      expect(byMember.users).toEqual([adele.id, uma.id]);
    });

    it('expands users, system and alerts_via_system, within what the caller may see', async () => {
      const uma = await account('uma', 'user');
      const otto = await account('otto', 'user');
      const system = await createSystem(su, {
        name: 'expandable',
        host: 'h',
        users: [uma.id, otto.id],
      });
      const umaAlert = await uma.pb
        .collection('alerts')
        .create<AlertRec>({ system: system.id, name: 'cpu', value: 80 });
      const ottoAlert = await otto.pb
        .collection('alerts')
        .create<AlertRec>({ system: system.id, name: 'mem', value: 90 });

      // Superuser: every member, as full user records, in the relation's order, with no secrets.
      const withUsers = await su
        .collection('systems')
        .getOne<SystemRec>(system.id, { expand: 'users' });
      expect(withUsers.users).toEqual([uma.id, otto.id]);
      const expandedUsers = withUsers.expand?.users ?? [];
      expect(ids(expandedUsers)).toEqual([uma.id, otto.id]);
      expect(expandedUsers.map((u) => u.email)).toEqual([uma.email, otto.email]);
      for (const user of expandedUsers) {
        expect(user).toMatchObject({ collectionName: 'users', role: 'user', status: 'active' });
        expect(Object.keys(user)).not.toContain('passwordHash');
        expect(Object.keys(user)).not.toContain('tokenKey');
        expect(Object.keys(user)).not.toContain('password');
      }
      expect(JSON.stringify(withUsers)).not.toMatch(SECRETS);

      // Alerts expand their system (a single relation: an object, not a list).
      const umaAlerts = await uma.pb
        .collection('alerts')
        .getList<AlertRec>(1, 20, { expand: 'system' });
      expect(umaAlerts.totalItems).toBe(1);
      expect(umaAlerts.items[0]?.id).toBe(umaAlert.id);
      expect(umaAlerts.items[0]?.expand?.system).toMatchObject({
        id: system.id,
        name: 'expandable',
        users: [uma.id, otto.id],
      });
      const oneAlert = await su
        .collection('alerts')
        .getOne<AlertRec>(ottoAlert.id, { expand: 'system,user' });
      expect(oneAlert.expand?.system?.id).toBe(system.id);
      expect(oneAlert.expand?.user).toMatchObject({ id: otto.id, email: otto.email });
      expect(JSON.stringify(oneAlert)).not.toMatch(SECRETS);

      // Back-relation: the system's alerts. A superuser sees both; each user only their own.
      const allAlerts = await su
        .collection('systems')
        .getOne<SystemRec>(system.id, { expand: 'alerts_via_system' });
      expect(sorted(ids(allAlerts.expand?.alerts_via_system ?? []))).toEqual(
        sorted([umaAlert.id, ottoAlert.id]),
      );
      const umaView = await uma.pb
        .collection('systems')
        .getOne<SystemRec>(system.id, { expand: 'alerts_via_system' });
      expect(ids(umaView.expand?.alerts_via_system ?? [])).toEqual([umaAlert.id]);
      const ottoList = await otto.pb
        .collection('systems')
        .getList<SystemRec>(1, 20, { expand: 'alerts_via_system' });
      expect(ids(ottoList.items[0]?.expand?.alerts_via_system ?? [])).toEqual([ottoAlert.id]);

      // A user expanding `users` sees only themselves: users can view only their own account.
      const umaUsers = await uma.pb
        .collection('systems')
        .getOne<SystemRec>(system.id, { expand: 'users' });
      expect(umaUsers.users).toEqual([uma.id, otto.id]);
      expect(ids(umaUsers.expand?.users ?? [])).toEqual([uma.id]);
      expect(umaUsers.expand?.users?.[0]?.email).toBe(uma.email);
      expect(JSON.stringify(umaUsers)).not.toContain(otto.email);
      const ottoUsers = await otto.pb
        .collection('systems')
        .getList<SystemRec>(1, 20, { expand: 'users' });
      expect(ids(ottoUsers.items[0]?.expand?.users ?? [])).toEqual([otto.id]);

      // A nested expand reaches through the alert to the system's members.
      const nested = await su
        .collection('alerts')
        .getOne<AlertRec>(umaAlert.id, { expand: 'system.users' });
      expect(ids(nested.expand?.system?.expand?.users ?? [])).toEqual([uma.id, otto.id]);

      // `fields` reaches into expands.
      const picked = await su.collection('systems').getOne<Record<string, unknown>>(system.id, {
        expand: 'users',
        fields: 'id,expand.users.name',
      });
      expect(picked).toEqual({
        id: system.id,
        expand: { users: [{ name: 'uma' }, { name: 'otto' }] },
      });

      // Expanding something that is not a relation is ignored, as PocketBase does.
      const ignored = await su
        .collection('systems')
        .getOne<Record<string, unknown>>(system.id, { expand: 'nosuch' });
      expect(ignored.id).toBe(system.id);
      expect(ignored.expand).toBeUndefined();
      for (const body of received) expect(body).not.toMatch(SECRETS);
    });

    it('pages, sorts, filters and trims fields like PocketBase', async () => {
      const uma = await account('uma', 'user');
      const otto = await account('otto', 'user');
      const names: string[] = [];
      for (let i = 0; i < 45; i++) {
        const name = `sys-${String(i).padStart(2, '0')}`;
        names.push(name);
        await createSystem(uma.pb, {
          name,
          host: `10.0.0.${i}`,
          port: i,
          status: i % 2 ? 'up' : 'down',
        });
      }
      const foreign = await createSystem(otto.pb, { name: 'otto-private', host: 'o', port: 1 });
      const systems = uma.pb.collection('systems');

      const page2 = await systems.getList<SystemRec>(2, 20);
      expect({ ...page2, items: page2.items.length }).toEqual({
        page: 2,
        perPage: 20,
        totalItems: 45,
        totalPages: 3,
        items: 20,
      });
      const byName2 = await systems.getList<SystemRec>(2, 20, { sort: 'name' });
      expect(byName2.items.map((s) => s.name)).toEqual(names.slice(20, 40));
      const page3 = await systems.getList<SystemRec>(3, 20, { sort: 'name' });
      expect(page3.items.map((s) => s.name)).toEqual(names.slice(40));
      expect((await systems.getList(4, 20)).items).toEqual([]);

      const skipped = await systems.getList<SystemRec>(1, 20, { skipTotal: true });
      expect({ ...skipped, items: skipped.items.length }).toEqual({
        page: 1,
        perPage: 20,
        totalItems: -1,
        totalPages: -1,
        items: 20,
      });

      // getFullList pages through with its batch size until a short page.
      const pages: unknown[] = [];
      uma.pb.beforeSend = (url, options) => {
        if (url.includes('/api/collections/systems/records')) pages.push(options.query?.page);
        return { url, options };
      };
      const full = await systems.getFullList<SystemRec>({ batch: 20, sort: 'name' });
      expect(full.map((s) => s.name)).toEqual(names);
      expect(pages).toEqual([1, 2, 3]);
      uma.pb.beforeSend = undefined;
      const defaults = await systems.getFullList<SystemRec>();
      expect(defaults).toHaveLength(45);
      expect(new Set(ids(defaults)).size).toBe(45);
      expect(ids(defaults)).not.toContain(foreign.id);
      // The superuser sees the other user's system too.
      expect(await su.collection('systems').getFullList({ batch: 7 })).toHaveLength(46);

      const desc = await systems.getList<SystemRec>(1, 20, { sort: '-name' });
      expect(desc.items.map((s) => s.name)).toEqual([...names].reverse().slice(0, 20));
      const multiSort = await systems.getList<SystemRec>(1, 4, { sort: '-status,port' });
      expect(multiSort.items.map((s) => s.name)).toEqual(['sys-01', 'sys-03', 'sys-05', 'sys-07']);

      const filterNames = async (filter: string, pb: PocketBase = uma.pb) =>
        (await pb.collection('systems').getFullList<SystemRec>({ filter, sort: 'name' })).map(
          (s) => s.name,
        );
      expect(await filterNames("name ~ 'sys-1'")).toEqual(names.slice(10, 20));
      expect(await filterNames("name !~ 'sys-'")).toEqual([]);
      expect(await filterNames('port > 40')).toEqual(['sys-41', 'sys-42', 'sys-43', 'sys-44']);
      expect(await filterNames("name ~ 'sys-1' && port > 15")).toEqual([
        'sys-16',
        'sys-17',
        'sys-18',
        'sys-19',
      ]);
      expect(await filterNames("name = 'sys-03' || name = 'sys-30'")).toEqual(['sys-03', 'sys-30']);
      // Parentheses group; without them && binds tighter than ||.
      expect(await filterNames("(port < 3 || port > 41) && status = 'up'")).toEqual([
        'sys-01',
        'sys-43',
      ]);
      expect(await filterNames("port < 3 || port > 41 && status = 'up'")).toEqual([
        'sys-00',
        'sys-01',
        'sys-02',
        'sys-43',
      ]);
      // `?=` on the members' ids: any member matches.
      expect(await filterNames(`users.id ?= '${uma.id}'`)).toEqual(names);
      expect(await filterNames(`users.id ?= '${otto.id}'`, su)).toEqual(['otto-private']);
      expect(await filterNames(`users.id ?= '${uma.id}' && port = 7`, su)).toEqual(['sys-07']);
      expect(await filterNames(`users:each ?= '${otto.id}'`, su)).toEqual(['otto-private']);
      // The field itself is PocketBase's stored text, a JSON array of ids.
      expect(await filterNames(`users ~ '${otto.id}'`, su)).toEqual(['otto-private']);
      expect(await filterNames(`users ?= '${otto.id}'`, su)).toEqual([]);
      // The filter never widens the caller's scope.
      expect(await filterNames(`users.id ?= '${otto.id}'`)).toEqual([]);
      expect(await filterNames("name = 'otto-private'")).toEqual([]);

      const trimmed = await systems.getList<Record<string, unknown>>(1, 5, {
        fields: 'id,name',
        sort: 'name',
      });
      expect(trimmed.totalItems).toBe(45);
      expect(trimmed.items.map((s) => Object.keys(s))).toEqual(
        Array.from({ length: 5 }, () => ['id', 'name']),
      );
      expect(trimmed.items.map((s) => s.name)).toEqual(names.slice(0, 5));
      const oneTrimmed = await systems.getOne<Record<string, unknown>>(
        String(trimmed.items[0]?.id),
        { fields: 'name,port' },
      );
      expect(oneTrimmed).toEqual({ name: 'sys-00', port: 0 });

      // perPage above 1000 is clamped to 1000, as PocketBase (lists.sdk.test.ts).
      const tooMany = await systems.getList(1, 1001);
      expect(tooMany.perPage).toBe(1000);
      expect(tooMany.items).toHaveLength(45);
    });

    it('enforces what each role may and may not do on systems and alerts', async () => {
      const uma = await account('uma', 'user');
      const otto = await account('otto', 'user');
      const rita = await account('rita', 'readonly');
      const adele = await account('adele', 'admin');

      // --- user role: creates systems and becomes a member; edits and deletes shared ones.
      const shared = await createSystem(uma.pb, { name: 'shared', host: 'h', users: [rita.id] });
      expect(sorted(shared.users)).toEqual(sorted([uma.id, rita.id]));
      const own = await createSystem(uma.pb, { name: 'own', host: 'h2' });
      expect(own.users).toEqual([uma.id]);
      const ottos = await createSystem(otto.pb, { name: 'ottos', host: 'o' });
      expect(ottos.users).toEqual([otto.id]);
      const fromSu = await createSystem(su, { name: 'from-su', host: 's', users: [uma.id] });

      const renamed = await uma.pb
        .collection('systems')
        .update<SystemRec>(fromSu.id, { name: 'renamed', port: 2222 });
      expect(renamed).toMatchObject({ id: fromSu.id, name: 'renamed', port: 2222 });
      expect(await uma.pb.collection('systems').delete(fromSu.id)).toBe(true);
      expect((await rejection(su.collection('systems').getOne(fromSu.id))).status).toBe(404);
      // Not someone else's: 404 on view, update and delete; absent from lists.
      for (const attempt of [
        () => uma.pb.collection('systems').getOne(ottos.id),
        () => uma.pb.collection('systems').update(ottos.id, { name: 'mine now' }),
        () => uma.pb.collection('systems').delete(ottos.id),
      ]) {
        const refused = await rejection(attempt());
        expect(refused.status).toBe(404);
        expect(refused.response).toEqual(NOT_FOUND);
      }
      expect(sorted(ids(await uma.pb.collection('systems').getFullList()))).toEqual(
        sorted([shared.id, own.id]),
      );
      expect((await su.collection('systems').getOne<SystemRec>(ottos.id)).name).toBe('ottos');

      // --- readonly: no create / update / delete of systems, but views shared ones.
      const roCreate = await rejection(createSystem(rita.pb, { name: 'nope', host: 'h' }));
      expect(roCreate.status).toBe(403);
      expect(roCreate.response).toEqual(forbidden('Your roles do not grant systems.create.'));
      const roUpdate = await rejection(
        rita.pb.collection('systems').update(shared.id, { name: 'x' }),
      );
      expect(roUpdate.status).toBe(403);
      expect(roUpdate.response).toEqual(forbidden('Your roles do not grant systems.edit.'));
      const roDelete = await rejection(rita.pb.collection('systems').delete(shared.id));
      expect(roDelete.status).toBe(403);
      expect(roDelete.response).toEqual(forbidden('Your roles do not grant systems.delete.'));
      // A system it cannot see is a 404 to it, as for anyone.
      expect(
        (await rejection(rita.pb.collection('systems').update(own.id, { name: 'x' }))).status,
      ).toBe(404);
      expect((await su.collection('systems').getOne<SystemRec>(shared.id)).name).toBe('shared');
      expect((await rita.pb.collection('systems').getOne<SystemRec>(shared.id)).name).toBe(
        'shared',
      );
      expect(ids(await rita.pb.collection('systems').getFullList())).toEqual([shared.id]);

      // Readonly creates its own alert on a system it can see; `user` defaults to the caller.
      const ritaAlert = await rita.pb
        .collection('alerts')
        .create<AlertRec>({ system: shared.id, name: 'cpu', value: 80 });
      expect(ritaAlert).toEqual({
        collectionId: 'pbc_alerts000001',
        collectionName: 'alerts',
        id: expect.stringMatching(ID) as unknown,
        user: rita.id,
        system: shared.id,
        name: 'cpu',
        value: 80,
        min: 0,
        triggered: false,
        created: expect.stringMatching(TIMESTAMP) as unknown,
        updated: expect.stringMatching(TIMESTAMP) as unknown,
      });
      const changed = await rita.pb
        .collection('alerts')
        .update<AlertRec>(ritaAlert.id, { value: 95, triggered: true });
      expect(changed).toMatchObject({
        id: ritaAlert.id,
        value: 95,
        triggered: true,
        user: rita.id,
      });
      // ...not on a system it cannot see (400 naming system)...
      const unseen = await rejection(
        rita.pb.collection('alerts').create({ system: ottos.id, name: 'cpu', value: 80 }),
      );
      expect(unseen.status).toBe(400);
      expect(unseen.response.data).toEqual({
        system: {
          code: 'validation_missing_rel_records',
          message: 'Failed to find all relation records with the provided ids.',
        },
      });
      const moved = await rejection(
        rita.pb.collection('alerts').update(ritaAlert.id, { system: ottos.id }),
      );
      expect(moved.status).toBe(400);
      expect(Object.keys(moved.response.data as object)).toEqual(['system']);
      // ...and not for someone else.
      const forged = await rejection(
        rita.pb.collection('alerts').create({ system: shared.id, name: 'x', user: uma.id }),
      );
      expect(forged.status).toBe(400);
      expect(Object.keys(forged.response.data as object)).toEqual(['user']);

      // Alerts are private to their owner, even on a shared system.
      const umaAlert = await uma.pb
        .collection('alerts')
        .create<AlertRec>({ system: shared.id, name: 'mem', value: 70 });
      expect(umaAlert.user).toBe(uma.id);
      expect(ids(await rita.pb.collection('alerts').getFullList())).toEqual([ritaAlert.id]);
      expect(ids(await uma.pb.collection('alerts').getFullList())).toEqual([umaAlert.id]);
      for (const attempt of [
        () => rita.pb.collection('alerts').getOne(umaAlert.id),
        () => rita.pb.collection('alerts').update(umaAlert.id, { value: 1 }),
        () => rita.pb.collection('alerts').delete(umaAlert.id),
      ]) {
        const refused = await rejection(attempt());
        expect(refused.status).toBe(404);
        expect(refused.response).toEqual(NOT_FOUND);
      }
      expect(await rita.pb.collection('alerts').delete(ritaAlert.id)).toBe(true);
      expect((await rejection(su.collection('alerts').getOne(ritaAlert.id))).status).toBe(404);

      // --- admin role: scope shared — no access to other users' systems or alerts.
      expect(await adele.pb.collection('systems').getFullList()).toEqual([]);
      expect(await adele.pb.collection('alerts').getFullList()).toEqual([]);
      for (const id of [shared.id, own.id, ottos.id]) {
        const refused = await rejection(adele.pb.collection('systems').getOne(id));
        expect(refused.status).toBe(404);
        expect(
          (await rejection(adele.pb.collection('systems').update(id, { name: 'x' }))).status,
        ).toBe(404);
      }
      const adminAlert = await rejection(
        adele.pb.collection('alerts').create({ system: shared.id, name: 'x' }),
      );
      expect(adminAlert.status).toBe(400);
      expect(Object.keys(adminAlert.response.data as object)).toEqual(['system']);
      const adeles = await createSystem(adele.pb, { name: 'adeles', host: 'a' });
      expect(adeles.users).toEqual([adele.id]);

      // --- superusers see everything.
      expect(sorted(ids(await su.collection('systems').getFullList({ sort: 'name' })))).toEqual(
        sorted([shared.id, own.id, ottos.id, adeles.id]),
      );
      expect(ids(await su.collection('alerts').getFullList())).toEqual([umaAlert.id]);
      const suUpdate = await su.collection('systems').update<SystemRec>(ottos.id, { port: 1 });
      expect(suUpdate.port).toBe(1);

      // An alert follows its system: once its owner leaves the system, the alert is out of reach.
      await su.collection('systems').update(shared.id, { 'users-': uma.id });
      expect(await uma.pb.collection('alerts').getFullList()).toEqual([]);
      expect((await rejection(uma.pb.collection('alerts').getOne(umaAlert.id))).status).toBe(404);
      expect((await su.collection('alerts').getOne<AlertRec>(umaAlert.id)).user).toBe(uma.id);

      // A role change takes effect on the next request, without signing in again.
      await su.collection('users').update(otto.id, { role: 'readonly' });
      const demoted = await rejection(createSystem(otto.pb, { name: 'later', host: 'h' }));
      expect(demoted.status).toBe(403);
      expect(demoted.response).toEqual(forbidden('Your roles do not grant systems.create.'));
      expect((await otto.pb.collection('systems').getOne<SystemRec>(ottos.id)).name).toBe('ottos');
      expect(
        (await rejection(otto.pb.collection('systems').update(ottos.id, { name: 'x' }))).status,
      ).toBe(403);
      await su.collection('users').update(rita.id, { role: 'user' });
      const promoted = await createSystem(rita.pb, { name: 'ritas', host: 'r' });
      expect(promoted.users).toEqual([rita.id]);

      // --- guests, as PocketBase's rules: lists are empty, records absent (404); a create needs
      // a signed-in caller (401).
      const guest = client();
      for (const collection of ['systems', 'alerts']) {
        expect(await guest.collection(collection).getList(1, 20)).toEqual({
          page: 1,
          perPage: 20,
          totalItems: 0,
          totalPages: 0,
          items: [],
        });
      }
      for (const attempt of [
        () => guest.collection('systems').getOne(shared.id),
        () => guest.collection('systems').update(shared.id, { name: 'g' }),
        () => guest.collection('systems').delete(shared.id),
      ]) {
        const refused = await rejection(attempt());
        expect(refused.status).toBe(404);
        expect(refused.response).toEqual(NOT_FOUND);
      }
      for (const attempt of [
        () => guest.collection('systems').create({ name: 'g', host: 'g' }),
        () => guest.collection('alerts').create({ system: shared.id, name: 'g' }),
      ]) {
        const refused = await rejection(attempt());
        expect(refused.status).toBe(401);
        expect(refused.response).toEqual(UNAUTHORIZED);
      }
      expect((await su.collection('systems').getOne<SystemRec>(shared.id)).name).toBe('shared');
    });

    it('deletes a user (a given confirm must match), removing them from every share and keeping the systems', async () => {
      const uma = await account('uma', 'user');
      const otto = await account('otto', 'user');
      const both = await createSystem(su, { name: 'both', host: 'h', users: [otto.id, uma.id] });
      const solo = await createSystem(otto.pb, { name: 'solo', host: 'h' });
      expect(solo.users).toEqual([otto.id]);
      const umaOnly = await createSystem(uma.pb, { name: 'uma-only', host: 'h' });
      const ottoAlert = await otto.pb
        .collection('alerts')
        .create<AlertRec>({ system: both.id, name: 'cpu' });
      const umaAlert = await uma.pb
        .collection('alerts')
        .create<AlertRec>({ system: both.id, name: 'cpu' });

      const users = su.collection('users');
      const wrong = await rejection(users.delete(otto.id, { query: { confirm: uma.email } }));
      expect(wrong.status).toBe(400);
      expect(Object.keys(wrong.response.data as object)).toEqual(['confirm']);
      // Nothing changed.
      expect((await users.getOne<UserRec>(otto.id)).email).toBe(otto.email);
      expect((await su.collection('systems').getOne<SystemRec>(both.id)).users).toEqual([
        otto.id,
        uma.id,
      ]);
      // Another user cannot delete them, even with the confirmation.
      expect(
        (
          await rejection(
            uma.pb.collection('users').delete(otto.id, { query: { confirm: otto.email } }),
          )
        ).status,
      ).toBe(404);

      expect(await users.delete(otto.id, { query: { confirm: otto.email } })).toBe(true);

      const gone = await rejection(users.getOne(otto.id));
      expect(gone.status).toBe(404);
      expect(gone.response).toEqual(NOT_FOUND);
      // Removed from every system's users; no system was deleted.
      const all = await su.collection('systems').getFullList<SystemRec>({ sort: 'name' });
      expect(all.map((s) => [s.name, s.users])).toEqual([
        ['both', [uma.id]],
        ['solo', []],
        ['uma-only', [uma.id]],
      ]);
      expect(ids(all)).toEqual([both.id, solo.id, umaOnly.id]);
      // The orphaned system stays reachable by superusers; its own alerts went with the user.
      expect((await su.collection('systems').getOne<SystemRec>(solo.id)).users).toEqual([]);
      expect(ids(await su.collection('alerts').getFullList())).toEqual([umaAlert.id]);
      expect((await rejection(su.collection('alerts').getOne(ottoAlert.id))).status).toBe(404);
      expect(
        (await su.collection('systems').getFullList({ filter: `users.id ?= '${otto.id}'` })).length,
      ).toBe(0);
      // The remaining member still works on the shared system; the deleted user is signed out.
      expect((await uma.pb.collection('systems').getOne<SystemRec>(both.id)).users).toEqual([
        uma.id,
      ]);
      // Their token now makes them a guest: an empty list, and no refresh.
      expect((await otto.pb.collection('systems').getList(1, 20)).totalItems).toBe(0);
      const signedOut = await rejection(otto.pb.collection('users').authRefresh());
      expect(signedOut.status).toBe(401);
      const again = await rejection(
        client().collection('users').authWithPassword(otto.email, otto.password),
      );
      expect(again.status).toBe(400);
      // Deleting them again is a 404.
      expect(
        (await rejection(users.delete(otto.id, { query: { confirm: otto.email } }))).status,
      ).toBe(404);
    });

    it('refuses a bad filter with a 400 naming filter and the position', async () => {
      const uma = await account('uma', 'user');
      await createSystem(uma.pb, { name: 'one', host: 'h' });
      const systems = uma.pb.collection('systems');

      for (const filter of [
        "name = 'unterminated",
        "name = 'a' &&",
        "(name = 'a'",
        "name === 'a'",
        'nosuchfield = 1',
        "users.nosuch ?= 'x'",
        "passwordHash = 'x'",
      ]) {
        const bad = await rejection(systems.getList(1, 20, { filter }));
        expect(bad.status, filter).toBe(400);
        expect(bad.response.status, filter).toBe(400);
        expect(Object.keys(bad.response.data as object), filter).toEqual(['filter']);
        const detail = (bad.response.data as { filter: { code: string; message: string } }).filter;
        expect(detail.code, filter).toBe('validation_invalid_filter');
        expect(detail.message, filter).toMatch(/position \d+/);
      }
      // Also through getFullList and on the users collection (the seed's script).
      const viaFull = await rejection(systems.getFullList({ filter: "name = 'a" }));
      expect(viaFull.status).toBe(400);
      expect(viaFull.response.data).toHaveProperty('filter');
      const onUsers = await rejection(
        su.collection('users').getFullList({ filter: "email='a@example.com'||passwordHash='x'" }),
      );
      expect(onUsers.status).toBe(400);
      expect(onUsers.response.data).toHaveProperty('filter');
      // A bad sort is a 400 naming sort.
      const badSort = await rejection(systems.getList(1, 20, { sort: '-nosuch' }));
      expect(badSort.status).toBe(400);
      expect(Object.keys(badSort.response.data as object)).toEqual(['sort']);
    });
  });
}
