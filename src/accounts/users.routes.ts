// User administration beyond the records API: bulk actions on a selection.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../http/principal.js';
import { route } from '../http/route.js';
import type { UsersService } from './users.service.js';
import { userBulkSchema } from './users.schema.js';

export function usersAdminRoutes(app: FastifyInstance, { users }: { users: UsersService }): void {
  route(
    app,
    {
      method: 'POST',
      url: '/api/users/bulk',
      summary: 'Disable, enable, set the role of, or add to / remove from a group many users',
      tags: ['users'],
      auth: 'user',
      body: userBulkSchema,
      emptyBodyIsObject: true,
      invalid: 'Invalid bulk action.',
      response: {
        200: z.object({
          action: z.string(),
          changed: z.array(z.string()),
          group: z.string().optional(),
          tokensRevoked: z.number().int().optional(),
        }),
      },
    },
    async ({ body, request }) => users.bulk(requestActor(request), body),
  );
}
