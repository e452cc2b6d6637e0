// Invitation links start with the configured public URL (or the listen address), never the Host header.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  setupAdmin,
  signIn,
  startTestServer,
  type TestApp,
} from '../../test/harness.js';

const EVIL = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
};
const CSV = 'name,email,groups\nAnn,ann@example.com,\n';

type ConfirmBody = { invitations: { link: string }[] };

for (const dialect of DIALECTS) {
  describe(`invitation link origin (${dialect})`, () => {
    let t: TestApp | undefined;
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await t?.close();
      await close?.();
      t = undefined;
      close = undefined;
    });

    it('takes the links from --public-url, whatever Host and X-Forwarded-Host say', async () => {
      const config = loadConfig(
        {},
        { GATEHOUSE_PUBLIC_URL: 'https://hub.example.com/gatehouse/', GATEHOUSE_TRUST_PROXY: '1' },
      );
      t = await createTestApp(dialect, {
        publicUrl: config.publicUrl,
        trustProxy: config.trustProxy,
      });
      await setupAdmin(t);
      const su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const dry = await t.request({
        method: 'POST',
        url: '/api/users/import',
        token: su,
        headers: { ...EVIL, 'content-type': 'text/csv' },
        payload: CSV,
      });
      expect(dry.statusCode, dry.body).toBe(200);
      const res = await t.request({
        method: 'POST',
        url: `/api/users/import/${dry.json<{ id: string }>().id}/confirm`,
        token: su,
        headers: EVIL,
        payload: {},
      });
      expect(res.statusCode, res.body).toBe(200);
      const [invitation] = res.json<ConfirmBody>().invitations;
      expect(invitation?.link).toMatch(/^https:\/\/hub\.example\.com\/gatehouse\/invitation\/\S+$/);
      expect(res.body).not.toContain('evil.example');
    });

    it('defaults to the address the server listens on', async () => {
      const server = await startTestServer(dialect);
      close = server.close;
      const call = (method: string, path: string, token: string, body: string, type: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const request = http.request(
            `${server.url}${path}`,
            {
              method,
              headers: { ...EVIL, authorization: token, 'content-type': type },
            },
            (response) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (text += chunk));
              response.on('end', () => {
                resolve({ status: response.statusCode ?? 0, body: text });
              });
            },
          );
          request.on('error', reject);
          request.end(body);
        });
      const setup = await fetch(`${server.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      expect(setup.status).toBe(200);
      const signedIn = await fetch(`${server.url}/api/collections/_superusers/auth-with-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: ADMIN.email, password: ADMIN.password }),
      });
      const { token } = (await signedIn.json()) as { token: string };
      const dry = await call('POST', '/api/users/import', token, CSV, 'text/csv');
      expect(dry.status, dry.body).toBe(200);
      const { id } = JSON.parse(dry.body) as { id: string };
      const res = await call(
        'POST',
        `/api/users/import/${id}/confirm`,
        token,
        '{}',
        'application/json',
      );
      expect(res.status, res.body).toBe(200);
      const [invitation] = (JSON.parse(res.body) as ConfirmBody).invitations;
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(invitation?.link.startsWith(`${server.url}/invitation/`)).toBe(true);
    });
  });
}
