// CORS as PocketBase serves it (apis/serve.go + apis/middlewares_cors.go): the configured origins
// (`--origins`, default `*`), preflights answered 204, no credentials (tokens travel in headers).
import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { configError } from '../errors.js';

/** The methods PocketBase's serve.go allows (its preflight answers them joined with ","). */
export const CORS_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

/** An origin, or a pattern of one with `*` / `?` wildcards: scheme://host[:port], nothing after. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^\s/#]+$/i;

/** The longest origin a pattern is tried on (PocketBase: a 253-character domain, scheme, port). */
const MAX_PATTERN_INPUT = 253 + 3 + 5;

/** Validates `--origins` / GATEHOUSE_ORIGINS: comma-separated; empty means `*`. */
export function parseOrigins(value: string, name: string): string[] {
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    if (origin !== '*' && !ORIGIN.test(origin)) {
      throw configError(
        `${name} takes * or comma-separated origins such as https://app.example.com or https://*.example.com, got "${origin}"`,
      );
    }
  }
  return origins.length > 0 ? origins : ['*'];
}

/**
 * What `Access-Control-Allow-Origin` says to a request from `origin` (PocketBase's order: `*`,
 * the same origin, then wildcard patterns as whole-origin expressions), or null when the origin
 * is not allowed.
 */
export function allowOrigin(
  origins: readonly string[],
): (origin: string | undefined) => string | null {
  const patterns = origins
    .filter((o) => o !== '*' && /[*?]/.test(o))
    .map(
      (o) =>
        new RegExp(
          `^${o
            .replace(/[.+^${}()|[\]\\*?]/g, '\\$&')
            .replaceAll('\\*', '.*')
            .replaceAll('\\?', '.')}$`,
        ),
    );
  return (origin) => {
    if (!origin) return null;
    for (const allowed of origins) {
      if (allowed === '*') return '*';
      if (allowed === origin) return origin;
    }
    if (origin.length > MAX_PATTERN_INPUT || !origin.includes('://')) return null;
    return patterns.some((p) => p.test(origin)) ? origin : null;
  };
}

/**
 * Registers CORS before every other hook, so a preflight (which carries no Authorization) is
 * answered before authentication. A request without an Origin, or from an origin not allowed,
 * gets no CORS headers; its preflight is still a 204, as PocketBase answers it.
 */
export function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  const allowed = allowOrigin(origins);
  void app.register(fastifyCors, {
    // An empty list is "not this origin" to @fastify/cors: no header, but the preflight answered.
    origin: (origin, callback) => {
      callback(null, allowed(origin) ?? []);
    },
    methods: CORS_METHODS,
    // No allowedHeaders: a preflight is allowed the headers it asks for (PocketBase's default);
    // no maxAge: PocketBase sends no Access-Control-Max-Age.
    credentials: false,
    strictPreflight: false,
    hideOptionsRoute: true,
  });
}

/**
 * The CORS header for answers no hook sees (the router's own refusals: bad URL encoding, an
 * over-long path parameter), so that a browser can read those errors too.
 */
export function corsOnRefusal(
  origins: readonly string[],
): (request: FastifyRequest, reply: FastifyReply) => void {
  const allowed = allowOrigin(origins);
  return (request, reply) => {
    void reply.header('vary', 'Origin');
    const origin = allowed(request.headers.origin);
    if (origin) void reply.header('access-control-allow-origin', origin);
  };
}
