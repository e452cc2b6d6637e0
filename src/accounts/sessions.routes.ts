// The caller's own sessions: list, revoke one, revoke all but the current one (and API tokens).
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
}
