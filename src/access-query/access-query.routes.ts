// /api/access/*: effective permissions, explain, and the batch decision API.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';

export function accessQueryRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/access/me', async (request) =>
    services.accessQuery.effective(request.principal, null),
  );

  app.get('/api/access/users/:id', async (request) =>
    services.accessQuery.effective(request.principal, (request.params as { id: string }).id),
  );

  app.get('/api/access/explain', async (request) =>
    services.accessQuery.explain(request.principal, request.query),
  );

  app.post('/api/access/check', async (request) =>
    services.accessQuery.check(request.principal, request.body ?? {}),
  );
}
