// First-run setup: is it open, and do it.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { requestActor } from '../http/principal.js';

export function setupRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/setup', async () => ({ firstRun: await services.setup.isFirstRun() }));

  app.post('/api/setup', async (request) =>
    services.setup.run(requestActor(request), request.body),
  );
}
