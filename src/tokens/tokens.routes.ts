// /api/tokens: personal API tokens.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { requestActor, requireAuth } from '../http/principal.js';

export function tokensRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/tokens', async (request) => {
    requireAuth(request);
    const { all } = request.query as { all?: string };
    return { items: await ctx.tokens.list(request.principal, all === 'true' || all === '1') };
  });

  app.post('/api/tokens', async (request) => {
    requireAuth(request);
    return ctx.tokens.create(requestActor(request), request.body);
  });

  app.delete('/api/tokens/:id', async (request, reply) => {
    requireAuth(request);
    await ctx.tokens.revoke(requestActor(request), (request.params as { id: string }).id);
    return reply.status(204).send();
  });
}
