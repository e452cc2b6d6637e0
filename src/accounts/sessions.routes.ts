// The caller's own sessions: list, revoke one, revoke all but the current one (and API tokens);
// and, for administrators, one user's sessions: list, revoke one.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../http/principal.js';
import { pathText } from '../http/query.js';
import { route } from '../http/route.js';
import type { SessionsService } from './sessions.service.js';
import { revokedOthersSchema, sessionViewSchema } from './sessions.schema.js';

export function sessionsRoutes(
  app: FastifyInstance,
  { sessions }: { sessions: SessionsService },
): void {
  const tags = ['sessions'];
  route(
    app,
    {
      method: 'GET',
      url: '/api/sessions',
      summary: "The caller's sessions",
      tags,
      auth: 'user',
      response: { 200: z.object({ items: z.array(sessionViewSchema) }) },
    },
    async ({ request }) => ({ items: await sessions.list(request.principal) }),
  );

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/sessions/:id',
      summary: 'Revoke one of the caller’s sessions',
      tags,
      auth: 'user',
      params: z.object({ id: pathText }),
      response: { 204: null },
    },
    async ({ params, request, reply }) => {
      await sessions.revoke(requestActor(request), params.id);
      return reply.status(204).send();
    },
  );

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/sessions',
      summary: 'Sign out everywhere else (other sessions, and a user’s other API tokens)',
      tags,
      auth: 'user',
      response: { 200: revokedOthersSchema },
    },
    async ({ request }) => sessions.revokeOthers(requestActor(request)),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/users/:id/sessions',
      summary: "A user's sessions (admin:users.manage at or above the user's level)",
      tags,
      auth: 'user',
      params: z.object({ id: pathText }),
      response: { 200: z.object({ items: z.array(sessionViewSchema) }) },
    },
    async ({ params, request }) => ({ items: await sessions.listOf(request.principal, params.id) }),
  );

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/users/:id/sessions/:sessionId',
      summary: "Revoke one of a user's sessions (admin:users.manage at or above the user's level)",
      tags,
      auth: 'user',
      params: z.object({ id: pathText, sessionId: pathText }),
      response: { 204: null },
    },
    async ({ params, request, reply }) => {
      await sessions.revokeOf(requestActor(request), params.id, params.sessionId);
      return reply.status(204).send();
    },
  );
}
