// Security headers on every answer: nosniff and no-store everywhere, a strict policy on HTML pages.
// Kept by hand in one onSend hook so that @fastify/helmet can replace it when the web UI lands.
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The policy an HTML page gets unless it sets its own: nothing may load, run, frame it or be sent
 * a referrer. A page that needs more (its inline script by hash, `connect-src 'self'`) sets
 * `content-security-policy` itself, naming only what it uses.
 */
export const DEFAULT_PAGE_POLICY =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE_HEADERS: Record<string, string> = {
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    secureReply(reply);
    done(null, payload);
  });
}

/** Sets the headers on `reply`; also called where Fastify answers without hooks (router errors). */
export function secureReply(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  // Every answer is someone's data (tokens, secrets, invitation links, accounts): no cache keeps
  // it unless a route says otherwise.
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  const type = reply.getHeader('content-type');
  if (typeof type === 'string' && /^text\/html\b/i.test(type)) {
    reply.headers(PAGE_HEADERS);
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', DEFAULT_PAGE_POLICY);
  }
}
