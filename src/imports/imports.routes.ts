// The CSV import (template, dry run, rows, confirm) and the export.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { badRequest } from '../errors.js';
import { requestActor, requireAuth } from '../http/principal.js';
import { publicUrlOf } from '../http/public-url.js';
import { watchUpload } from '../http/timeouts.js';
import { boundaryOf, multipartFile } from './multipart.js';
import { TEMPLATE } from './imports.schema.js';

export function importsRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/users/import/template', async (_request, reply) => {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="users-import-template.csv"')
      .send(TEMPLATE);
  });

  // The upload is streamed to the parser, never buffered: every body type but JSON arrives here
  // as the raw request stream (scoped to this route), and the size limit is a setting.
  void app.register((scope, _opts, done) => {
    scope.addContentTypeParser('*', (_request, payload, next) => {
      next(null, payload);
    });
    // No total deadline for the upload (it is read as fast as rows are planned): it is cut when
    // nothing arrives for --upload-idle-timeout while the parser waits.
    scope.post('/api/users/import', { config: { streamedBody: true } }, async (request) => {
      requireAuth(request);
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
      const type = request.headers['content-type'] ?? '';
      const upload = watchUpload(body, services.config.timeouts.uploadIdleMs);
      const bytes = /^multipart\/form-data/i.test(type)
        ? multipartFile(upload, boundaryOf(type))
        : upload;
      const length = Number(request.headers['content-length']);
      return services.imports.dryRun(requestActor(request), bytes, request.query, {
        ...(Number.isFinite(length) ? { declaredBytes: length } : {}),
      });
    });
    done();
  });

  app.get('/api/users/import/:id', async (request) => {
    requireAuth(request);
    const { id } = request.params as { id: string };
    return services.imports.rows(requestActor(request), id, request.query);
  });

  app.post('/api/users/import/:id/confirm', async (request) => {
    requireAuth(request);
    const { id } = request.params as { id: string };
    // Links start with the configured public URL, never the Host header (the client's choice).
    const linkBase = publicUrlOf(request.server, services.config);
    return services.imports.confirm(requestActor(request), id, request.body ?? {}, linkBase);
  });

  app.get('/api/users/export', async (request, reply) => {
    requireAuth(request);
    const out = await services.exports.exportUsers(requestActor(request), request.query);
    return reply
      .type(out.contentType)
      .header('content-disposition', `attachment; filename="${out.filename}"`)
      .send(Readable.from(out.chunks));
  });
}
