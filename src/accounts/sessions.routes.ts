// The caller's own sessions: list, revoke one, revoke all but the current one (and API tokens).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { requestActor, requireAuth } from '../http/principal.js';

export function sessionsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/sessions', async (request) => {
    requireAuth(request);
    return { items: await ctx.sessions.list(request.principal) };
  });

  app.delete('/api/sessions/:id', async (request, reply) => {
    requireAuth(request);
    const { id } = request.params as { id: string };
    await ctx.sessions.revoke(requestActor(request), id);
    return reply.status(204).send();
  });

  app.delete('/api/sessions', async (request) => {
    requireAuth(request);
    return ctx.sessions.revokeOthers(requestActor(request));
  });
}
