// The official `pocketbase` SDK, unmodified, sending record bodies as multipart/form-data: a
// FormData passed by the caller, an object holding a Blob (which the SDK turns into FormData with
// `@jsonPayload` parts), relation modifiers in FormData, and the users collection.
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, DIALECTS, startTestServer } from '../harness.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

interface SystemRec {
  id: string;
  name: string;
  host: string;
  port: number;
  status: string;
  info: unknown;
  users: string[];
  groups: string[];
}

interface UserRec {
  id: string;
  email: string;
  name: string;
  verified: boolean;
  emailVisibility: boolean;
  groups: string[];
}

async function rejection(promise: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientResponseError) return error;
    throw error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

for (const dialect of DIALECTS) {
  describe(`pocketbase SDK: multipart/form-data record bodies (${dialect})`, () => {
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

    async function user(name: string): Promise<{ id: string; pb: PocketBase }> {
      const email = `${name}@example.com`;
      const password = `${name}-secret-pass`;
      const created = await su
        .collection('users')
        .create<UserRec>({ email, password, passwordConfirm: password, name, role: 'user' });
      const pb = new PocketBase(server.url);
      pb.autoCancellation(false);
      await pb.collection('users').authWithPassword(email, password);
      return { id: created.id, pb };
    }

    it("creates a record from the caller's FormData: plain fields typed by their field, @jsonPayload merged", async () => {
      const ann = await user('ann');
      const form = new FormData();
      form.append('name', 'web-1');
      form.append('host', '10.0.0.1');
      form.append('port', '8080');
      form.append('status', 'up');
      // The values the SDK itself puts in @jsonPayload: objects and arrays keep their JSON types.
      form.append('@jsonPayload', JSON.stringify({ info: { cpu: 80, tags: ['a'] } }));
      form.append('@jsonPayload', JSON.stringify({ users: [ann.id] }));
      const created = await su.collection('systems').create<SystemRec>(form);
      expect(created).toMatchObject({
        name: 'web-1',
        host: '10.0.0.1',
        port: 8080,
        status: 'up',
        info: { cpu: 80, tags: ['a'] },
        users: [ann.id],
        groups: [],
      });
      // Stored as typed, and visible to the member it names.
      expect(await ann.pb.collection('systems').getOne<SystemRec>(created.id)).toMatchObject({
        port: 8080,
        info: { cpu: 80, tags: ['a'] },
      });
    });

    it('answers 400 naming the field when a Blob is sent for a field that is not a file field', async () => {
      // The SDK sees the Blob, switches to FormData and sends `host` as a file part.
      const error = await rejection(
        su.collection('systems').create({ name: 'web-2', host: new Blob(['10.0.0.2']) }),
      );
      expect(error.status).toBe(400);
      expect(Object.keys(error.response.data as object)).toEqual(['host']);
      expect(error.response.data).toMatchObject({
        host: { code: 'validation_not_a_file_field' },
      });
      // A Blob under a key that is no field at all is named too.
      const other = await rejection(
        su
          .collection('systems')
          .create({ name: 'web-3', host: 'h', users: [], avatar: new Blob(['x']) }),
      );
      expect(other.status).toBe(400);
      expect(Object.keys(other.response.data as object)).toEqual(['avatar']);
      // Nothing was written.
      expect(await su.collection('systems').getFullList()).toEqual([]);
    });

    it('updates with FormData holding relation modifiers (users+, users-), as with JSON', async () => {
      const [ann, bob] = [await user('ann'), await user('bob')];
      const system = await su
        .collection('systems')
        .create<SystemRec>({ name: 'db-1', host: '10.0.0.9', users: [ann.id] });
      const add = new FormData();
      add.append('users+', bob.id);
      add.append('port', '5432');
      const added = await su.collection('systems').update<SystemRec>(system.id, add);
      expect(added.users).toEqual([ann.id, bob.id]);
      expect(added.port).toBe(5432);
      expect((await bob.pb.collection('systems').getOne<SystemRec>(system.id)).id).toBe(system.id);

      const remove = new FormData();
      remove.append('users-', ann.id);
      const removed = await su.collection('systems').update<SystemRec>(system.id, remove);
      expect(removed.users).toEqual([bob.id]);

      // Repeated names set a multiple relation to every value, in order.
      const both = new FormData();
      both.append('users', bob.id);
      both.append('users', ann.id);
      expect((await su.collection('systems').update<SystemRec>(system.id, both)).users).toEqual([
        bob.id,
        ann.id,
      ]);
    });

    it('creates and updates users (the users service) from FormData', async () => {
      const form = new FormData();
      form.append('email', 'carol@example.com');
      form.append('password', 'carol-secret-pass');
      form.append('passwordConfirm', 'carol-secret-pass');
      form.append('name', 'Carol');
      form.append('verified', 'true');
      form.append('emailVisibility', 'false');
      const carol = await su.collection('users').create<UserRec>(form);
      expect(carol).toMatchObject({
        email: 'carol@example.com',
        name: 'Carol',
        verified: true,
        emailVisibility: false,
      });
      const pb = new PocketBase(server.url);
      await pb.collection('users').authWithPassword('carol@example.com', 'carol-secret-pass');
      const rename = new FormData();
      rename.append('name', '1234');
      const renamed = await pb.collection('users').update<UserRec>(carol.id, rename);
      // A numeric-looking text stays the text it was ("1234", not the number 1234).
      expect(renamed.name).toBe('1234');

      // A wrong type on the users service's own fields is a 400 naming them, as with JSON.
      const bad = new FormData();
      bad.append('verified', 'maybe');
      const error = await rejection(su.collection('users').update(carol.id, bad));
      expect(error.status).toBe(400);
      expect(Object.keys(error.response.data as object)).toEqual(['verified']);
    });
  });
}
