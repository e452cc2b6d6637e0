// CORS as PocketBase serves it: configured origins (default *), preflights answered 204 with
// PocketBase's methods and the requested headers, no credentials; the security headers stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/index.js';
import { loadConfig } from '../config.js';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { parseOrigins } from './cors.js';

const PREFLIGHT = {
  'access-control-request-method': 'PATCH',
  'access-control-request-headers': 'authorization,content-type',
};

describe('--origins', () => {
  it('defaults to * and reads flags over GATEHOUSE_ORIGINS', () => {
    expect(loadConfig({}, {}).origins).toEqual(['*']);
    expect(
      loadConfig({}, { GATEHOUSE_ORIGINS: ' https://a.example.com , https://*.b.example.com ' })
        .origins,
    ).toEqual(['https://a.example.com', 'https://*.b.example.com']);
    expect(
      loadConfig({ origins: 'http://localhost:5173' }, { GATEHOUSE_ORIGINS: 'https://x.example' })
        .origins,
    ).toEqual(['http://localhost:5173']);
    expect(loadConfig({}, { GATEHOUSE_ORIGINS: '' }).origins).toEqual(['*']);
  });

  it('is listed by `gatehouse serve --help`', async () => {
    const out: string[] = [];
    const code = await runCli(['serve', '--help'], { out: (l) => out.push(l), err: () => {} });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/--origins <list>[\s\S]*GATEHOUSE_ORIGINS[\s\S]*default \*/);
  });

  it('refuses values that are not origins', () => {
    for (const bad of ['example.com', 'https://a.example.com/path', 'https://a b.com', 'null']) {
      expect(() => parseOrigins(bad, '--origins'), bad).toThrow(/--origins/);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`CORS (${dialect})`, () => {
    let open: TestApp;
    let listed: TestApp;
    beforeAll(async () => {
      open = await createTestApp(dialect);
      listed = await createTestApp(dialect, {
        origins: ['https://app.example.com', 'https://*.hub.example.com'],
      });
    });
    afterAll(async () => {
      await open.close();
      await listed.close();
    });

    it('answers a preflight from any origin by default with PocketBase methods and the requested headers', async () => {
      const res = await open.request({
        method: 'OPTIONS',
        url: '/api/collections/systems/records/abc',
        headers: { origin: 'https://anywhere.example', ...PREFLIGHT },
      });
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE');
      expect(res.headers['access-control-allow-headers']).toBe('authorization,content-type');
      // No credentials (tokens travel in Authorization) and no max age (PocketBase sends none).
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers['access-control-max-age']).toBeUndefined();
      // The security headers are still on the answer.
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('puts Access-Control-Allow-Origin on simple requests and on errors, not without an Origin', async () => {
      const ok = await open.request({
        method: 'GET',
        url: '/api/health',
        headers: { origin: 'https://anywhere.example' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['access-control-allow-origin']).toBe('*');
      expect(ok.headers['x-content-type-options']).toBe('nosniff');
      expect(ok.headers['cache-control']).toBe('no-store');
      const refused = await open.request({
        method: 'GET',
        url: '/api/access/me',
        headers: { origin: 'https://anywhere.example' },
      });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['access-control-allow-origin']).toBe('*');
      const missing = await open.request({
        method: 'GET',
        url: '/api/nothing-here',
        headers: { origin: 'https://anywhere.example' },
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['access-control-allow-origin']).toBe('*');
      // The router's own refusals (no hook runs for them) carry it too.
      for (const url of [
        '/api/collections/%E0%A4%A/records',
        `/api/collections/${'x'.repeat(300)}/records`,
      ]) {
        const refusal = await open.request({
          method: 'GET',
          url,
          headers: { origin: 'https://anywhere.example' },
        });
        expect(refusal.statusCode, url.slice(0, 40)).toBeGreaterThanOrEqual(400);
        expect(refusal.headers['access-control-allow-origin'], url.slice(0, 40)).toBe('*');
        expect(refusal.headers['x-content-type-options']).toBe('nosniff');
      }
      const noOrigin = await open.request({ method: 'GET', url: '/api/health' });
      expect(noOrigin.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('with a configured list: reflects an allowed origin (wildcards too), leaves others out', async () => {
      for (const origin of ['https://app.example.com', 'https://eu.hub.example.com']) {
        const pre = await listed.request({
          method: 'OPTIONS',
          url: '/api/collections/systems/records',
          headers: { origin, ...PREFLIGHT },
        });
        expect(pre.statusCode, origin).toBe(204);
        expect(pre.headers['access-control-allow-origin'], origin).toBe(origin);
        expect(String(pre.headers.vary), origin).toMatch(/Origin/);
        const simple = await listed.request({
          method: 'GET',
          url: '/api/health',
          headers: { origin },
        });
        expect(simple.headers['access-control-allow-origin'], origin).toBe(origin);
      }
      for (const origin of [
        'https://evil.example.com',
        'http://app.example.com',
        'https://app.example.com.evil.net',
        'https://hub.example.com.evil.net',
        'null',
      ]) {
        const pre = await listed.request({
          method: 'OPTIONS',
          url: '/api/collections/systems/records',
          headers: { origin, ...PREFLIGHT },
        });
        // Answered as PocketBase does (204), but without the header the browser needs.
        expect(pre.statusCode, origin).toBe(204);
        expect(pre.headers['access-control-allow-origin'], origin).toBeUndefined();
        const simple = await listed.request({
          method: 'GET',
          url: '/api/health',
          headers: { origin },
        });
        expect(simple.statusCode, origin).toBe(200);
        expect(simple.headers['access-control-allow-origin'], origin).toBeUndefined();
      }
    });

    it('answers OPTIONS without an Origin with 204, as PocketBase', async () => {
      const res = await listed.request({ method: 'OPTIONS', url: '/api/health' });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
}
