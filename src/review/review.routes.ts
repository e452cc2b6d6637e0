// /api/access/review: the access review's lists, and "Complete review".
import type { FastifyInstance } from 'fastify';
import { requestActor } from '../http/principal.js';
import { route } from '../http/route.js';
import type { AccessReviewService } from './review.service.js';
import {
  completeReviewSchema,
  completedSchema,
  reviewQuerySchema,
  reviewSchema,
} from './review.schema.js';

export function reviewRoutes(app: FastifyInstance, { review }: { review: AccessReviewService }) {
  const tags = ['access'];
  route(
    app,
    {
      method: 'GET',
      url: '/api/access/review',
      summary:
        'Access review: stale accounts, tokens to look at, privileged users, empty groups, ownerless service accounts',
      tags,
      auth: 'user',
      query: reviewQuerySchema,
      invalid: 'Invalid access review parameters.',
      response: { 200: reviewSchema },
    },
    async ({ query, request }) => review.review(requestActor(request), query),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/access/review',
      summary: 'Complete review: one audit entry with what was reviewed and the counts',
      tags,
      auth: 'user',
      body: completeReviewSchema,
      emptyBodyIsObject: true,
      invalid: 'Invalid access review.',
      response: { 200: completedSchema },
    },
    async ({ body, request }) => review.complete(requestActor(request), body),
  );
}
