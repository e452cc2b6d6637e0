// User administration beyond the records API: bulk actions on a selection.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { requestActor, requireAuth } from '../http/principal.js';

export function usersAdminRoutes(app: FastifyInstance, services: Services): void {
  app.post('/api/users/bulk', async (request) => {
    requireAuth(request);
    return services.users.bulk(requestActor(request), request.body ?? {});
  });
}
