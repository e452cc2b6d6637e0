// Every route, hit with malformed input by every kind of caller, answers 4xx — never 5xx.
// The routes are read from the app itself, so a new route is fuzzed without being listed here.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, type CollectionDef, type FieldDef } from '../src/catalogue/collections.js';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from './harness.js';

interface Route {
  method: string;
  /** Fastify's pattern, e.g. /api/collections/:collection/records/:id */
  url: string;
}

/** Every route of `app`, read from Fastify's route tree (HEAD, which mirrors GET, left out). */
function routesOf(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const path: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    path.length = depth;
    path.push(match[2] ?? '');
    const url = path.join('').replace(/\/{2,}/g, '/');
    for (const method of (match[3] ?? '').split(', ')) {
      if (method && method !== 'HEAD') routes.push({ method, url });
    }
  }
  return routes;
}

const hasBody = (method: string) => method === 'POST' || method === 'PATCH' || method === 'PUT';

/** A JSON text nested `depth` levels (built as text: JSON.stringify itself would overflow). */
const deepArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObjects = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

/** Bodies that are wrong as a whole, sent to every route with a body. */
const BODIES: { payload: string | Buffer; type?: string; label: string }[] = [
  { label: 'empty', payload: '', type: 'application/json' },
  { label: 'null', payload: 'null', type: 'application/json' },
  { label: 'array', payload: '[]', type: 'application/json' },
  { label: 'string', payload: '"text"', type: 'application/json' },
  { label: 'number', payload: '12', type: 'application/json' },
  { label: 'truncated', payload: '{"a":', type: 'application/json' },
  {
    label: 'wrong types',
    payload: '{"email":{"$gt":""},"password":[1],"identity":null,"otpId":{},"name":1e999}',
    type: 'application/json',
  },
  {
    label: 'wrong section types',
    payload: JSON.stringify({ auth: { lockout: null }, console: 'x', role: ['admin'], status: {} }),
    type: 'application/json',
  },
  {
    label: 'prototype keys',
    payload: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
    type: 'application/json',
  },
  {
    label: 'nested prototype keys',
    payload:
      '{"info":{"__proto__":{"polluted":true}},"permissions":{"constructor":{"prototype":1}}}',
    type: 'application/json',
  },
  {
    label: 'over the body limit',
    payload: `{"name":"${'x'.repeat(2_000_000)}"}`,
    type: 'application/json',
  },
  {
    label: 'long strings under the limit',
    payload: JSON.stringify({
      name: 'x'.repeat(250_000),
      email: `${'x'.repeat(250_000)}@example.com`,
      identity: 'x'.repeat(250_000),
      password: 'x'.repeat(250_000),
    }),
    type: 'application/json',
  },
  {
    label: 'deep arrays in a field',
    payload: `{"a":${deepArrays(10_000)}}`,
    type: 'application/json',
  },
  {
    label: 'deep json in every field',
    payload: `{${[
      'name',
      'info',
      'permissions',
      'checks',
      'auth',
      'scopes',
      'ids',
      'add',
      'body',
      'tags',
    ]
      .map((f) => `"${f}":${deepArrays(2_000)}`)
      .join(',')}}`,
    type: 'application/json',
  },
  { label: 'deep objects', payload: deepObjects(100_000), type: 'application/json' },
  { label: 'deep top-level array', payload: deepArrays(200_000), type: 'application/json' },
  {
    label: 'huge numbers',
    payload:
      '{"page":1e308,"perPage":-1e308,"level":1e999,"port":123456789012345678901234567890,' +
      '"cvss":-0,"value":1e-400,"expiresAt":1e308,"auth":{"passwordMinLength":1e308}}',
    type: 'application/json',
  },
  {
    label: 'lone surrogates',
    payload:
      '{"name":"\\ud800","email":"\\udfff@example.com","identity":"\\ud800@example.com",' +
      '"password":"\\ud800\\ud800\\ud800\\ud800\\ud800\\ud800\\ud800\\ud800","token":"\\udc00",' +
      '"otpId":"\\ud800","host":"\\ud800","scopes":["\\ud800:\\udfff"]}',
    type: 'application/json',
  },
  {
    label: 'array of objects',
    payload: '[{"name":"x","email":"a@example.com","password":"long-enough-pw"}]',
    type: 'application/json',
  },
  {
    label: 'arrays and objects swapped',
    payload: '{"auth":[1],"checks":{"a":1},"add":{"0":"x"},"ids":{"length":1},"scopes":"a:b"}',
    type: 'application/json',
  },
  {
    label: 'invalid UTF-8',
    payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    type: 'application/json',
  },
  { label: 'BOM', payload: '\ufeff{"unknownField":"x"}', type: 'application/json' },
  { label: 'utf-16 charset', payload: '{}', type: 'application/json; charset=utf-16' },
  { label: 'json suffix type', payload: '{}', type: 'application/merge-patch+json' },
  { label: 'form', payload: 'identity=a&password=b', type: 'application/x-www-form-urlencoded' },
  {
    label: 'nested form',
    payload: 'a[b][c]=1&__proto__[x]=1',
    type: 'application/x-www-form-urlencoded',
  },
  { label: 'xml', payload: '<xml/>', type: 'text/xml' },
  { label: 'text', payload: 'hello', type: 'text/plain' },
  { label: 'empty text', payload: '', type: 'text/plain' },
  { label: 'bytes', payload: Buffer.from([0, 1, 2, 255]), type: 'application/octet-stream' },
  { label: 'multipart without boundary', payload: '--x\r\n', type: 'multipart/form-data' },
  {
    label: 'multipart junk',
    payload: '--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n',
    type: 'multipart/form-data; boundary=b',
  },
  { label: 'no content type', payload: '{"unknownField":"x"}' },
];

/** Wrong values for one field at a time (JSON texts; DEEP is put in as text). */
const WRONG: [string, string][] = [
  ['null', 'null'],
  ['true', 'true'],
  ['1e999', '1e999'],
  ['huge integer', '-123456789012345678901234567890'],
  ['empty string', '""'],
  ['lone surrogates', '"\\ud800x\\udfff"'],
  ['NUL', '"a\\u0000b"'],
  ['long string', JSON.stringify('x'.repeat(100_000))],
  ['[]', '[]'],
  ['{}', '{}'],
  ['object', '{"a":[1,{"b":null}],"__x":1}'],
  ['deep', deepArrays(10_000)],
];

/** Query strings every route gets (repeated keys become arrays in Fastify's parser). */
const QUERIES = [
  '?page=1e308&perPage=99999999999999999999',
  '?page=-1&perPage=0',
  '?page=0.5&perPage=NaN',
  '?page=1&page=2&perPage=1&perPage=500',
  '?page[]=1&perPage[a]=2',
  '?sort=-created,+name,__proto__,' + 'x,'.repeat(500),
  '?sort=&filter=&expand=&fields=',
  `?filter=${encodeURIComponent('('.repeat(5_000) + "name='x'" + ')'.repeat(5_000))}`,
  `?filter=${encodeURIComponent("name='" + 'x'.repeat(50_000) + "'")}`,
  `?filter=${encodeURIComponent(Array.from({ length: 2_000 }, () => "name='x'").join(' && '))}`,
  `?filter=${encodeURIComponent("name ~ '\\ud800' || id = '%'")}`,
  `?expand=${'groups.'.repeat(200)}groups&fields=${'*,'.repeat(500)}`,
  '?__proto__[polluted]=1&constructor[prototype][x]=1&__proto__=2',
  '?cursor=zzz&limit=1e309&from=not-a-date&to=2026-13-45',
  '?cursor=-1&limit=-5&actor=%00&action=*&result[]=x',
  '?all=1&all=0&confirm=true&confirm=false&confirm=',
  '?format=../../etc/passwd&format=json',
  '?onExisting[]=update&onUnknownGroup=create&onUnknownGroup=error&invite=maybe',
  '?user=&module=&action=&record=',
  '?user=x&user=y&module=systems&action=view&record[]=1',
  '?action=error&page=99999999&perPage=1',
  `?x=${'%ED%A0%80'.repeat(10)}`,
  `?${'a=1&'.repeat(2_000)}`,
];

/** A valid value for a field, so that each fuzzed body differs from a good one in one field. */
function validValue(field: FieldDef, refs: Map<string, string>, n: number): unknown {
  switch (field.type) {
    case 'text':
      return `fuzz-${field.name}-${n}`;
    case 'number':
      return field.min ?? 1;
    case 'bool':
      return false;
    case 'email':
      return `fuzz${n}@example.com`;
    case 'url':
      return 'https://example.com/';
    case 'date':
      return '2026-01-01 00:00:00.000Z';
    case 'select':
      return field.values?.[0] ?? '';
    case 'json':
      return {};
    case 'relation': {
      const id = refs.get(field.collection ?? '');
      if (!id) return field.multiple ? [] : '';
      return field.multiple ? [id] : id;
    }
  }
}

function validRecord(collection: CollectionDef, refs: Map<string, string>, n: number) {
  const body: Record<string, unknown> = {};
  for (const field of collection.fields) {
    if (field.system || field.hidden) continue;
    if (field.required || field.type === 'relation') body[field.name] = validValue(field, refs, n);
  }
  if (collection.name === 'roles') Object.assign(body, { level: 3, permissions: {} });
  if (collection.name === 'users')
    Object.assign(body, { password: 'fuzz-password-1', passwordConfirm: 'fuzz-password-1' });
  return body;
}

/** `body` with the value at a dotted path replaced by a placeholder for a raw JSON text. */
const PLACEHOLDER = '@@WRONG@@';
function withField(body: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    at[key] = typeof next === 'object' && next !== null ? next : {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1] ?? ''] = PLACEHOLDER;
  return copy;
}
const render = (body: Record<string, unknown>, json: string) =>
  JSON.stringify(body).replace(`"${PLACEHOLDER}"`, json);

interface Failure {
  label: string;
  status: number;
  body: string;
}

/** Sends one request and records it when the answer is 5xx or not in PocketBase's error shape. */
async function probe(
  t: TestApp,
  failures: Failure[],
  label: string,
  options: Parameters<TestApp['request']>[0],
): Promise<LightMyRequestResponse> {
  const res = await t.request(options);
  let shapeOk = true;
  if (res.statusCode >= 400) {
    try {
      shapeOk = res.json<{ status?: unknown }>().status === res.statusCode;
    } catch {
      shapeOk = false;
    }
  }
  if (res.statusCode >= 500 || !shapeOk)
    failures.push({ label, status: res.statusCode, body: res.body.slice(0, 300) });
  return res;
}

const report = (failures: Failure[]) =>
  failures
    .slice(0, 30)
    .map((f) => `${f.status} ${f.label} → ${f.body}`)
    .join('\n');

for (const dialect of DIALECTS) {
  describe(`bad input (${dialect})`, () => {
    let t: TestApp;
    const tokens: Record<string, string | undefined> = {};
    let userId = '';
    let routes: Route[] = [];
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      const user = await signIn(t, 'users', ADMIN.email, ADMIN.password);
      userId = user.record.id;
      tokens.guest = undefined;
      tokens.user = user.token;
      tokens.superuser = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      tokens.garbage = 'Bearer not.a.token';
      routes = routesOf(t.app);
    });
    afterAll(async () => {
      await t.close();
    });

    /** Concrete URLs for a route pattern: a few values for each parameter. */
    const urlsOf = (pattern: string, collections: string[], ids: string[]) => {
      let urls = [pattern];
      for (const [param, values] of [
        [':collection', collections],
        [':id', ids],
        [':tokenId', ['x', ids[0] ?? 'x']],
      ] as const) {
        if (!pattern.includes(param)) continue;
        urls = urls.flatMap((url) => values.map((v) => url.replace(param, v)));
      }
      return urls;
    };

    it('finds every route in the app', () => {
      expect(routes.length).toBeGreaterThan(40);
      for (const expected of [
        'POST /api/setup',
        'POST /api/collections/:collection/auth-with-password',
        'PATCH /api/collections/:collection/records/:id',
        'POST /api/service-accounts/:id/tokens',
        'DELETE /api/service-accounts/:id/tokens/:tokenId',
        'POST /api/users/import/:id/confirm',
        'PATCH /api/settings',
        'GET /',
      ])
        expect(routes.map((r) => `${r.method} ${r.url}`)).toContain(expected);
    });

    it('never answers 5xx to a malformed body, on any route, from any caller', async () => {
      const failures: Failure[] = [];
      const junkIds = [userId, 'nope', '%00', '..%2F..', 'x'.repeat(300), "1' OR '1'='1"];
      const collections = ['users', '_superusers', 'systems', 'groups', 'roles', 'nope'];
      let checked = 0;
      const send = async (who: string, method: string, url: string, body?: (typeof BODIES)[0]) => {
        // Deleting the real account (by a superuser, or by itself: it holds admin.users.manage)
        // is a legitimate request, no ?confirm= needed as in PocketBase: not junk, and skipped
        // so that later routes still run as that user.
        const deletesUser = url.startsWith(`/api/collections/users/records/${userId}`);
        if (who !== 'guest' && who !== 'garbage' && method === 'DELETE' && deletesUser) return;
        await probe(t, failures, `${who} ${method} ${url.slice(0, 70)} ${body?.label ?? ''}`, {
          method,
          url,
          token: tokens[who],
          ...(body
            ? { payload: body.payload, headers: body.type ? { 'content-type': body.type } : {} }
            : {}),
        });
        checked += 1;
      };
      for (const route of routes) {
        if (route.url === '/api/users/import' && route.method === 'POST') continue; // below
        if (!hasBody(route.method)) {
          for (const url of urlsOf(route.url, collections, junkIds))
            for (const who of Object.keys(tokens)) await send(who, route.method, url);
          continue;
        }
        // Bodies are parsed the same whatever the id; a big one costs a few ms, so it is sent by
        // the callers that get past authentication, to a few collections.
        for (const url of urlsOf(route.url, collections, [userId, 'nope'])) {
          await send('garbage', route.method, url, BODIES[0]);
          for (const who of ['guest', 'user', 'superuser'])
            for (const body of BODIES)
              if (body.payload.length < 100_000) await send(who, route.method, url, body);
        }
        for (const url of urlsOf(route.url, ['users', 'systems', 'roles'], [userId]))
          for (const who of ['user', 'superuser'])
            for (const body of BODIES)
              if (body.payload.length >= 100_000) await send(who, route.method, url, body);
      }
      expect(checked).toBeGreaterThan(3000);
      expect(failures, report(failures)).toEqual([]);
      // Nothing of the junk was written.
      expect(
        await t.services.db.selectFrom('users').select(['email', 'kind', 'name']).execute(),
      ).toEqual([{ email: ADMIN.email, kind: 'user', name: ADMIN.name }]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }, 120_000);

    it('never answers 5xx to a malformed upload', async () => {
      const failures: Failure[] = [];
      for (const [who, token] of Object.entries(tokens)) {
        for (const body of BODIES) {
          await probe(t, failures, `${who} import ${body.label}`, {
            method: 'POST',
            url: '/api/users/import',
            token,
            payload: body.payload,
            headers: body.type ? { 'content-type': body.type } : {},
          });
        }
        for (const csv of [
          `name,email,groups\n${'"'.repeat(10_000)}`,
          `name,email,groups\n${'a,'.repeat(100_000)}\n`,
          `name,email,groups,role,password\n\ud800,\udfff@example.com,${'/'.repeat(5_000)},${'x'.repeat(10_000)},\ud800\n`,
          `${'x,'.repeat(10_000)}email\na@example.com\n`,
          'name,email,groups\nA,a@example.com,"' + 'G/'.repeat(2_000) + '"\n',
        ]) {
          await probe(t, failures, `${who} import csv ${csv.slice(0, 40)}`, {
            method: 'POST',
            url: '/api/users/import?onUnknownGroup=create',
            token,
            payload: csv,
            headers: { 'content-type': 'text/csv' },
          });
        }
      }
      expect(failures, report(failures)).toEqual([]);
    }, 60_000);

    it('never answers 5xx to a forged or malformed token', async () => {
      const failures: Failure[] = [];
      const b64 = (value: string) => Buffer.from(value).toString('base64url');
      const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
      const forged = (claims: string) => `${header}.${b64(claims)}.${b64('not-a-signature')}`;
      const claims = (over: Record<string, unknown>) =>
        JSON.stringify({
          id: userId,
          type: 'auth',
          collectionId: '_pb_users_auth_',
          sid: 'abcdefghijklmno',
          refreshable: true,
          exp: 4_000_000_000,
          ...over,
        });
      const tokensToTry = [
        'Bearer',
        'Bearer ',
        'Bearer Bearer x',
        'x'.repeat(8_000),
        'gth_',
        `gth_${'A'.repeat(5_000)}`,
        'gth_0000000000000000000000000000000000000000',
        'gth_%00%ff',
        'a.b.c',
        '...',
        `${b64('{"alg":"none"}')}.${b64(claims({}))}.`,
        forged('null'),
        forged('[]'),
        forged('"x"'),
        forged('{'),
        forged(claims({})),
        forged(claims({ exp: 1e308, sid: 'x'.repeat(10_000) })),
        forged(claims({ id: 'a\u0000b', sid: '\ud800' })),
        forged(claims({ collectionId: 'pbc_3142635823', id: "1' OR '1'='1" })),
        forged(claims({ collectionId: '__proto__' })),
        forged(claims({ sid: '%', id: '*' })),
        `${header}.${b64(claims({}))}.${'A'.repeat(10_000)}`,
      ];
      for (const token of tokensToTry) {
        for (const [method, url] of [
          ['GET', '/api/access/me'],
          ['GET', '/api/collections/users/records'],
          ['POST', '/api/collections/users/auth-refresh'],
          ['POST', '/api/collections/_superusers/auth-refresh'],
          ['GET', '/api/tokens'],
          ['DELETE', '/api/sessions'],
        ] as const) {
          await probe(t, failures, `${method} ${url} ${token.slice(0, 60)}`, {
            method,
            url,
            token,
          });
        }
      }
      expect(failures, report(failures)).toEqual([]);
    });

    it('never answers 5xx to odd query strings', async () => {
      const failures: Failure[] = [];
      const ids = [userId, 'nope'];
      for (const route of routes) {
        for (const url of urlsOf(route.url, ['users', 'systems', 'groups'], ids)) {
          for (const who of ['superuser', 'user', 'guest']) {
            // As above: a DELETE of the real account needs no ?confirm= and is kept out.
            const deletesUser = url === `/api/collections/users/records/${userId}`;
            if (who !== 'guest' && route.method === 'DELETE' && deletesUser) continue;
            for (const query of QUERIES) {
              await probe(
                t,
                failures,
                `${who} ${route.method} ${url.slice(0, 60)}${query.slice(0, 60)}`,
                {
                  method: route.method,
                  url: url + query,
                  token: tokens[who],
                  ...(hasBody(route.method)
                    ? { payload: '{}', headers: { 'content-type': 'application/json' } }
                    : {}),
                },
              );
            }
          }
        }
      }
      expect(failures, report(failures)).toEqual([]);
    }, 120_000);
  });

  describe(`wrong field values (${dialect})`, () => {
    let t: TestApp;
    let su = '';
    let user = '';
    const refs = new Map<string, string>();
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      user = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;
      refs.set(
        'users',
        await createUser(t, su, { email: 'victim@example.com', password: 'victim-password-1' }),
      );
      // One record of every collection, for relations and for PATCH.
      for (const name of [
        'groups',
        'roles',
        'systems',
        'projects',
        'alerts',
        'reports',
        'findings',
        'assets',
      ]) {
        const collection = COLLECTIONS.find((c) => c.name === name);
        if (!collection) continue;
        const res = await t.request({
          method: 'POST',
          url: `/api/collections/${name}/records`,
          token: su,
          payload: validRecord(collection, refs, 0),
        });
        if (res.statusCode !== 200) throw new Error(`${name}: ${res.body}`);
        refs.set(name, res.json<{ id: string }>().id);
      }
      const sa = await t.request({
        method: 'POST',
        url: '/api/service-accounts',
        token: user,
        payload: { name: 'fuzz-bot' },
      });
      refs.set('service-accounts', sa.json<{ id: string }>().id);
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers a 4xx naming the problem for every wrong value of every field', async () => {
      const failures: Failure[] = [];
      let n = 0;
      const pending = async () => {
        const dry = await t.request({
          method: 'POST',
          url: '/api/users/import',
          token: su,
          headers: { 'content-type': 'text/csv' },
          payload: `name,email,groups\nF,fuzz-import-${n}@example.com,\n`,
        });
        return dry.json<{ id: string }>().id;
      };
      /** [method, url, a good body, the fields to spoil] */
      const cases: [string, string, () => Record<string, unknown>, string[]][] = [
        ...(['users', '_superusers'] as const).flatMap(
          (c): [string, string, () => Record<string, unknown>, string[]][] => [
            [
              'POST',
              `/api/collections/${c}/auth-with-password`,
              () => ({ identity: `nobody${n}@example.com`, password: 'wrong-password' }),
              ['identity', 'password'],
            ],
            [
              'POST',
              `/api/collections/${c}/auth-with-otp`,
              () => ({ otpId: 'abcdefghijklmno', password: '12345678' }),
              ['otpId', 'password'],
            ],
          ],
        ),
        [
          'PATCH',
          '/api/settings',
          () => ({}),
          [
            'auth',
            'auth.passwordMinLength',
            'auth.userTokenDuration',
            'auth.lockout',
            'auth.lockout.ipThreshold',
            'auth.lockout.windowSeconds',
            'console',
            'console.allowedIps',
            'audit.retentionDays',
            'imports',
            'imports.maxBytes',
            'imports.maxRows',
          ],
        ],
        ['POST', '/api/tokens', () => ({ name: `t${n}` }), ['name', 'expiresAt', 'scopes']],
        [
          'POST',
          '/api/service-accounts',
          () => ({ name: `sa${n}` }),
          ['name', 'description', 'ownerId', 'role', 'groups'],
        ],
        [
          'PATCH',
          `/api/service-accounts/${refs.get('service-accounts')}`,
          () => ({}),
          ['name', 'description', 'ownerId', 'role', 'groups', 'status'],
        ],
        [
          'POST',
          `/api/service-accounts/${refs.get('service-accounts')}/tokens`,
          () => ({ name: `t${n}` }),
          ['name', 'expiresAt', 'scopes'],
        ],
        [
          'POST',
          '/api/access/check',
          () => ({ checks: [{ user: refs.get('users'), module: 'systems', action: 'view' }] }),
          [
            'checks',
            'checks.0',
            'checks.0.user',
            'checks.0.module',
            'checks.0.action',
            'checks.0.record',
          ],
        ],
        [
          'POST',
          `/api/groups/${refs.get('groups')}/members`,
          () => ({ add: [], remove: [] }),
          ['add', 'remove', 'add.0'],
        ],
        [
          'POST',
          '/api/users/bulk',
          () => ({ action: 'enable', ids: [refs.get('users')] }),
          ['action', 'ids', 'ids.0', 'role', 'group'],
        ],
        [
          'POST',
          '/api/users/invitations/lookup',
          () => ({ token: `${refs.get('users')}.abc` }),
          ['token'],
        ],
        [
          'POST',
          '/api/users/invitations/accept',
          () => ({ token: `${refs.get('users')}.abc`, password: 'new-password-1' }),
          ['token', 'password', 'passwordConfirm'],
        ],
        [
          'PATCH',
          `/api/collections/users/records/${refs.get('users')}`,
          () => ({}),
          [
            'email',
            'password',
            'passwordConfirm',
            'oldPassword',
            'name',
            'username',
            'role',
            'groups',
            'groups+',
            'groups-',
            'status',
            'verified',
            'emailVisibility',
          ],
        ],
      ];
      for (const collection of COLLECTIONS) {
        const fields = collection.fields
          .filter((f) => !f.system && !f.hidden)
          .map((f) => f.name)
          .concat(['id', 'created', 'collectionId']);
        cases.push([
          'POST',
          `/api/collections/${collection.name}/records`,
          () => validRecord(collection, refs, n),
          [...fields, ...collection.fields.filter((f) => f.multiple).map((f) => `${f.name}+`)],
        ]);
        const id = refs.get(collection.name);
        if (id && collection.name !== 'users')
          cases.push([
            'PATCH',
            `/api/collections/${collection.name}/records/${id}`,
            () => ({}),
            fields,
          ]);
      }

      let checked = 0;
      for (const [method, url, good, fields] of cases) {
        for (const token of [su, user]) {
          for (const field of fields) {
            for (const [label, json] of WRONG) {
              n += 1;
              await probe(
                t,
                failures,
                `${token === su ? 'superuser' : 'user'} ${method} ${url} ${field}=${label}`,
                {
                  method: method,
                  url,
                  token,
                  payload: render(withField(good(), field), json),
                  headers: { 'content-type': 'application/json' },
                },
              );
              checked += 1;
            }
          }
        }
      }
      // First-run setup, on an instance that is not set up yet.
      const fresh = await createTestApp(dialect);
      try {
        for (const field of ['name', 'email', 'password']) {
          for (const [label, json] of WRONG) {
            await probe(fresh, failures, `setup ${field}=${label}`, {
              method: 'POST',
              url: '/api/setup',
              payload: render(withField({ ...ADMIN }, field), json),
              headers: { 'content-type': 'application/json' },
            });
            checked += 1;
          }
        }
      } finally {
        await fresh.close();
      }
      // The import confirm's options, on a fresh pending import each time.
      for (const field of ['onExisting', 'onUnknownGroup', 'invite']) {
        for (const [label, json] of WRONG) {
          n += 1;
          await probe(t, failures, `confirm ${field}=${label}`, {
            method: 'POST',
            url: `/api/users/import/${await pending()}/confirm`,
            token: su,
            payload: render(withField({}, field), json),
            headers: { 'content-type': 'application/json' },
          });
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(5000);
      expect(failures, report(failures)).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }, 180_000);
  });
}
