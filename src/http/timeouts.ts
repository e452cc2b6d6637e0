// How long a client may take: headers and idle keep-alive (Node's server), the whole body (a
// deadline per request), and the streamed import (an idle watchdog instead of a total).
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { uploadStalled } from '../errors.js';

export interface Timeouts {
  /** A request's headers must arrive within this (from the connection or the previous request). */
  headersMs: number;
  /** Once the headers are in, the body must have arrived within this; the streamed import aside. */
  requestMs: number;
  /** A keep-alive connection with no request for this long is closed. */
  keepAliveMs: number;
  /** The streamed import is cut when no bytes arrive for this long while it waits for them. */
  uploadIdleMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  uploadIdleMs: 30_000,
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route reads its body as a stream at its own pace (the CSV import): no total deadline;
     * it watches the upload with `watchUpload` instead.
     */
    streamedBody?: boolean;
  }
}

/**
 * Fastify's server options for `timeouts`. Node enforces the headers timeout (checked every
 * `connectionsCheckingInterval`) and the keep-alive timeout. Node's `requestTimeout` is one total
 * for every route and would cut a long import, so it stays off and `registerTimeouts` sets the
 * deadline per request instead.
 */
export function serverTimeoutOptions(timeouts: Timeouts) {
  const headersTimeout = Math.max(1, Math.round(timeouts.headersMs));
  return {
    keepAliveTimeout: Math.max(1, Math.round(timeouts.keepAliveMs)),
    http: {
      headersTimeout,
      requestTimeout: 0,
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.round(headersTimeout / 10))),
    },
    clientErrorHandler,
  };
}

const deadlines = new WeakMap<object, NodeJS.Timeout>();

export function registerTimeouts(app: FastifyInstance, timeouts: Timeouts): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (bodyPending(request) && !request.routeOptions.config.streamedBody) {
      const timer = setTimeout(() => {
        if (!request.raw.complete) cutOff(request, reply, 'The request body took too long.');
      }, timeouts.requestMs);
      timer.unref();
      deadlines.set(request.raw, timer);
    }
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    closeIfBodyPending(request, reply);
    done(null, payload);
  });
  app.addHook('onResponse', (request, _reply, done) => {
    clearTimeout(deadlines.get(request.raw));
    done();
  });
}

/**
 * Sets `Connection: close` when the answer leaves before the request's body has arrived (an early
 * refusal, an upload cut short): otherwise Node would read and discard the rest at whatever pace
 * the client sends it.
 */
export function closeIfBodyPending(request: FastifyRequest, reply: FastifyReply): void {
  if (bodyPending(request)) reply.header('connection', 'close');
}

/**
 * The chunks of `body` as they arrive; throws a 408 when the consumer has waited `idleMs` for the
 * next one. Time the consumer spends between chunks does not count. Stopping early leaves the
 * stream as it is (the answer still has to go out on its socket).
 */
export async function* watchUpload(body: Readable, idleMs: number): AsyncGenerator<Buffer> {
  const chunks = body.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(uploadStalled(idleMs));
        }, idleMs);
      });
      const next = await Promise.race([chunks.next(), stalled]).finally(() => {
        clearTimeout(timer);
      });
      if (next.done) return;
      yield next.value;
    }
  } finally {
    void chunks.return?.();
  }
}

/** True while a body the headers announce is still arriving. */
function bodyPending(request: FastifyRequest): boolean {
  // Undefined under inject (light-my-request): no socket there to protect.
  const complete = request.raw.complete as boolean | undefined;
  if (complete !== false) return false;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (!!length && length !== '0');
}

/** Answers 408 on the socket itself (the body parser is still waiting) and closes it. */
function cutOff(request: FastifyRequest, reply: FastifyReply, message: string): void {
  request.log.info('request body timed out');
  const socket = request.raw.socket as Socket | null;
  if (!socket || socket.destroyed) return;
  if (!reply.raw.headersSent && socket.writable) socket.write(rawAnswer(408, message));
  socket.destroy();
}

/** Fastify's `clientErrorHandler`: Node's own refusals (headers too slow or too large) in our shape. */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request took too long.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request headers are too large.']
        : [400, 'Bad request.'];
  if (socket.writable) socket.write(rawAnswer(status, message));
  socket.destroy();
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function rawAnswer(status: number, message: string): string {
  const body = JSON.stringify({ status, message, data: {} });
  return (
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n' +
    body
  );
}
