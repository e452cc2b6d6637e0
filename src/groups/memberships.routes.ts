// Group endpoints beyond the records API: bulk membership changes.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../http/principal.js';
import { pathText } from '../http/query.js';
import { route } from '../http/route.js';
import type { MembershipsService } from './memberships.service.js';
import { membersResultSchema, membersSchema } from './memberships.schema.js';

export function membershipsRoutes(
  app: FastifyInstance,
  { memberships }: { memberships: MembershipsService },
): void {
  route(
    app,
    {
      method: 'POST',
      url: '/api/groups/:id/members',
      summary: "Add and remove a group's members in one all-or-nothing change",
      tags: ['groups'],
      auth: 'user',
      params: z.object({ id: pathText }),
      body: membersSchema,
      emptyBodyIsObject: true,
      invalid: 'Invalid membership change.',
      response: { 200: membersResultSchema },
    },
    async ({ params, body, request }) => memberships.change(requestActor(request), params.id, body),
  );
}
