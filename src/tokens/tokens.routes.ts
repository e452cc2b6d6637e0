// /api/tokens: personal API tokens.
import type { FastifyInstance } from 'fastify';
import { requestActor } from '../http/principal.js';
import { pathText } from '../http/query.js';
import { route } from '../http/route.js';
import { z } from 'zod';
import type { TokensService } from './tokens.service.js';
import {
  mintedTokenSchema,
  tokenCreateSchema,
  tokensListQuery,
  tokensPageSchema,
} from './tokens.schema.js';

export function tokensRoutes(app: FastifyInstance, { tokens }: { tokens: TokensService }): void {
  const tags = ['tokens'];
  route(
    app,
    {
      method: 'GET',
      url: '/api/tokens',
      summary: "The caller's API tokens (with ?all=true, everyone's; with ?user=<id>, that user's)",
      tags,
      auth: 'user',
      query: tokensListQuery,
      response: { 200: tokensPageSchema },
    },
    async ({ query, request }) => ({
      items:
        query.user !== undefined && !query.all
          ? await tokens.listFor(request.principal, query.user)
          : await tokens.list(request.principal, query.all),
    }),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/tokens',
      summary: 'Mint a personal API token (the secret is in this answer only)',
      tags,
      auth: 'user',
      body: tokenCreateSchema,
      invalid: 'Invalid token.',
      response: { 200: mintedTokenSchema },
    },
    async ({ body, request }) => tokens.create(requestActor(request), body),
  );

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/tokens/:id',
      summary: 'Revoke a token',
      tags,
      auth: 'user',
      params: z.object({ id: pathText }),
      response: { 204: null },
    },
    async ({ params, request, reply }) => {
      await tokens.revoke(requestActor(request), params.id);
      return reply.status(204).send();
    },
  );
}
