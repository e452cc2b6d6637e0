// User administration beyond the records API: bulk actions on a selection.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { requestActor, requireAuth } from '../http/principal.js';

export function usersAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/users/bulk', async (request) => {
    requireAuth(request);
    return ctx.users.bulk(requestActor(request), request.body ?? {});
  });
}
