// /api/audit: the audit log for holders of admin.audit.view (and superusers).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { requestActor, requireAuth } from '../http/principal.js';

export function auditRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/audit', async (request) => {
    requireAuth(request);
    return services.audit.list(request.principal, request.query);
  });

  app.get('/api/audit/export', async (request, reply) => {
    requireAuth(request);
    const { format, stream } = await services.audit.export(requestActor(request), request.query);
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json')
      .header('content-disposition', `attachment; filename="gatehouse-audit-${stamp}.${format}"`)
      .send(stream);
  });

  app.get('/api/audit/verify', async (request) => {
    requireAuth(request);
    return services.audit.verify(request.principal);
  });
}
