// A set-password invitation, no sign-in needed: whom the link invites, and accepting it with the
// first password.
import type { FastifyInstance } from 'fastify';
import { metaOf } from '../http/principal.js';
import { route } from '../http/route.js';
import type { InvitationsService } from './invitations.service.js';
import {
  acceptInvitationSchema,
  invitationLookupSchema,
  invitationSchema,
} from './users.schema.js';

export function invitationsRoutes(
  app: FastifyInstance,
  { invitations }: { invitations: InvitationsService },
): void {
  route(
    app,
    {
      method: 'POST',
      url: '/api/users/invitations/lookup',
      summary: 'Whom a pending set-password invitation is for (changes nothing)',
      tags: ['users'],
      auth: 'public',
      body: invitationLookupSchema,
      emptyBodyIsObject: true,
      invalid: 'Invalid invitation.',
      response: { 200: invitationSchema },
    },
    async ({ body }) => invitations.lookup(body.token),
  );

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
