// First-run setup: is it open, and do it.
import type { FastifyInstance } from 'fastify';
import { requestActor } from '../http/principal.js';
import { route } from '../http/route.js';
import type { SetupService } from './setup.service.js';
import { setupResultSchema, setupSchema, setupStatusSchema } from './setup.schema.js';

export function setupRoutes(app: FastifyInstance, { setup }: { setup: SetupService }): void {
  const tags = ['setup'];
  route(
    app,
    {
      method: 'GET',
      url: '/api/setup',
      summary: 'Is first-run setup open, and the password rule the forms check',
      tags,
      auth: 'public',
      response: { 200: setupStatusSchema },
    },
    async () => setup.status(),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/setup',
      summary: 'First-run setup: the first admin user and superuser',
      tags,
      auth: 'public',
      body: setupSchema,
      invalid: 'Invalid setup data.',
      response: { 200: setupResultSchema },
    },
    async ({ body, request }) => setup.run(requestActor(request), body),
  );
}
