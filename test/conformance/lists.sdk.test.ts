// The official `pocketbase` SDK, unmodified, against a listening Gatehouse: list semantics as the
// monitoring hub's frontend uses them — getList(0, 2000), getFullList with a batch above 1000 —
// expand and fields (with :excerpt and JSON keys) on getOne and on authWithPassword/authRefresh,
// a guest's empty list and 404, and a superuser deleting a user without ?confirm= (issue 13).
import PocketBase, { ClientResponseError, type RecordModel } from 'pocketbase';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { nowTimestamp } from '../../src/lib/time.js';
import { insertRow } from '../../src/records/records.repo.js';
import { ADMIN, DIALECTS, startTestServer } from '../harness.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

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

const NOT_FOUND = { status: 404, message: "The requested resource wasn't found.", data: {} };

for (const dialect of DIALECTS) {
  describe(`pocketbase SDK: lists, expand, fields and statuses (${dialect})`, () => {
    let server: TestServer;
    let su: PocketBase;

    beforeEach(async () => {
      server = await startTestServer(dialect, {
        initialUser: { email: ADMIN.email, password: ADMIN.password },
      });
      su = client();
      await su.collection('_superusers').authWithPassword(ADMIN.email, ADMIN.password);
    });
    afterEach(async () => {
      await server.close();
    });

    function client(): PocketBase {
      const pb = new PocketBase(server.url);
      pb.autoCancellation(false);
      return pb;
    }

    /** A user of `role` created by the superuser, signed in on its own client. */
    async function account(name: string, role: string, extra: Record<string, unknown> = {}) {
      const email = `${name}@example.com`;
      const password = `${name}-secret-pass`;
      const created = await su
        .collection('users')
        .create({ email, password, passwordConfirm: password, name, role, ...extra });
      const pb = client();
      await pb.collection('users').authWithPassword(email, password);
      return { id: created.id, email, password, pb };
    }

    /** `count` systems written straight to the database (the API would take too long for 1205). */
    async function seedSystems(count: number) {
      const now = nowTimestamp();
      await server.services.db.transaction().execute(async (tx) => {
        for (let i = 0; i < count; i++) {
          await insertRow(tx, 'systems', {
            id: newId(),
            name: `bulk-${String(i).padStart(4, '0')}`,
            host: 'h',
            port: 0,
            status: '',
            info: null,
            created: now,
            updated: now,
          });
        }
      });
    }

    it('answers getList(0, 2000) with page 1 of 1000, and getFullList with any batch', async () => {
      await seedSystems(1205);
      const systems = su.collection<RecordModel & { name: string }>('systems');
      // As the monitoring hub's frontend calls it.
      const first = await systems.getList(0, 2000, { sort: 'name' });
      expect(first).toMatchObject({ page: 1, perPage: 1000, totalItems: 1205, totalPages: 2 });
      expect(first.items).toHaveLength(1000);
      expect(first.items[0]?.name).toBe('bulk-0000');
      const second = await systems.getList(2, 2000, { sort: 'name' });
      expect(second.items.map((s) => s.name)).toEqual(
        Array.from({ length: 205 }, (_, i) => `bulk-${String(1000 + i).padStart(4, '0')}`),
      );
      expect(await systems.getList(-5, 0)).toMatchObject({ page: 1, perPage: 30 });
      // getFullList reads pages until one is shorter than the perPage the server answered.
      for (const batch of [2000, 1000, 500, 7]) {
        const all = await systems.getFullList({ batch, sort: '-name', fields: 'name' });
        expect(all, String(batch)).toHaveLength(1205);
        expect(new Set(all.map((s) => s.name)).size).toBe(1205);
        expect(all[0]).toEqual({ name: 'bulk-1204' });
      }
    }, 60_000);

    it('honours expand and fields (:excerpt, JSON keys, wildcards) on getOne and getList', async () => {
      const uma = await account('uma', 'user');
      const otto = await account('otto', 'user');
      const system = await su.collection('systems').create({
        name: 'monitoring',
        host: '10.0.0.9',
        users: [uma.id, otto.id],
        info: { cpu: 91.5, kernel: '6.1', notes: '<h1>Disk</h1><p>almost   <em>full</em></p>' },
      });
      const alert = await uma.pb.collection('alerts').create({ system: system.id, name: 'disk' });

      const one = await su.collection('systems').getOne(system.id, {
        expand: 'users,alerts_via_system,nosuch',
        fields:
          'id,name:excerpt(4,true),info.cpu,info.notes:excerpt(15),expand.users.email,expand.alerts_via_system.*',
      });
      expect(one).toEqual({
        id: system.id,
        name: 'moni...',
        info: { cpu: 91.5, notes: 'Disk almost ful' },
        expand: {
          users: [{ email: uma.email }, { email: otto.email }],
          alerts_via_system: [expect.objectContaining({ id: alert.id, name: 'disk' }) as unknown],
        },
      });
      // A member's nested expand reaches only what they may view; an unknown path is ignored.
      const mine = await uma.pb.collection('alerts').getList(1, 10, {
        expand: 'system.users,user.nosuch',
        fields: 'name,expand.system.name,expand.system.expand.users.id',
      });
      expect(mine.items).toEqual([
        {
          name: 'disk',
          expand: { system: { name: 'monitoring', expand: { users: [{ id: uma.id }] } } },
        },
      ]);
      // A valid expand that finds nothing still gives the record an expand object.
      const bare = await su.collection('systems').create({ name: 'bare', host: 'h' });
      expect((await su.collection('systems').getOne(bare.id, { expand: 'users' })).expand).toEqual(
        {},
      );
      // A bad modifier is a 400 naming fields.
      const bad = await rejection(
        su.collection('systems').getOne(system.id, { fields: 'name:excerpt(zero)' }),
      );
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.response.data as object)).toEqual(['fields']);
    });

    it('honours expand and fields on authWithPassword and authRefresh', async () => {
      const group = await su.collection('groups').create({ name: 'Operators' });
      const adele = await account('adele', 'admin', { groups: [group.id] });
      const pb = client();
      const auth = await pb.collection('users').authWithPassword(adele.email, adele.password, {
        expand: 'groups',
        fields: 'token,record.id,record.email,record.expand.groups.name',
      });
      expect(auth.record).toEqual({
        id: adele.id,
        email: adele.email,
        expand: { groups: [{ name: 'Operators' }] },
      });
      expect(pb.authStore.isValid).toBe(true);
      expect(pb.authStore.record?.id).toBe(adele.id);
      const refreshed = await pb.collection('users').authRefresh({
        expand: 'groups',
        fields: 'record.expand.groups.id,token',
      });
      expect(refreshed.record).toEqual({ expand: { groups: [{ id: group.id }] } });
      expect(typeof refreshed.token).toBe('string');
      // The token still works after the picked answer was stored.
      expect((await pb.collection('users').getOne<RecordModel>(adele.id)).email).toBe(adele.email);
      // A plain user cannot view groups: expanded as themselves, they get an empty expand.
      const uma = await account('uma', 'user', { groups: [group.id] });
      const umaAuth = await client()
        .collection('users')
        .authWithPassword(uma.email, uma.password, { expand: 'groups' });
      expect(umaAuth.record.groups).toEqual([group.id]);
      expect(umaAuth.record.expand).toEqual({});
    });

    it('gives a guest an empty list and a 404, as PocketBase rules do', async () => {
      const uma = await account('uma', 'user');
      const system = await uma.pb.collection('systems').create({ name: 'private', host: 'h' });
      const guest = client();
      expect(await guest.collection('systems').getList(0, 2000)).toEqual({
        page: 1,
        perPage: 1000,
        totalItems: 0,
        totalPages: 0,
        items: [],
      });
      expect(await guest.collection('systems').getFullList()).toEqual([]);
      expect(await guest.collection('users').getFullList()).toEqual([]);
      const view = await rejection(guest.collection('systems').getOne(system.id));
      expect(view.status).toBe(404);
      expect(view.response).toEqual(NOT_FOUND);
      const first = await rejection(guest.collection('systems').getFirstListItem("name='private'"));
      expect(first.status).toBe(404);
      // Superuser-only collections stay a 403, and a refresh without a token a 401.
      expect((await rejection(guest.collection('_superusers').getList())).status).toBe(403);
      expect((await rejection(guest.collection('users').authRefresh())).status).toBe(401);
    });

    it('lets a superuser delete a user without confirm, as PocketBase', async () => {
      const otto = await account('otto', 'user');
      const uma = await account('uma', 'user');
      const shared = await su
        .collection('systems')
        .create({ name: 'shared', host: 'h', users: [otto.id, uma.id] });
      expect(await su.collection('users').delete(otto.id)).toBe(true);
      expect((await rejection(su.collection('users').getOne(otto.id))).status).toBe(404);
      expect((await su.collection('systems').getOne(shared.id)).users).toEqual([uma.id]);
      // A script's ?confirm= must still name the user.
      const wrong = await rejection(
        su.collection('users').delete(uma.id, { query: { confirm: 'someone@example.com' } }),
      );
      expect(wrong.status).toBe(400);
      expect(Object.keys(wrong.response.data as object)).toEqual(['confirm']);
      expect(await su.collection('users').delete(uma.id, { query: { confirm: uma.email } })).toBe(
        true,
      );
      // An administrator with admin.users.manage needs no confirm either.
      const adele = await account('adele', 'admin');
      const rita = await account('rita', 'readonly');
      expect(await adele.pb.collection('users').delete(rita.id)).toBe(true);
      const audit = await server.services.db
        .selectFrom('audit_log')
        .select(['actorEmail', 'targetId'])
        .where('action', '=', 'user.delete')
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([
        { actorEmail: ADMIN.email, targetId: otto.id },
        { actorEmail: ADMIN.email, targetId: uma.id },
        { actorEmail: adele.email, targetId: rita.id },
      ]);
    });
  });
}
