// Accepting a set-password invitation: the link's token and the first password, no sign-in needed.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { metaOf } from '../http/principal.js';

export function invitationsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/users/invitations/accept', async (request, reply) => {
    await ctx.invitations.accept(metaOf(request), request.body ?? {});
    return reply.status(204).send();
  });
}
