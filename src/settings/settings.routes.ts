// Instance settings, for superusers.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { requestActor, requireSuperuser } from '../http/principal.js';

export function settingsRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/settings', async (request) => {
    requireSuperuser(request);
    return services.settings.get();
  });

  app.patch('/api/settings', async (request) => {
    requireSuperuser(request);
    return services.settings.update(requestActor(request), request.body ?? {});
  });
}
