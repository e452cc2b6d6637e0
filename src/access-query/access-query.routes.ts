// /api/access/*: effective permissions, explain, and the batch decision API.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pathText } from '../http/query.js';
import { requestActor } from '../http/principal.js';
import { route } from '../http/route.js';
import type { AccessQueryService } from './access-query.service.js';
import {
  checkResultSchema,
  checkSchema,
  effectiveSchema,
  explainResultSchema,
  explainSchema,
  previewResultSchema,
  previewSchema,
} from './access-query.schema.js';

export function accessQueryRoutes(
  app: FastifyInstance,
  { accessQuery }: { accessQuery: AccessQueryService },
): void {
  const tags = ['access'];
  route(
    app,
    {
      method: 'GET',
      url: '/api/access/me',
      summary: "The caller's effective level, roles, groups and module grants",
      tags,
      auth: 'public',
      response: { 200: effectiveSchema },
    },
    async ({ request }) => accessQuery.effective(request.principal, null),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/access/users/:id',
      summary: "A user's effective level, roles, groups and module grants",
      tags,
      auth: 'public',
      params: z.object({ id: pathText }),
      response: { 200: effectiveSchema },
    },
    async ({ params, request }) => accessQuery.effective(request.principal, params.id),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/access/explain',
      summary: 'Is an action allowed for a user, and why',
      tags,
      auth: 'public',
      query: explainSchema,
      invalid: 'Invalid explain parameters.',
      response: { 200: explainResultSchema },
    },
    async ({ query, request }) => accessQuery.explain(request.principal, query),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/access/check',
      summary: 'Batch decisions for other services: one boolean per check',
      tags,
      // As the service's own guest check: the same 401, before the body is read.
      auth: 'user',
      body: checkSchema,
      emptyBodyIsObject: true,
      invalid: 'Invalid checks.',
      response: { 200: checkResultSchema },
    },
    async ({ body, request }) => accessQuery.check(request.principal, body),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/access/preview',
      summary:
        'What-if: who would gain and lose which grants and levels if a role, group or user change were saved (nothing is written)',
      tags,
      auth: 'user',
      body: previewSchema,
      invalid: 'Invalid change.',
      response: { 200: previewResultSchema },
    },
    async ({ body, request }) => accessQuery.preview(requestActor(request), body),
  );
}
