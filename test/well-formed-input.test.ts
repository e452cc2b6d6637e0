// Lone UTF-16 surrogates in JSON bodies: what a request gets stored is what it is answered, compared
// and checked as, on both databases (SQLite would keep the raw surrogate bytes, PostgreSQL U+FFFD).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createSiblingApp,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from './harness.js';

for (const dialect of DIALECTS) {
  describe(`lone surrogates in request bodies (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
    });
    afterAll(async () => {
      await t.close();
    });

    /** POSTs JSON text as written (the escapes reach the server as escapes). */
    const post = (url: string, json: string) =>
      t.request({
        method: 'POST',
        url,
        token: su,
        headers: { 'content-type': 'application/json' },
        payload: json,
      });

    it('names that differ only in a lone surrogate are one name (U+FFFD), unique as such', async () => {
      const role = await post('/api/collections/roles/records', '{"name":"R\\ud800","level":3}');
      expect(role.statusCode).toBe(200);
      expect(role.json<{ name: string }>().name).toBe('R\ufffd');
      // Another lone surrogate, or U+FFFD itself, is the same name: refused as a duplicate.
      for (const name of ['R\\ud801', 'R\\udfff', 'R\\ufffd']) {
        const twin = await post('/api/collections/roles/records', `{"name":"${name}","level":3}`);
        expect(twin.statusCode, name).toBe(400);
        expect(twin.json<{ data: Record<string, unknown> }>().data).toHaveProperty('name');
      }
      // And it is assignable by the name it answered with, or by the surrogate it was made with.
      for (const [i, name] of ['R\\ufffd', 'R\\udbff'].entries()) {
        const user = await post(
          '/api/collections/users/records',
          `{"email":"role${String(i)}@example.com","role":"${name}"}`,
        );
        expect(user.statusCode, name).toBe(200);
        expect(user.json<{ role: string }>().role).toBe('R\ufffd');
      }

      const group = await post('/api/collections/groups/records', '{"name":"G\\ud800"}');
      expect(group.statusCode).toBe(200);
      const sibling = await post('/api/collections/groups/records', '{"name":"G\\udc00"}');
      expect(sibling.statusCode).toBe(400);
      expect(sibling.json<{ data: Record<string, unknown> }>().data).toHaveProperty('name');
    });

    it('answers what it stored: another instance reads the same text', async () => {
      const system = await post(
        '/api/collections/systems/records',
        '{"name":"S\\ud800","host":"h\\udc00","info":{"k\\ud800":["v\\udfff",{"\\ud83d\\ude00":"pair"}]}}',
      );
      expect(system.statusCode).toBe(200);
      const created = system.json<Record<string, unknown> & { id: string }>();
      expect(created).toMatchObject({
        name: 'S\ufffd',
        host: 'h\ufffd',
        // A valid pair, even escaped, is kept.
        info: { 'k\ufffd': ['v\ufffd', { '\u{1F600}': 'pair' }] },
      });
      const account = await post('/api/service-accounts', '{"name":"sa\\ud800"}');
      expect(account.statusCode).toBe(200);
      const sa = account.json<{ id: string; name: string }>();
      expect(sa.name).toBe('sa\ufffd');

      const other = await createSiblingApp(t);
      try {
        const read = await other.request({
          method: 'GET',
          url: `/api/collections/systems/records/${created.id}`,
          token: su,
        });
        expect(read.json()).toEqual(created);
        const readSa = await other.request({
          method: 'GET',
          url: `/api/service-accounts/${sa.id}`,
          token: su,
        });
        expect(readSa.json<{ name: string }>().name).toBe('sa\ufffd');
      } finally {
        await other.close();
      }
    });
  });
}
