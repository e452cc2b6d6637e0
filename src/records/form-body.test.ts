// multipart/form-data record bodies over HTTP: PocketBase's typing of plain values, @jsonPayload,
// file parts refused by name, the limits (never a 5xx), and the CSV import's own multipart intact.
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  startTestServer,
  type TestApp,
} from '../../test/harness.js';

type Part = [name: string, value: string | Blob, filename?: string];

/** A multipart body as fetch would send it: the bytes and the content type with its boundary. */
async function multipart(parts: Part[]): Promise<{ payload: Buffer; type: string }> {
  const form = new FormData();
  for (const [name, value, filename] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    type: request.headers.get('content-type') ?? '',
  };
}

interface Answer {
  status: number;
  body: { [key: string]: unknown; data?: Record<string, { code: string; message: string }> };
}

for (const dialect of DIALECTS) {
  describe(`multipart record bodies (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let ann: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      ann = await createUser(t, su, {
        email: 'ann@example.com',
        password: 'ann-password-1',
        role: 'user',
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const send = async (
      method: 'POST' | 'PATCH',
      url: string,
      body: { payload: Buffer; type: string },
      token: string | undefined = su,
    ): Promise<Answer> => {
      const res = await t.request({
        method,
        url,
        token,
        headers: { 'content-type': body.type },
        payload: body.payload,
      });
      return { status: res.statusCode, body: res.json() };
    };
    const create = async (parts: Part[], token?: string) =>
      send('POST', '/api/collections/systems/records', await multipart(parts), token);
    const systemsCount = async () =>
      Number(
        (
          await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM systems`.execute(
            t.services.db,
          )
        ).rows[0]?.n,
      );

    it('types each plain value by its field, as PocketBase (number, bool, json, relations)', async () => {
      const res = await create([
        ['name', 'web-1'],
        ['host', '10.0.0.1'],
        ['port', '22'],
        ['info', '{"cpu":80}'],
        ['users', ann],
        ['unknown', 'ignored'],
      ]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        name: 'web-1',
        port: 22,
        info: { cpu: 80 },
        users: [ann],
      });
      expect(res.body).not.toHaveProperty('unknown');
      // json fields: PocketBase's rules for a plain string (JSON if it parses as a value, else text).
      for (const [text, stored] of [
        ['hello', 'hello'],
        ['', ''],
        ['true', true],
        ['-1.5', -1.5],
        ['[1,"a"]', [1, 'a']],
        ['"quoted"', 'quoted'],
        ['{broken', '{broken'],
        ['null', null],
      ] as const) {
        const one = await create([
          ['name', 'j'],
          ['host', 'h'],
          ['info', text],
        ]);
        expect(one.status, text).toBe(200);
        expect(one.body.info, text).toEqual(stored);
      }
      // Text keeps its characters: "007" and "1e3" are not numbers.
      const text = await create([
        ['name', '007'],
        ['host', '1e3'],
      ]);
      expect(text.body).toMatchObject({ name: '007', host: '1e3' });
    });

    it('merges @jsonPayload parts over the plain fields, in order', async () => {
      const res = await create([
        ['name', 'plain'],
        ['host', 'h'],
        ['@jsonPayload', JSON.stringify({ name: 'from-payload', port: 443 })],
        ['@jsonPayload', JSON.stringify({ info: { a: [1, 2] }, users: [ann] })],
      ]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        name: 'from-payload',
        port: 443,
        info: { a: [1, 2] },
        users: [ann],
      });
      // A lone surrogate inside the payload is stored as U+FFFD, as with a JSON body.
      const odd = await create([['@jsonPayload', '{"name":"a\\ud800b","host":"h"}']]);
      expect(odd.body.name).toBe('a\ufffdb');
    });

    it('answers 400 naming the field for bad values, bad payloads and file parts; stores nothing', async () => {
      const before = await systemsCount();
      const bad = await create([
        ['name', 'x'],
        ['host', 'h'],
        ['port', 'eighty'],
        ['status', 'up'],
        ['status', 'down'],
      ]);
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.data ?? {}).sort()).toEqual(['port', 'status']);

      for (const payload of ['{not json', '[1,2]', '"text"', '{"__proto__":{"x":1}}']) {
        const res = await create([
          ['name', 'x'],
          ['host', 'h'],
          ['@jsonPayload', payload],
        ]);
        expect(res.status, payload).toBe(400);
        expect(Object.keys(res.body.data ?? {}), payload).toEqual(['@jsonPayload']);
      }

      const files = await create([
        ['name', 'x'],
        ['host', new Blob(['10.0.0.1']), 'host.txt'],
        ['logo', new Blob([new Uint8Array(1000)]), 'logo.png'],
      ]);
      expect(files.status).toBe(400);
      expect(files.body.data).toMatchObject({
        host: { code: 'validation_not_a_file_field' },
        logo: { code: 'validation_not_a_file_field' },
      });
      expect(files.body.data?.host?.message).toMatch(/"host" is a text field/);

      // A field name that would reach Object.prototype is refused, not a crash.
      const proto = await create([
        ['name', 'x'],
        ['host', 'h'],
        ['__proto__', 'x'],
      ]);
      expect(proto.status).toBe(400);
      expect(await systemsCount()).toBe(before);
    });

    it('bounds the body: 1 MiB, 1000 parts; a bigger one is a 413, never a 5xx', async () => {
      const before = await systemsCount();
      const many = await create([
        ['name', 'x'],
        ['host', 'h'],
        ...Array.from({ length: 1000 }, (_, i): Part => [`f${i}`, 'v']),
      ]);
      expect(many.status).toBe(413);
      expect(String(many.body.message)).toMatch(/too large/);

      const big = await create([
        ['name', 'x'],
        ['host', 'x'.repeat(1024 * 1024 + 1)],
      ]);
      expect(big.status).toBe(413);

      const bigFile = await create([
        ['name', 'x'],
        ['logo', new Blob([new Uint8Array(2 * 1024 * 1024)]), 'logo.png'],
      ]);
      expect(bigFile.status).toBe(413);

      // Malformed multipart: no boundary, and a body cut short.
      const noBoundary = await send('POST', '/api/collections/systems/records', {
        payload: Buffer.from('--x\r\n'),
        type: 'multipart/form-data',
      });
      expect(noBoundary.status).toBe(400);
      const whole = await multipart([
        ['name', 'x'],
        ['host', 'h'],
      ]);
      const cut = await send('POST', '/api/collections/systems/records', {
        payload: whole.payload.subarray(0, whole.payload.length - 20),
        type: whole.type,
      });
      expect(cut.status).toBe(400);
      expect(await systemsCount()).toBe(before);
    });

    it('refuses an undeclared (chunked) body over 1 MiB with a 413 as it arrives', async () => {
      const server = await startTestServer(dialect);
      try {
        await fetch(`${server.url}/api/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        });
        const signedIn = await fetch(
          `${server.url}/api/collections/_superusers/auth-with-password`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ identity: ADMIN.email, password: ADMIN.password }),
          },
        );
        const { token } = (await signedIn.json()) as { token: string };
        const boundary = 'gatehouse-test-boundary';
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const request = http.request(
            `${server.url}/api/collections/systems/records`,
            {
              method: 'POST',
              headers: {
                authorization: token,
                'content-type': `multipart/form-data; boundary=${boundary}`,
                'transfer-encoding': 'chunked',
              },
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
          // Many small fields: no single part is over the limit, the whole body is.
          const part = (i: number) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="f${i % 900}"\r\n\r\n${'y'.repeat(4000)}\r\n`;
          let i = 0;
          const write = () => {
            while (i < 400) {
              if (!request.write(part(i++))) {
                request.once('drain', write);
                return;
              }
            }
            request.end(`--${boundary}--\r\n`);
          };
          write();
        });
        expect(answer.status, answer.body).toBe(413);
        expect(JSON.parse(answer.body)).toMatchObject({ status: 413 });
      } finally {
        await server.close();
      }
    });

    it('sends guests and users through the same checks as JSON (401/403, never a crash)', async () => {
      const guest = await create(
        [
          ['name', 'x'],
          ['host', 'h'],
        ],
        '',
      );
      expect(guest.status).toBe(401);
      const user = (await signIn(t, 'users', 'ann@example.com', 'ann-password-1')).token;
      const roles = await send(
        'POST',
        '/api/collections/roles/records',
        await multipart([
          ['name', 'r'],
          ['level', '3'],
        ]),
        user,
      );
      expect(roles.status).toBe(403);
      // A member's own update through multipart works like JSON.
      const mine = await create(
        [
          ['name', 'ann-1'],
          ['host', 'h'],
        ],
        user,
      );
      expect(mine.status).toBe(200);
      const patched = await send(
        'PATCH',
        `/api/collections/systems/records/${String(mine.body.id)}`,
        await multipart([['port', '2222']]),
        user,
      );
      expect(patched.body).toMatchObject({ port: 2222, users: [ann] });
    });

    it('leaves other routes and the CSV import as they were', async () => {
      // The CSV import reads its own multipart stream (its route-scoped parser).
      const csv = await multipart([
        ['note', 'ignored'],
        ['file', new Blob(['name,email,groups\nBea,bea@example.com,\n']), 'users.csv'],
      ]);
      const imported = await send('POST', '/api/users/import', csv);
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body).toMatchObject({ summary: expect.any(Object) as unknown });
      expect(JSON.stringify(imported.body)).toContain('bea@example.com');
      // Routes that take JSON only still refuse multipart with a 415.
      const signInForm = await send(
        'POST',
        '/api/collections/users/auth-with-password',
        await multipart([
          ['identity', 'ann@example.com'],
          ['password', 'ann-password-1'],
        ]),
        undefined,
      );
      expect(signInForm.status).toBe(415);
    });
  });
}
