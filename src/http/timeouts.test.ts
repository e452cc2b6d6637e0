// Slow clients are cut off: headers, bodies and idle keep-alive on a real socket; the import's watchdog.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.js';
import { ADMIN, DIALECTS, startTestServer } from '../../test/harness.js';

const TIMEOUTS: Config['timeouts'] = {
  headersMs: 1000,
  requestMs: 1500,
  keepAliveMs: 1000,
  uploadIdleMs: 1000,
};
/** How long past a limit the server may take to act (timer granularity, a loaded machine). */
const SLACK = 1500;

interface Exchange {
  socket: net.Socket;
  /** Resolves when the server closes the connection, with what it sent and when. */
  closed: Promise<{ ms: number; data: string }>;
  data: () => string;
}

function connect(port: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    let data = '';
    const socket = net.connect(port, '127.0.0.1', () => {
      resolve({ socket, closed, data: () => data });
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('error', () => undefined);
    const closed = new Promise<{ ms: number; data: string }>((done) => {
      socket.on('close', () => {
        done({ ms: Date.now() - start, data });
      });
    });
    socket.once('error', reject);
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes; resolves with the bytes sent. */
async function trickle(socket: net.Socket, text: string, everyMs: number): Promise<number> {
  for (let i = 0; i < text.length; i++) {
    if (socket.destroyed || socket.writableEnded) return i;
    socket.write(text.charAt(i));
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return text.length;
}

/** Resolves with how the race ended: the server closed the socket, or `ms` passed. */
async function closedWithin(exchange: Exchange, ms: number) {
  const timer = new Promise<null>((r) => {
    setTimeout(() => {
      r(null);
    }, ms);
  });
  const result = await Promise.race([exchange.closed, timer]);
  if (!result) exchange.socket.destroy();
  return result;
}

const head = (method: string, path: string, headers: Record<string, string | number>) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('') +
  '\r\n';

for (const dialect of DIALECTS) {
  describe(`slow clients (${dialect})`, () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let port: number;
    let su: string;
    beforeAll(async () => {
      server = await startTestServer(dialect, { timeouts: TIMEOUTS });
      port = Number(new URL(server.url).port);
      await fetch(`${server.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      const res = await fetch(`${server.url}/api/collections/_superusers/auth-with-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: ADMIN.email, password: ADMIN.password }),
      });
      su = ((await res.json()) as { token: string }).token;
    });
    afterAll(async () => {
      await server.close();
    });

    const SIGN_IN = JSON.stringify({ identity: ADMIN.email, password: ADMIN.password });
    const signInHead = (length: number) =>
      head('POST', '/api/collections/users/auth-with-password', {
        'content-type': 'application/json',
        'content-length': length,
      });

    it('answers a whole request on a raw socket as usual', async () => {
      const exchange = await connect(port);
      exchange.socket.write(signInHead(Buffer.byteLength(SIGN_IN)) + SIGN_IN);
      await new Promise((r) => setTimeout(r, 500));
      expect(exchange.data()).toMatch(/^HTTP\/1\.1 200 /);
      expect(exchange.data()).toContain('"token"');
      exchange.socket.destroy();
    });

    it('answers 408 and closes when half a JSON body is followed by silence', async () => {
      const exchange = await connect(port);
      exchange.socket.write(
        signInHead(Buffer.byteLength(SIGN_IN)) + SIGN_IN.slice(0, SIGN_IN.length / 2),
      );
      const closed = await closedWithin(exchange, TIMEOUTS.requestMs + SLACK);
      expect(closed, 'the connection is still open').not.toBeNull();
      expect(closed?.ms).toBeGreaterThanOrEqual(TIMEOUTS.requestMs - 100);
      expect(closed?.data).toMatch(/^HTTP\/1\.1 408 /);
      expect(closed?.data).toContain('"status":408');
    });

    it('cuts off a body trickled a byte at a time, though the socket is never idle', async () => {
      const exchange = await connect(port);
      exchange.socket.write(signInHead(Buffer.byteLength(SIGN_IN)));
      const sent = trickle(exchange.socket, SIGN_IN, 200);
      const closed = await closedWithin(exchange, TIMEOUTS.requestMs + SLACK);
      expect(closed, 'the connection is still open').not.toBeNull();
      expect(await sent).toBeLessThan(SIGN_IN.length);
      expect(closed?.data).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('cuts off headers trickled a byte at a time', async () => {
      const exchange = await connect(port);
      const sent = trickle(exchange.socket, signInHead(Buffer.byteLength(SIGN_IN)), 200);
      const closed = await closedWithin(exchange, TIMEOUTS.headersMs + SLACK);
      expect(closed, 'the connection is still open').not.toBeNull();
      expect(await sent).toBeLessThan(40);
      expect(closed?.data).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('closes a connection that sends nothing, and an idle keep-alive connection', async () => {
      const silent = await connect(port);
      expect(await closedWithin(silent, TIMEOUTS.headersMs + SLACK)).not.toBeNull();
      const kept = await connect(port);
      kept.socket.write(head('GET', '/api/health', {}));
      await new Promise((r) => setTimeout(r, 200));
      expect(kept.data()).toMatch(/^HTTP\/1\.1 200 /);
      expect(kept.data()).toMatch(/keep-alive/i);
      expect(await closedWithin(kept, TIMEOUTS.keepAliveMs + SLACK)).not.toBeNull();
    });

    describe('the streamed import', () => {
      const csv =
        'name,email,groups\n' +
        Array.from({ length: 12 }, (_, i) => `User ${i},user${i}@example.com,\n`).join('');
      const importHead = () =>
        head('POST', '/api/users/import', {
          authorization: su,
          'content-type': 'text/csv',
          'content-length': Buffer.byteLength(csv),
        });

      it('is cut when the upload stalls for the idle timeout', async () => {
        const exchange = await connect(port);
        exchange.socket.write(importHead() + csv.slice(0, csv.length / 2));
        const closed = await closedWithin(exchange, TIMEOUTS.uploadIdleMs + SLACK);
        expect(closed, 'the connection is still open').not.toBeNull();
        expect(closed?.data).toMatch(/^HTTP\/1\.1 408 /);
        expect(closed?.data).toContain('"status":408');
      });

      it('is cut when a multipart upload stalls, before its file part or inside it', async () => {
        const b = '----gatehouse-idle';
        const filePart = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\n\r\n`;
        for (const sent of [`--${b}\r\nContent-Disposition: form-`, filePart + csv.slice(0, 20)]) {
          const exchange = await connect(port);
          exchange.socket.write(
            head('POST', '/api/users/import', {
              authorization: su,
              'content-type': `multipart/form-data; boundary=${b}`,
              'content-length': 10_000,
            }) + sent,
          );
          const closed = await closedWithin(exchange, TIMEOUTS.uploadIdleMs + SLACK);
          expect(closed, 'the connection is still open').not.toBeNull();
          expect(closed?.data).toMatch(/^HTTP\/1\.1 408 /);
        }
      });

      it("answers a refused upload and closes, without draining the rest at the client's pace", async () => {
        const patch = await fetch(`${server.url}/api/settings`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', authorization: su },
          body: JSON.stringify({ imports: { maxBytes: 1024 } }),
        });
        expect(patch.status).toBe(200);
        try {
          const exchange = await connect(port);
          const big = `name,email,groups\n${'x'.repeat(2000)},a@example.com,\n`;
          exchange.socket.write(
            head('POST', '/api/users/import', {
              authorization: su,
              'content-type': 'text/csv',
              'transfer-encoding': 'chunked',
            }) + `${big.length.toString(16)}\r\n${big}\r\n`,
          );
          // The client goes on sending slowly; the answer is out and the connection closed at once.
          void trickle(exchange.socket, '1\r\nx\r\n'.repeat(100), 50);
          const closed = await closedWithin(exchange, 1000);
          expect(closed, 'the connection is still open').not.toBeNull();
          expect(closed?.data).toMatch(/^HTTP\/1\.1 413 /);
          expect(closed?.data).toMatch(/connection: close/i);
          // The same through a multipart body.
          const b = '----gatehouse-big';
          const form =
            `--${b}\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\n\r\n` + big;
          const again = await connect(port);
          again.socket.write(
            head('POST', '/api/users/import', {
              authorization: su,
              'content-type': `multipart/form-data; boundary=${b}`,
              'transfer-encoding': 'chunked',
            }) + `${form.length.toString(16)}\r\n${form}\r\n`,
          );
          void trickle(again.socket, '1\r\nx\r\n'.repeat(100), 50);
          const cut = await closedWithin(again, 1000);
          expect(cut, 'the multipart connection is still open').not.toBeNull();
          expect(cut?.data).toMatch(/^HTTP\/1\.1 413 /);
          expect(cut?.data).toMatch(/connection: close/i);
        } finally {
          await fetch(`${server.url}/api/settings`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', authorization: su },
            body: JSON.stringify({ imports: { maxBytes: 32 * 1024 * 1024 } }),
          });
        }
      });

      it('is not cut while bytes keep coming, however long it takes', async () => {
        const exchange = await connect(port);
        exchange.socket.write(importHead());
        // 12 chunks, one every 250 ms: 3 s in all, twice the request timeout.
        const lines = csv.split(/(?<=\n)/);
        for (const line of lines) {
          exchange.socket.write(line);
          await new Promise((r) => setTimeout(r, 3000 / lines.length));
        }
        await new Promise((r) => setTimeout(r, 500));
        expect(exchange.data()).toMatch(/^HTTP\/1\.1 200 /);
        expect(exchange.data()).toContain('"create":12');
        exchange.socket.destroy();
      });
    });
  });
}
