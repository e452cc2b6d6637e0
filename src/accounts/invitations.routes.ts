// Accepting a set-password invitation: the link's token and the first password, no sign-in needed.
import type { FastifyInstance } from 'fastify';
import { metaOf } from '../http/principal.js';
import { route } from '../http/route.js';
import type { InvitationsService } from './invitations.service.js';
import { acceptInvitationSchema } from './users.schema.js';

export function invitationsRoutes(
  app: FastifyInstance,
  { invitations }: { invitations: InvitationsService },
): void {
  route(
    app,
    {
      method: 'POST',
      url: '/api/users/invitations/accept',
      summary: 'Accept a set-password invitation (sets the first password)',
      tags: ['users'],
      auth: 'public',
      body: acceptInvitationSchema,
      emptyBodyIsObject: true,
      invalid: 'Failed to accept the invitation.',
      response: { 204: null },
    },
    async ({ body, request, reply }) => {
      await invitations.accept(metaOf(request), body);
      return reply.status(204).send();
    },
  );
}
