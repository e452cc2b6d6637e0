// The API about itself: GET /api/health and GET /api/openapi.json.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { openApiDocument } from './openapi.js';
import { route } from './route.js';

/** The package's version (package.json is two folders up from src/http and from dist/http). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** GET /api/health; GET /api/openapi.json, built once on first request (every route is registered by then). */
export function metaRoutes(app: FastifyInstance): void {
  route(
    app,
    {
      method: 'GET',
      url: '/api/health',
      summary: 'Health check',
      tags: ['meta'],
      auth: 'public',
      response: {
        200: z.object({ code: z.number().int(), message: z.string(), data: z.object({}) }),
      },
    },
    async () => ({ code: 200, message: 'API is healthy.', data: {} }),
  );

  let document: unknown = null;
  route(
    app,
    {
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This OpenAPI 3.1 document',
      tags: ['meta'],
      auth: 'public',
      response: { 200: { unparsed: 'file', description: 'The OpenAPI 3.1 document.' } },
    },
    async () => (document ??= openApiDocument(app.contracts, packageVersion())),
  );
}
