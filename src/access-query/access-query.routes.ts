// /api/access/*: effective permissions, explain, and the batch decision API.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export function accessQueryRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/access/me', async (request) => ctx.accessQuery.effective(request.principal, null));

  app.get('/api/access/users/:id', async (request) =>
    ctx.accessQuery.effective(request.principal, (request.params as { id: string }).id),
  );

  app.get('/api/access/explain', async (request) =>
    ctx.accessQuery.explain(request.principal, request.query),
  );

  app.post('/api/access/check', async (request) =>
    ctx.accessQuery.check(request.principal, request.body ?? {}),
  );
}
