// Authenticates every request: `Authorization: <token>` (Bearer optional) → request.principal.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type Actor,
  GUEST,
  isAuthenticated,
  isSuperuser,
  type Principal,
} from '../access/index.js';
import type { AuthService, RequestMeta } from '../accounts/auth.service.js';
import type { TokensService } from '../tokens/tokens.service.js';
import { TOKEN_PREFIX } from '../tokens/token-format.js';
import { forbidden, unauthorized } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export function registerPrincipal(
  app: FastifyInstance,
  auth: AuthService,
  tokens: TokensService,
): void {
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    request.principal = GUEST;
    const header = request.headers.authorization;
    if (!header) return;
    const token = header.replace(/^Bearer\s+/i, '').trim();
    if (!token) return;
    request.principal = token.startsWith(TOKEN_PREFIX)
      ? await tokens.authenticate(token, metaOf(request))
      : await auth.authenticate(token, metaOf(request));
  });
}

export function metaOf(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
}

export function requestActor(request: FastifyRequest): Actor {
  return { principal: request.principal, ...metaOf(request) };
}

/** 401 unless signed in (as a user or a superuser). */
export function requireAuth(request: FastifyRequest): void {
  if (!isAuthenticated(request.principal)) throw unauthorized();
}

/** 401 for guests, 403 for users: the route is for superusers only. */
export function requireSuperuser(request: FastifyRequest): void {
  requireAuth(request);
  if (!isSuperuser(request.principal)) throw forbidden('Only superusers can perform this action.');
}
