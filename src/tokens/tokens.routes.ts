// /api/tokens: personal API tokens.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { requestActor, requireAuth } from '../http/principal.js';

export function tokensRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/tokens', async (request) => {
    requireAuth(request);
    const { all } = request.query as { all?: string };
    return { items: await services.tokens.list(request.principal, all === 'true' || all === '1') };
  });

  app.post('/api/tokens', async (request) => {
    requireAuth(request);
    return services.tokens.create(requestActor(request), request.body);
  });

  app.delete('/api/tokens/:id', async (request, reply) => {
    requireAuth(request);
    await services.tokens.revoke(requestActor(request), (request.params as { id: string }).id);
    return reply.status(204).send();
  });
}
