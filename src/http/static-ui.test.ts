// The web UI's serving rules: two entry pages, SPA fallback, long cache for hashed assets only,
// the UI's CSP on pages, and never a page for /api/* or a missing file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { UI_PAGE_POLICY } from './static-ui.js';

const HUB = '<!doctype html><title>hub</title>';
const CONSOLE = '<!doctype html><title>console</title>';

/** A stand-in for dist/ui with the files a build makes. */
function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-ui-'));
  fs.mkdirSync(path.join(dir, '_'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), HUB);
  fs.writeFileSync(path.join(dir, '_', 'index.html'), CONSOLE);
  fs.writeFileSync(path.join(dir, 'assets', 'hub-abc123.js'), 'console.log(1);');
  fs.writeFileSync(path.join(dir, 'assets', 'hub-abc123.css'), 'body{}');
  fs.writeFileSync(path.join(dir, '.secret'), 'hidden');
  return dir;
}

function directives(csp: unknown): Map<string, string[]> {
  return new Map(
    String(csp)
      .split(';')
      .map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
  );
}

// Storage is not touched here; the app is the real one on SQLite (and PostgreSQL when set).
for (const dialect of DIALECTS) {
  describe(`web UI serving (${dialect})`, () => {
    let t: TestApp;
    let uiDir: string;
    beforeAll(async () => {
      uiDir = fakeBuild();
      t = await createTestApp(dialect, { uiDir });
    });
    afterAll(async () => {
      await t.close();
      fs.rmSync(uiDir, { recursive: true, force: true });
    });

    it('serves the hub at / and at any page address (a reload of /account works)', async () => {
      // An invitation link whose token's random part happens to hold only letters and digits
      // (about one in four) looks like a file with a long extension: it is a page all the same.
      const invitation = `/invitation/abcdefghijklmno.${'aB3'.repeat(14)}x`;
      for (const url of [
        '/',
        '/account',
        '/account/tokens?x=1',
        '/sign-in',
        '/setup',
        invitation,
      ]) {
        const res = await t.request({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        expect(res.body, url).toBe(HUB);
        expect(res.headers['cache-control'], url).toBe('no-cache');
      }
    });

    it('serves the console at /_/ and its page addresses; /_ redirects to /_/', async () => {
      for (const url of ['/_/', '/_/collections']) {
        const res = await t.request({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toBe(CONSOLE);
      }
      const bare = await t.request({ method: 'GET', url: '/_' });
      expect(bare.statusCode).toBe(301);
      expect(bare.headers.location).toBe('/_/');
    });

    it('caches hashed assets for a year, with their own type and no page headers', async () => {
      const js = await t.request({ method: 'GET', url: '/assets/hub-abc123.js' });
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-type']).toMatch(/javascript/);
      expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(js.headers['x-content-type-options']).toBe('nosniff');
      const css = await t.request({ method: 'GET', url: '/assets/hub-abc123.css' });
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('never answers a page for the API or a missing file: the JSON 404', async () => {
      for (const url of [
        '/api/nothing-here',
        '/api/collections/users/nope/deeper',
        '/assets/old-hash.js',
        '/assets/old-hash.css',
        '/favicon.ico',
        '/_/assets/x.js',
        '/.secret',
        '/assets/../.secret',
        '/assets/%2e%2e/.secret',
      ]) {
        const res = await t.request({ method: 'GET', url });
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type'], url).toMatch(/^application\/json/);
        expect(res.json(), url).toEqual({
          status: 404,
          message: "The requested resource wasn't found.",
          data: {},
        });
      }
      // Other methods on a page address are not pages either.
      const post = await t.request({ method: 'POST', url: '/account' });
      expect(post.statusCode).toBe(404);
      expect(post.headers['content-type']).toMatch(/^application\/json/);
    });

    it('sends the UI policy and the page headers with every page', async () => {
      for (const url of ['/', '/account', '/_/']) {
        const res = await t.request({ method: 'GET', url });
        expect(res.headers, url).toMatchObject({
          'content-security-policy': UI_PAGE_POLICY,
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
        });
      }
      const csp = directives(UI_PAGE_POLICY);
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(UI_PAGE_POLICY).not.toMatch(/unsafe-eval|\*|upgrade-insecure-requests/);
      // Inline scripts never run: the build has none (checked on the real build by the e2e suite).
      expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    });

    it('answers the API as before: the UI routes do not shadow it', async () => {
      const health = await t.request({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ code: 200 });
      const setup = await t.request({ method: 'GET', url: '/api/setup' });
      expect(setup.json()).toEqual({ firstRun: true, passwordMinLength: 8 });
    });
  });
}

describe('web UI serving without a build', () => {
  let t: TestApp;
  let empty: string;
  beforeAll(async () => {
    empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-ui-empty-'));
    t = await createTestApp('sqlite', { uiDir: empty });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it('answers the JSON 404 for pages, and the API still works', async () => {
    const res = await t.request({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((await t.request({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});
