// Every endpoint, hit with malformed input by every kind of caller, answers 4xx — never 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DIALECTS, createTestApp, setupAdmin, signIn, type TestApp } from './harness.js';

const ENDPOINTS: [string, string][] = [
  ['GET', '/api/health'],
  ['GET', '/api/setup'],
  ['POST', '/api/setup'],
  ['POST', '/api/collections/users/auth-with-password'],
  ['POST', '/api/collections/_superusers/auth-with-password'],
  ['POST', '/api/collections/_superusers/auth-with-otp'],
  ['POST', '/api/collections/users/auth-with-otp'],
  ['POST', '/api/collections/users/auth-refresh'],
  ['POST', '/api/collections/_superusers/auth-refresh'],
  ['GET', '/api/collections/users/auth-methods'],
  ['POST', '/api/collections/users/records'],
  ['GET', '/api/collections/users/records/ID'],
  ['PATCH', '/api/collections/users/records/ID'],
  ['GET', '/api/sessions'],
  ['DELETE', '/api/sessions'],
  ['DELETE', '/api/sessions/ID'],
  ['GET', '/api/settings'],
  ['PATCH', '/api/settings'],
  ['GET', '/api/tokens'],
  ['POST', '/api/tokens'],
  ['DELETE', '/api/tokens/ID'],
  ['GET', '/api/service-accounts'],
  ['POST', '/api/service-accounts'],
  ['GET', '/api/service-accounts/ID'],
  ['PATCH', '/api/service-accounts/ID'],
  ['DELETE', '/api/service-accounts/ID'],
  ['GET', '/api/service-accounts/ID/tokens'],
  ['POST', '/api/service-accounts/ID/tokens'],
  ['DELETE', '/api/service-accounts/ID/tokens/x'],
  ['GET', '/api/access/me'],
  ['GET', '/api/access/users/ID'],
  ['GET', '/api/access/explain'],
  ['POST', '/api/access/check'],
  ['POST', '/api/groups/ID/members'],
  ['POST', '/api/users/bulk'],
  ['GET', '/api/collections/systems/records'],
  ['POST', '/api/collections/systems/records'],
  ['PATCH', '/api/collections/systems/records/ID'],
  ['DELETE', '/api/collections/groups/records/ID'],
  ['POST', '/api/collections/roles/records'],
];

const BODIES: { payload: string; type: string }[] = [
  { payload: '', type: 'application/json' },
  { payload: 'null', type: 'application/json' },
  { payload: '[]', type: 'application/json' },
  { payload: '"text"', type: 'application/json' },
  { payload: '12', type: 'application/json' },
  { payload: '{"a":', type: 'application/json' },
  {
    payload: '{"email":{"$gt":""},"password":[1],"identity":null,"otpId":{},"name":1e999}',
    type: 'application/json',
  },
  {
    payload: JSON.stringify({ auth: { lockout: null }, console: 'x', role: ['admin'], status: {} }),
    type: 'application/json',
  },
  {
    payload: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
    type: 'application/json',
  },
  { payload: `{"name":"${'x'.repeat(2_000_000)}"}`, type: 'application/json' },
  { payload: 'identity=a&password=b', type: 'application/x-www-form-urlencoded' },
  { payload: '<xml/>', type: 'text/xml' },
];

for (const dialect of DIALECTS) {
  describe(`bad input (${dialect})`, () => {
    let t: TestApp;
    const tokens: Record<string, string | undefined> = {};
    let ids: string[] = [];
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      const user = await signIn(t, 'users', ADMIN.email, ADMIN.password);
      tokens.guest = undefined;
      tokens.user = user.token;
      tokens.superuser = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      tokens.garbage = 'Bearer not.a.token';
      ids = [user.record.id, 'nope', '%00', '..%2F..', 'x'.repeat(300), "1' OR '1'='1"];
    });
    afterAll(async () => {
      await t.close();
    });

    it('never answers 5xx and always answers in PocketBase error shape', async () => {
      let checked = 0;
      for (const [method, template] of ENDPOINTS) {
        for (const id of template.includes('ID') ? ids : ['']) {
          const url = template.replace('ID', id);
          for (const [who, token] of Object.entries(tokens)) {
            for (const body of method === 'GET' || method === 'DELETE' ? [undefined] : BODIES) {
              const res = await t.request({
                method: method,
                url,
                token,
                ...(body ? { payload: body.payload, headers: { 'content-type': body.type } } : {}),
              });
              const label = `${who} ${method} ${url.slice(0, 60)} ${body?.payload.slice(0, 40) ?? ''}`;
              expect(res.statusCode, label).toBeLessThan(500);
              if (res.statusCode >= 400) {
                expect(res.json<object>(), label).toHaveProperty('status', res.statusCode);
              }
              checked += 1;
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(500);
      // Nothing of the junk was written.
      expect(await t.ctx.db.selectFrom('users').selectAll().execute()).toHaveLength(1);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
}
