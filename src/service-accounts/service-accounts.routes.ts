// /api/service-accounts: service accounts and their API tokens (sub-resource `/{id}/tokens`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { requestActor, requireAuth } from '../http/principal.js';

interface Params {
  id: string;
  tokenId: string;
}

export function serviceAccountsRoutes(app: FastifyInstance, services: Services): void {
  const params = (request: FastifyRequest) => request.params as Params;
  const sa = services.serviceAccounts;

  app.get('/api/service-accounts', async (request) => {
    requireAuth(request);
    return { items: await sa.list(requestActor(request)) };
  });

  app.post('/api/service-accounts', async (request) => {
    requireAuth(request);
    return sa.create(requestActor(request), request.body ?? {});
  });

  app.get('/api/service-accounts/:id', async (request) => {
    requireAuth(request);
    return sa.view(requestActor(request), params(request).id);
  });

  app.patch('/api/service-accounts/:id', async (request) => {
    requireAuth(request);
    return sa.update(requestActor(request), params(request).id, request.body ?? {});
  });

  app.delete('/api/service-accounts/:id', async (request, reply) => {
    requireAuth(request);
    const { confirm } = request.query as { confirm?: unknown };
    await sa.delete(requestActor(request), params(request).id, confirm);
    return reply.status(204).send();
  });

  app.get('/api/service-accounts/:id/tokens', async (request) => {
    requireAuth(request);
    return { items: await sa.listTokens(requestActor(request), params(request).id) };
  });

  app.post('/api/service-accounts/:id/tokens', async (request) => {
    requireAuth(request);
    return sa.mintToken(requestActor(request), params(request).id, request.body ?? {});
  });

  app.delete('/api/service-accounts/:id/tokens/:tokenId', async (request, reply) => {
    requireAuth(request);
    const { id, tokenId } = params(request);
    await sa.revokeToken(requestActor(request), id, tokenId);
    return reply.status(204).send();
  });
}
