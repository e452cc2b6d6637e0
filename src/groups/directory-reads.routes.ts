// The directory reads of the admin screens: the groups tree, its search, a role's holders and
// how many hold each role of a page.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestActor } from '../http/principal.js';
import { pathText } from '../http/query.js';
import { route } from '../http/route.js';
import type { DirectoryReadsService } from './directory-reads.service.js';
import {
  holderCountsQuerySchema,
  holderCountsResultSchema,
  holdersQuerySchema,
  holdersResultSchema,
  treeQuerySchema,
  treeResultSchema,
  treeSearchQuerySchema,
  treeSearchResultSchema,
} from './directory-reads.schema.js';

export function directoryReadsRoutes(
  app: FastifyInstance,
  { directoryReads }: { directoryReads: DirectoryReadsService },
): void {
  route(
    app,
    {
      method: 'GET',
      url: '/api/groups/tree',
      summary: "A node's child groups (top level without parent), by name, paged, with counts",
      tags: ['groups'],
      auth: 'user',
      query: treeQuerySchema,
      invalid: 'Invalid tree parameters.',
      response: { 200: treeResultSchema },
    },
    async ({ query, request }) => directoryReads.tree(requestActor(request), query),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/groups/tree/search',
      summary: 'Groups at any depth whose name contains q, as paths with their ancestors',
      tags: ['groups'],
      auth: 'user',
      query: treeSearchQuerySchema,
      invalid: 'Invalid search parameters.',
      response: { 200: treeSearchResultSchema },
    },
    async ({ query, request }) => directoryReads.search(requestActor(request), query),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/roles/:id/holders',
      summary: 'Users (directly or through groups, with how) or groups holding a role, paged',
      tags: ['roles'],
      auth: 'user',
      params: z.object({ id: pathText }),
      query: holdersQuerySchema,
      invalid: 'Invalid holders parameters.',
      response: { 200: holdersResultSchema },
    },
    async ({ params, query, request }) =>
      directoryReads.holders(requestActor(request), params.id, query),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/roles/holder-counts',
      summary:
        'How many users or groups hold each of the roles named (the totals of their holders)',
      tags: ['roles'],
      auth: 'user',
      query: holderCountsQuerySchema,
      invalid: 'Invalid holder-count parameters.',
      response: { 200: holderCountsResultSchema },
    },
    async ({ query, request }) => directoryReads.holderCounts(requestActor(request), query),
  );
}
