// Instance settings, for superusers.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { requestActor, requireSuperuser } from '../http/principal.js';

export function settingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/settings', async (request) => {
    requireSuperuser(request);
    return ctx.settings.get();
  });

  app.patch('/api/settings', async (request) => {
    requireSuperuser(request);
    return ctx.settings.update(requestActor(request), request.body ?? {});
  });
}
