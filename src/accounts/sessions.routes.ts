// The caller's own sessions: list, revoke one, revoke all but the current one (and API tokens).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { requestActor, requireAuth } from '../http/principal.js';

export function sessionsRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/sessions', async (request) => {
    requireAuth(request);
    return { items: await services.sessions.list(request.principal) };
  });

  app.delete('/api/sessions/:id', async (request, reply) => {
    requireAuth(request);
    const { id } = request.params as { id: string };
    await services.sessions.revoke(requestActor(request), id);
    return reply.status(204).send();
  });

  app.delete('/api/sessions', async (request) => {
    requireAuth(request);
    return services.sessions.revokeOthers(requestActor(request));
  });
}
