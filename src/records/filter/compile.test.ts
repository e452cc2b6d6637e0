import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../../test/harness.js';

for (const dialect of DIALECTS) {
  describe(`filter → SQL (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    const ids: Record<string, string> = {};
    let ann: { id: string; token: string };
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const annId = await createUser(t, su, {
        email: 'ann@example.com',
        password: 'ann-password-1',
        name: 'Ann',
      });
      const bobId = await createUser(t, su, { email: 'bob@example.com', name: 'Bob' });
      ann = {
        id: annId,
        token: (await signIn(t, 'users', 'ann@example.com', 'ann-password-1')).token,
      };
      const systems: [string, object][] = [
        [
          'alpha',
          {
            host: 'a.example.com',
            port: 22,
            status: 'up',
            users: [annId, bobId],
            info: { os: 'linux' },
          },
        ],
        ['beta', { host: "o'brien_%", port: 80, status: 'down', users: [annId] }],
        ['gamma', { host: 'G.EXAMPLE.COM', port: 0, status: '', users: [] }],
        ['delta', { host: "x' OR '1'='1", port: 443, status: 'up', users: [bobId] }],
      ];
      for (const [name, fields] of systems) {
        const res = await t.request({
          method: 'POST',
          url: '/api/collections/systems/records',
          token: su,
          payload: { name, ...fields },
        });
        ids[name] = res.json<{ id: string }>().id;
      }
      await t.request({
        method: 'POST',
        url: '/api/collections/alerts/records',
        token: su,
        payload: { user: annId, system: ids.alpha, name: 'cpu', value: 90, triggered: true },
      });
      await t.request({
        method: 'POST',
        url: '/api/collections/alerts/records',
        token: su,
        payload: { user: annId, system: ids.beta, name: 'disk', value: 10 },
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const names = async (filter: string, collection = 'systems', token = su) => {
      const res = await t.request({
        method: 'GET',
        url: `/api/collections/${collection}/records?perPage=100&sort=name&filter=${encodeURIComponent(filter)}`,
        token,
      });
      expect(res.statusCode, `${filter}: ${res.body}`).toBe(200);
      return res.json<{ items: { name: string }[] }>().items.map((i) => i.name);
    };

    it.each([
      ["name = 'alpha'", ['alpha']],
      ["name != 'alpha'", ['beta', 'delta', 'gamma']],
      ['port > 22', ['beta', 'delta']],
      ['port >= 22 && port < 443', ['alpha', 'beta']],
      ["port = 22 || (status = 'down' && port = 80)", ['alpha', 'beta']],
      ["host ~ 'example'", ['alpha', 'gamma']],
      ["host ~ 'EXAMPLE.com'", ['alpha', 'gamma']],
      ["host !~ 'example'", ['beta', 'delta']],
      ["host ~ 'a.%.com'", ['alpha']],
      ["host ~ 'brien_'", ['beta']],
      ['host = "o\'brien_%"', ['beta']],
      ["host = 'x\\' OR \\'1\\'=\\'1'", ['delta']],
      ["status = ''", ['gamma']],
      ['status = null', ['gamma']],
      ['status != null', ['alpha', 'beta', 'delta']],
      ["port = '80'", ['beta']],
      ["info ~ 'linux'", ['alpha']],
      ["created <= @now && created > '2000-01-01'", ['alpha', 'beta', 'delta', 'gamma']],
    ])('%s', async (filter, expected) => {
      expect(await names(filter)).toEqual(expected);
    });

    it('applies any-of and all-of semantics to multi-valued relations', async () => {
      expect(await names(`users.id ?= '${ann.id}'`)).toEqual(['alpha', 'beta']);
      expect(await names(`users:each ?= '${ann.id}'`)).toEqual(['alpha', 'beta']);
      // As PocketBase: the field itself is its stored text, a JSON array of ids.
      expect(await names(`users ?= '${ann.id}'`)).toEqual([]);
      expect(await names(`users ~ '${ann.id}'`)).toEqual(['alpha', 'beta']);
      // All-of: every member matches (and there is at least one).
      expect(await names(`users.id = '${ann.id}'`)).toEqual(['beta']);
      // PocketBase reads an empty relation as one missing (NULL) row, and NULL IS NOT 'x' is true.
      expect(await names(`users.id ?!= '${ann.id}'`)).toEqual(['alpha', 'delta', 'gamma']);
      expect(await names("users.name ?~ 'bo'")).toEqual(['alpha', 'delta']);
      expect(await names('users:length = 0')).toEqual(['gamma']);
      expect(await names('users:length >= 2')).toEqual(['alpha']);
    });

    it('follows single relations and back-relations', async () => {
      expect(await names("system.name = 'alpha'", 'alerts')).toEqual(['cpu']);
      expect(await names("system.users.email ?= 'bob@example.com'", 'alerts')).toEqual(['cpu']);
      expect(await names('alerts_via_system.value ?> 50')).toEqual(['alpha']);
      expect(await names('alerts_via_system.triggered ?= true')).toEqual(['alpha']);
      expect(await names('triggered = false', 'alerts')).toEqual(['disk']);
      expect(await names("name:lower = 'alpha'")).toEqual(['alpha']);
    });

    it('resolves @request.auth for superusers, and refuses it to others (403, as PocketBase)', async () => {
      expect(await names("@request.auth.email = 'admin@example.com'")).toEqual([
        'alpha',
        'beta',
        'delta',
        'gamma',
      ]);
      expect(await names('users.id ?= @request.auth.id')).toEqual([]);
      const res = await t.request({
        method: 'GET',
        url: `/api/collections/alerts/records?filter=${encodeURIComponent("user = @request.auth.id && system.name = 'beta'")}`,
        token: ann.token,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({
        status: 403,
        message: 'Only superusers can filter by @request.',
        data: {},
      });
    });

    it('stores and matches hostile strings literally (parameterised SQL)', async () => {
      const hostile = `'); DROP TABLE systems; --`;
      const res = await t.request({
        method: 'POST',
        url: '/api/collections/systems/records',
        token: su,
        payload: { name: 'evil', host: hostile },
      });
      expect(res.statusCode).toBe(200);
      expect(await names(`host = "${hostile.replace(/"/g, '\\"')}"`)).toEqual(['evil']);
      expect(await names(`host ~ "DROP TABLE"`)).toEqual(['evil']);
      expect((await names('port >= 0')).length).toBe(5);
    });

    it.each([
      ["name = 'x' &&", /position 13/],
      ['bogus = 1', /unknown field "bogus"/],
      ["name.first = 'x'", /not a relation/],
      ['users:isset = 1', /":isset" applies to @request.body fields only/],
      ['name:length = 1', /":length" applies to relation and select fields/],
      ["strftime('%Q', created) = 1", /"%Q" is not supported/],
      ['nope(1) = 1', /unknown function "nope"/],
      ['alerts_via_system = 1', /names records, not a value/],
    ])('refuses %s with a 400 that says where', async (filter, message) => {
      const res = await t.request({
        method: 'GET',
        url: `/api/collections/systems/records?filter=${encodeURIComponent(filter)}`,
        token: ann.token,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ message: string; data: { filter: unknown } }>().message).toMatch(message);
    });
  });
}
