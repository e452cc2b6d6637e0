// A json field holds at most JSON_MAX_DEPTH levels: deeper values are a 400 on the field, not a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { JSON_MAX_DEPTH } from './fields.js';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
/** `{"a":{"a":…{}}}` with `depth` objects. */
const nestedObjects = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

for (const dialect of DIALECTS) {
  describe(`json field depth (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let systemId: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const res = await t.request({
        method: 'POST',
        url: '/api/collections/systems/records',
        token: su,
        payload: { name: 'base', host: 'h' },
      });
      systemId = res.json<{ id: string }>().id;
    });
    afterAll(async () => {
      await t.close();
    });

    const send = (method: 'POST' | 'PATCH', url: string, body: string) =>
      t.request({
        method,
        url,
        token: su,
        payload: body,
        headers: { 'content-type': 'application/json' },
      });

    it.each([4_100, 10_000, 100_000])(
      'refuses %i levels in systems.info with a 400 naming the field',
      async (depth) => {
        for (const [method, url] of [
          ['POST', '/api/collections/systems/records'],
          ['PATCH', `/api/collections/systems/records/${systemId}`],
        ] as const) {
          for (const deep of [nested(depth), nestedObjects(depth)]) {
            const res = await send(method, url, `{"name":"deep","host":"h","info":${deep}}`);
            expect(res.statusCode, `${method} ${res.body.slice(0, 200)}`).toBe(400);
            expect(res.json()).toMatchObject({
              status: 400,
              data: {
                info: {
                  code: 'validation_json_depth_limit',
                  message: `Must be nested at most ${JSON_MAX_DEPTH} levels deep.`,
                },
              },
            });
          }
        }
        const list = await t.request({
          method: 'GET',
          url: '/api/collections/systems/records',
          token: su,
        });
        expect(list.json<{ totalItems: number }>().totalItems).toBe(1);
      },
    );

    it('keeps values up to the limit, and refuses one level more', async () => {
      const ok = await send(
        'POST',
        '/api/collections/systems/records',
        `{"name":"ok","host":"h","info":${nestedObjects(JSON_MAX_DEPTH)}}`,
      );
      expect(ok.statusCode, ok.body).toBe(200);
      const view = await t.request({
        method: 'GET',
        url: `/api/collections/systems/records/${ok.json<{ id: string }>().id}`,
        token: su,
      });
      expect(JSON.stringify(view.json<{ info: unknown }>().info)).toBe(
        nestedObjects(JSON_MAX_DEPTH),
      );
      const over = await send(
        'POST',
        '/api/collections/systems/records',
        `{"name":"over","host":"h","info":${nested(JSON_MAX_DEPTH + 1)}}`,
      );
      expect(over.statusCode).toBe(400);
    });

    it('bounds every json field the same way (roles.permissions)', async () => {
      const role = await send(
        'POST',
        '/api/collections/roles/records',
        `{"name":"deep","level":3,"permissions":${nested(10_000)}}`,
      );
      expect(role.statusCode, role.body.slice(0, 200)).toBe(400);
      expect(role.json()).toMatchObject({
        data: { permissions: { code: 'validation_json_depth_limit' } },
      });
    });
  });
}
