// Group endpoints beyond the records API: bulk membership changes.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { requestActor, requireAuth } from '../http/principal.js';

export function membershipsRoutes(app: FastifyInstance, services: Services): void {
  app.post('/api/groups/:id/members', async (request) => {
    requireAuth(request);
    return services.memberships.change(
      requestActor(request),
      (request.params as { id: string }).id,
      request.body ?? {},
    );
  });
}
