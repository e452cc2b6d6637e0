// First-run setup: is it open, and do it.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { requestActor } from '../http/principal.js';

export function setupRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/setup', async () => ({ firstRun: await ctx.setup.isFirstRun() }));

  app.post('/api/setup', async (request) => ctx.setup.run(requestActor(request), request.body));
}
