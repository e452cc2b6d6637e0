// Accepting a set-password invitation: the link's token and the first password, no sign-in needed.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { metaOf } from '../http/principal.js';

export function invitationsRoutes(app: FastifyInstance, services: Services): void {
  app.post('/api/users/invitations/accept', async (request, reply) => {
    await services.invitations.accept(metaOf(request), request.body ?? {});
    return reply.status(204).send();
  });
}
