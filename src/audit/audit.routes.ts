// /api/audit: the audit log for holders of admin.audit.view (and superusers).
import type { FastifyInstance } from 'fastify';
import { requestActor } from '../http/principal.js';
import { route } from '../http/route.js';
import type { AuditService } from './audit.service.js';
import {
  auditExportSchema,
  auditItemSchema,
  auditListSchema,
  auditPageSchema,
  verifyReportSchema,
} from './audit.schema.js';

export function auditRoutes(app: FastifyInstance, { audit }: { audit: AuditService }): void {
  const tags = ['audit'];
  route(
    app,
    {
      method: 'GET',
      url: '/api/audit',
      summary: 'One page of the audit log, newest first',
      tags,
      auth: 'user',
      query: auditListSchema,
      invalid: 'Invalid audit query.',
      response: { 200: auditPageSchema },
    },
    async ({ query, request }) => audit.list(request.principal, query),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/audit/export',
      summary: 'Every matching entry, oldest first, as a CSV or JSON file (audited)',
      tags,
      auth: 'user',
      query: auditExportSchema,
      invalid: 'Invalid audit export.',
      response: {
        200: {
          unparsed: 'file',
          description: 'A JSON array of entries (format=json) or CSV (format=csv).',
          schema: auditItemSchema.array(),
        },
      },
    },
    async ({ query, request, reply }) => {
      const { format, stream } = await audit.export(requestActor(request), query);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json')
        .header('content-disposition', `attachment; filename="gatehouse-audit-${stamp}.${format}"`)
        .send(stream);
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/audit/verify',
      summary: "Walk the audit log's hash chain and name every entry that does not fit",
      tags,
      auth: 'user',
      response: { 200: verifyReportSchema },
    },
    async ({ request }) => audit.verify(request.principal),
  );
}
