// The CSV import (template, dry run, rows, confirm) and the export.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { badRequest } from '../errors.js';
import { requestActor } from '../http/principal.js';
import { publicUrlOf } from '../http/public-url.js';
import { pathText } from '../http/query.js';
import { route } from '../http/route.js';
import { watchUpload } from '../http/timeouts.js';
import type { ExportService } from './export.service.js';
import type { ImportsService } from './imports.service.js';
import { multipartCsv, registerUploadParser } from './upload.js';
import {
  TEMPLATE,
  confirmSchema,
  exportQuerySchema,
  importOptionsSchema,
  rowsQuerySchema,
} from './imports.schema.js';
import {
  csvUploadSchema,
  dryRunSchema,
  importResultSchema,
  rowsPageSchema,
} from './imports.contract.js';

const tags = ['imports'];
const csvFile = (description: string) => ({
  unparsed: 'file' as const,
  contentType: 'text/csv',
  description,
});

export function importsRoutes(
  app: FastifyInstance,
  services: { imports: ImportsService; exports: ExportService; config: Config },
): void {
  route(
    app,
    {
      method: 'GET',
      url: '/api/users/import/template',
      summary: 'The CSV template of the user import',
      tags,
      auth: 'public',
      response: { 200: csvFile('The template: a header row and one example row.') },
    },
    async ({ reply }) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="users-import-template.csv"')
        .send(TEMPLATE),
  );

  // The upload is streamed to the parser, never buffered: every body type but JSON arrives here
  // as the raw request stream (scoped to this route), and the size limit is a setting.
  void app.register(async (scope) => {
    await registerUploadParser(scope);
    scope.addContentTypeParser('*', (_request, payload, next) => {
      next(null, payload);
    });
    // No total deadline for the upload (it is read as fast as rows are planned): it is cut when
    // nothing arrives for --upload-idle-timeout while the parser waits.
    route(
      scope,
      {
        method: 'POST',
        url: '/api/users/import',
        summary: 'Upload a CSV of users: a dry run, planned row by row (nothing is written)',
        tags,
        auth: 'user',
        query: importOptionsSchema,
        invalid: 'Invalid import options.',
        described: {
          body: csvUploadSchema,
          bodyTypes: ['text/csv', 'multipart/form-data'],
        },
        response: { 200: dryRunSchema },
        options: { config: { streamedBody: true } },
      },
      async ({ query, request }) => {
        const idleMs = services.config.timeouts.uploadIdleMs;
        const length = Number(request.headers['content-length']);
        const hooks = Number.isFinite(length) ? { declaredBytes: length } : {};
        const actor = requestActor(request);
        if (request.isMultipart())
          return services.imports.dryRun(actor, multipartCsv(request, idleMs), query, hooks);
        const body = request.body;
        if (body === undefined || body === null)
          throw badRequest(
            'No file: send the CSV as text/csv or multipart/form-data (part "file").',
            {
              file: { code: 'validation_required', message: 'Missing file.' },
            },
          );
        if (!(body instanceof Readable))
          throw badRequest(
            'The body is JSON, not CSV: send the file as text/csv or multipart/form-data (part "file").',
            { file: { code: 'validation_not_csv', message: 'Expected a CSV file.' } },
          );
        return services.imports.dryRun(actor, watchUpload(body, idleMs), query, hooks);
      },
    );
  });

  const byId = z.object({ id: pathText });
  route(
    app,
    {
      method: 'GET',
      url: '/api/users/import/:id',
      summary: "A dry run's (or applied import's) rows, page by page",
      tags,
      auth: 'user',
      params: byId,
      query: rowsQuerySchema,
      invalid: 'Invalid query.',
      response: { 200: rowsPageSchema },
    },
    async ({ params, query, request }) =>
      services.imports.rows(requestActor(request), params.id, query),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/users/import/:id/confirm',
      summary: 'Apply a dry run, all rows or none (options may be changed)',
      tags,
      auth: 'user',
      params: byId,
      body: confirmSchema,
      emptyBodyIsObject: true,
      invalid: 'Invalid import options.',
      response: { 200: importResultSchema },
    },
    async ({ params, body, request }) => {
      // Links start with the configured public URL, never the Host header (the client's choice).
      const linkBase = publicUrlOf(request.server, services.config);
      return services.imports.confirm(requestActor(request), params.id, body, linkBase);
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/users/export',
      summary: 'Every user the caller may see, as CSV (or JSON)',
      tags,
      auth: 'user',
      query: exportQuerySchema,
      invalid: 'Invalid export options.',
      response: { 200: csvFile('The users, one row each (format=json: a JSON array).') },
    },
    async ({ query, request, reply }) => {
      const out = await services.exports.exportUsers(requestActor(request), query);
      return reply
        .type(out.contentType)
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .send(Readable.from(out.chunks));
    },
  );
}
