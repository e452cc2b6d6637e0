// The official `pocketbase` SDK, unmodified, against a listening Gatehouse: the filter and sort
// behaviours of issue 13 as an app sees them — pb.filter() parameters, JSON paths, column-vs-column
// and text-vs-column `~`, `\` as LIKE's escape, number = null, a multiple relation as its stored
// text, :each/:length, strftime(), @collection joins, PocketBase's 403 for @request./@collection.
// from non-superusers, relation/JSON/@rowid sorts and a positioned 400 — on both databases.
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DIALECTS, startTestServer } from '../harness.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

interface Named {
  id: string;
  name: string;
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
  describe(`pocketbase SDK: filters and sorts as PocketBase answers them (${dialect})`, () => {
    let server: TestServer;
    let su: PocketBase;
    let ann: PocketBase;
    let annId = '';
    let bobId = '';

    const client = () => {
      const pb = new PocketBase(server.url);
      pb.autoCancellation(false);
      return pb;
    };
    const names = async (pb: PocketBase, collection: string, filter: string, sort = 'name') =>
      (await pb.collection(collection).getFullList<Named>({ filter, sort })).map((r) => r.name);

    beforeAll(async () => {
      server = await startTestServer(dialect, {
        initialUser: { email: ADMIN.email, password: ADMIN.password },
      });
      su = client();
      await su.collection('_superusers').authWithPassword(ADMIN.email, ADMIN.password);
      const user = async (name: string) => {
        const email = `${name}@example.com`;
        const password = `${name}-secret-pass`;
        const created = await su
          .collection('users')
          .create<Named>({ email, password, passwordConfirm: password, name });
        return { id: created.id, email, password };
      };
      const a = await user('ann');
      annId = a.id;
      bobId = (await user('bob')).id;
      ann = client();
      await ann.collection('users').authWithPassword(a.email, a.password);
      const systems = su.collection('systems');
      await systems.create({
        name: 'alpha',
        host: 'alpha.example.com',
        port: 22,
        info: { cpu: 91, os: 'linux' },
        users: [annId, bobId],
      });
      await systems.create({
        name: 'beta',
        host: '50% off',
        port: 0,
        info: { cpu: 'high' },
        users: [annId],
      });
      await systems.create({
        name: 'gamma',
        host: "it's",
        port: 443,
        info: { cpu: 12.5 },
        users: [],
      });
      const alpha = await systems.getFirstListItem<Named>('name = "alpha"');
      const beta = await systems.getFirstListItem<Named>('name = "beta"');
      await su
        .collection('alerts')
        .create({ user: annId, system: beta.id, name: 'disk', value: 10 });
      await su
        .collection('alerts')
        .create({ user: annId, system: alpha.id, name: 'cpu', value: 90 });
    });
    afterAll(async () => {
      await server.close();
    });

    it('binds pb.filter() parameters the way the SDK quotes them', async () => {
      expect(await names(su, 'systems', su.filter('host = {:host}', { host: "it's" }))).toEqual([
        'gamma',
      ]);
      expect(
        await names(
          su,
          'systems',
          su.filter('port >= {:min} && name != {:none}', { min: 22, none: null }),
        ),
      ).toEqual(['alpha', 'gamma']);
    });

    it('reads JSON fields by path, numbers and text in SQLite order', async () => {
      expect(await names(su, 'systems', 'info.cpu > 80')).toEqual(['alpha', 'beta']);
      expect(await names(su, 'systems', "info.os = 'linux'")).toEqual(['alpha']);
      expect(await names(su, 'systems', 'info.missing = null')).toEqual(['alpha', 'beta', 'gamma']);
      const sorted = await su.collection('systems').getFullList<Named>({ sort: '-info.cpu' });
      expect(sorted.map((r) => r.name)).toEqual(['beta', 'alpha', 'gamma']);
    });

    it('compares columns with ~ and puts the column on the right of a text', async () => {
      expect(await names(su, 'systems', 'host ~ name')).toEqual(['alpha']);
      expect(await names(su, 'systems', "'the beta release' ~ name")).toEqual(['beta']);
      expect(await names(su, 'systems', 'host !~ name')).toEqual(['beta', 'gamma']);
    });

    it("uses \\ as LIKE's escape: \\% is a literal %", async () => {
      expect(await names(su, 'systems', String.raw`host ~ '50\%'`)).toEqual(['beta']);
      expect(await names(su, 'systems', "host ~ '%!%'")).toEqual([]);
    });

    it('does not match 0 with null', async () => {
      expect(await names(su, 'systems', 'port = null')).toEqual([]);
      expect(await names(su, 'systems', 'port != null')).toEqual(['alpha', 'beta', 'gamma']);
    });

    it('reads a multiple relation as its stored text, and its items with :each', async () => {
      expect(await names(su, 'systems', `users = '${annId}'`)).toEqual([]);
      expect(await names(su, 'systems', `users ~ '${annId}'`)).toEqual(['alpha', 'beta']);
      expect(await names(su, 'systems', `users:each ?= '${bobId}'`)).toEqual(['alpha']);
      expect(await names(su, 'systems', `users:each = '${annId}'`)).toEqual(['beta']);
      expect(await names(su, 'systems', 'users:length = 0')).toEqual(['gamma']);
    });

    it('formats dates with strftime()', async () => {
      const year = String(new Date().getUTCFullYear());
      expect(await names(su, 'systems', `strftime('%Y', created) = '${year}'`)).toEqual([
        'alpha',
        'beta',
        'gamma',
      ]);
    });

    it('joins @collection for superusers and refuses @request./@collection. to others with a 403', async () => {
      expect(
        await names(
          su,
          'alerts',
          '@collection.systems.name ?= system.name && @collection.systems.port ?> 20',
        ),
      ).toEqual(['cpu']);
      expect(await names(su, 'systems', "@request.auth.collectionName = '_superusers'")).toEqual([
        'alpha',
        'beta',
        'gamma',
      ]);
      const refused = await rejection(
        ann.collection('systems').getList(1, 10, { filter: "@request.auth.id != ''" }),
      );
      expect(refused.status).toBe(403);
      expect(refused.response).toEqual({
        status: 403,
        message: 'Only superusers can filter by @request.',
        data: {},
      });
      const sorted = await rejection(
        ann.collection('systems').getList(1, 10, { sort: '@collection.systems.name' }),
      );
      expect(sorted.response).toEqual({
        status: 403,
        message: 'Only superusers can filter by @collection.',
        data: {},
      });
    });

    it('sorts by a relation path and by @rowid', async () => {
      const alerts = await su.collection('alerts').getFullList<Named>({ sort: '-system.name' });
      expect(alerts.map((r) => r.name)).toEqual(['disk', 'cpu']);
      const byRow = await su.collection('systems').getFullList<Named>({ sort: '-@rowid' });
      expect(byRow.map((r) => r.name)).toEqual(['gamma', 'beta', 'alpha']);
      const mine = await ann.collection('alerts').getFullList<Named>({ sort: 'system.name' });
      expect(mine.map((r) => r.name)).toEqual(['cpu', 'disk']);
    });

    it('answers a bad filter with a 400 that says where', async () => {
      const bad = await rejection(su.collection('systems').getList(1, 10, { filter: "name = 'x" }));
      expect(bad.status).toBe(400);
      expect(bad.response.message).toBe('Unterminated string starting at position 7.');
      const unknown = await rejection(
        su.collection('systems').getList(1, 10, { filter: 'info.cpu:each = 1' }),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.response.message).toMatch(/^Invalid filter at position 0: /);
    });
  });
}
