// /api/service-accounts: service accounts and their API tokens (sub-resource `/{id}/tokens`).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../http/principal.js';
import { pathText } from '../http/query.js';
import { route } from '../http/route.js';
import { mintedTokenSchema, tokenCreateSchema, tokensPageSchema } from '../tokens/tokens.schema.js';
import type { ServiceAccountsService } from './service-accounts.service.js';
import type { ServiceAccountTokens } from './service-accounts.tokens.js';
import {
  serviceAccountCreateSchema,
  serviceAccountDeleteQuery,
  serviceAccountsListQuery,
  serviceAccountsPageSchema,
  serviceAccountUpdateSchema,
  serviceAccountViewSchema,
} from './service-accounts.schema.js';

const byId = z.object({ id: pathText });
const tags = ['service-accounts'];

export function serviceAccountsRoutes(
  app: FastifyInstance,
  {
    serviceAccounts: sa,
    serviceAccountTokens: saTokens,
  }: { serviceAccounts: ServiceAccountsService; serviceAccountTokens: ServiceAccountTokens },
): void {
  route(
    app,
    {
      method: 'GET',
      url: '/api/service-accounts',
      summary:
        'A page of the service accounts the caller may see (?q= searches name and description)',
      tags,
      auth: 'user',
      query: serviceAccountsListQuery,
      response: { 200: serviceAccountsPageSchema },
    },
    async ({ query, request }) => sa.list(requestActor(request), query),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/service-accounts',
      summary: 'Create a service account',
      tags,
      auth: 'user',
      body: serviceAccountCreateSchema,
      emptyBodyIsObject: true,
      invalid: 'Failed to create service account.',
      response: { 200: serviceAccountViewSchema },
    },
    async ({ body, request }) => sa.create(requestActor(request), body),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/service-accounts/:id',
      summary: 'One service account',
      tags,
      auth: 'user',
      params: byId,
      response: { 200: serviceAccountViewSchema },
    },
    async ({ params, request }) => sa.view(requestActor(request), params.id),
  );

  route(
    app,
    {
      method: 'PATCH',
      url: '/api/service-accounts/:id',
      summary: 'Change a service account (disabling revokes its tokens)',
      tags,
      auth: 'user',
      params: byId,
      body: serviceAccountUpdateSchema,
      emptyBodyIsObject: true,
      invalid: 'Failed to update service account.',
      response: {
        200: serviceAccountViewSchema.extend({ tokensRevoked: z.number().int().optional() }),
      },
    },
    async ({ params, body, request }) => sa.update(requestActor(request), params.id, body),
  );

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/service-accounts/:id',
      summary: 'Delete a service account (?confirm=<its name>)',
      tags,
      auth: 'user',
      params: byId,
      query: serviceAccountDeleteQuery,
      response: { 204: null },
    },
    async ({ params, query, request, reply }) => {
      await sa.delete(requestActor(request), params.id, query.confirm);
      return reply.status(204).send();
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/service-accounts/:id/tokens',
      summary: "A service account's active tokens",
      tags,
      auth: 'user',
      params: byId,
      response: { 200: tokensPageSchema },
    },
    async ({ params, request }) => ({
      items: await saTokens.list(requestActor(request), params.id),
    }),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/service-accounts/:id/tokens',
      summary: 'Mint a token for a service account (the secret is in this answer only)',
      tags,
      auth: 'user',
      params: byId,
      body: tokenCreateSchema,
      emptyBodyIsObject: true,
      invalid: 'Invalid token.',
      response: { 200: mintedTokenSchema },
    },
    async ({ params, body, request }) => saTokens.mint(requestActor(request), params.id, body),
  );

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/service-accounts/:id/tokens/:tokenId',
      summary: "Revoke a service account's token",
      tags,
      auth: 'user',
      params: z.object({ id: pathText, tokenId: pathText }),
      response: { 204: null },
    },
    async ({ params, request, reply }) => {
      await saTokens.revoke(requestActor(request), params.id, params.tokenId);
      return reply.status(204).send();
    },
  );
}
