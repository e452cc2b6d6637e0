// The `users` records a principal may read and change (the records engine takes these over later).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { actorContext, requireAuth } from '../http/principal.js';

export function usersRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/collections/users/records', async (request) => {
    requireAuth(request);
    return ctx.users.create(actorContext(request), request.body);
  });

  app.get('/api/collections/users/records/:id', async (request) => {
    requireAuth(request);
    const { id } = request.params as { id: string };
    return ctx.users.view(actorContext(request), id);
  });

  app.patch('/api/collections/users/records/:id', async (request) => {
    requireAuth(request);
    const { id } = request.params as { id: string };
    return ctx.users.update(actorContext(request), id, request.body ?? {});
  });
}
