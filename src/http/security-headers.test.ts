// Security headers: a strict policy on HTML pages, nosniff on every answer, no-store on secrets.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../cli/io.js';
import { ADMIN, DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';

/** Asserts that `res` may not be cached anywhere and is not content-sniffed. */
function expectNotStored(res: LightMyRequestResponse, label: string): void {
  expect(res.headers['cache-control'], label).toBe('no-store');
  expect(res.headers['x-content-type-options'], label).toBe('nosniff');
}

for (const dialect of DIALECTS) {
  describe(`security headers (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('marks every answer nosniff and no-store, errors and refusals from the router too', async () => {
      for (const [method, url] of [
        ['GET', '/api/health'],
        ['GET', '/api/setup'],
        ['GET', '/api/users/import/template'],
        ['GET', '/api/tokens'], // 401
        ['GET', '/api/nothing-here'], // 404
        ['GET', `/api/collections/${'x'.repeat(300)}/records`], // over-long parameter
        ['GET', '/api/collections/%E0%A4%A/records'], // bad URL encoding
      ] as const) {
        const res = await t.request({ method, url });
        expectNotStored(res, `${method} ${url.slice(0, 50)} → ${res.statusCode}`);
      }
    });

    it('never lets an answer that carries a token or a secret be stored', async () => {
      const setup = await t.request({ method: 'POST', url: '/api/setup', payload: ADMIN });
      expect(setup.statusCode).toBe(200);
      expectNotStored(setup, 'setup');

      const tokens: Record<string, string> = {};
      for (const collection of ['users', '_superusers'] as const) {
        const res = await t.request({
          method: 'POST',
          url: `/api/collections/${collection}/auth-with-password`,
          payload: { identity: ADMIN.email, password: ADMIN.password },
        });
        expect(res.statusCode).toBe(200);
        expectNotStored(res, `${collection} auth-with-password`);
        tokens[collection] = res.json<{ token: string }>().token;
        const refresh = await t.request({
          method: 'POST',
          url: `/api/collections/${collection}/auth-refresh`,
          token: tokens[collection],
        });
        expect(refresh.statusCode).toBe(200);
        expectNotStored(refresh, `${collection} auth-refresh`);
      }
      const user = tokens.users!;
      const su = tokens._superusers!;

      const otp = await t.services.superusers.otp(CLI_ACTOR, ADMIN.email);
      const withOtp = await t.request({
        method: 'POST',
        url: '/api/collections/_superusers/auth-with-otp',
        payload: { otpId: otp.otpId, password: otp.code },
      });
      expect(withOtp.statusCode).toBe(200);
      expectNotStored(withOtp, 'auth-with-otp');

      const personal = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: user,
        payload: { name: 'ci' },
      });
      expect(personal.statusCode, personal.body).toBe(200);
      expectNotStored(personal, 'POST /api/tokens');

      const sa = await t.request({
        method: 'POST',
        url: '/api/service-accounts',
        token: user,
        payload: { name: 'deploy-bot' },
      });
      expect(sa.statusCode, sa.body).toBe(200);
      const minted = await t.request({
        method: 'POST',
        url: `/api/service-accounts/${sa.json<{ id: string }>().id}/tokens`,
        token: user,
        payload: { name: 'ci' },
      });
      expect(minted.statusCode, minted.body).toBe(200);
      expectNotStored(minted, 'service-account token');

      const dry = await t.request({
        method: 'POST',
        url: '/api/users/import',
        token: su,
        headers: { 'content-type': 'text/csv' },
        payload: 'name,email,groups\nAnn,ann@example.com,\n',
      });
      expect(dry.statusCode, dry.body).toBe(200);
      const confirm = await t.request({
        method: 'POST',
        url: `/api/users/import/${dry.json<{ id: string }>().id}/confirm`,
        token: su,
        payload: {},
      });
      expect(confirm.statusCode, confirm.body).toBe(200);
      expectNotStored(confirm, 'import confirm');
      const link = confirm.json<{ invitations: { link: string }[] }>().invitations[0]?.link ?? '';
      const accept = await t.request({
        method: 'POST',
        url: '/api/users/invitations/accept',
        payload: { token: link.split('/').pop(), password: 'ann-new-password-1' },
      });
      expect(accept.statusCode, accept.body).toBe(204);
      expectNotStored(accept, 'invitation accept');

      const sessions = await t.request({ method: 'GET', url: '/api/sessions', token: user });
      expectNotStored(sessions, 'sessions');
    });
  });
}
