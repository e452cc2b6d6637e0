// Sharing member-mode records: who has access to a record and how, a bulk share, share targets.
import type { FastifyInstance } from 'fastify';
import { requestActor } from '../http/principal.js';
import { route } from '../http/route.js';
import { collectionParams, recordParams } from '../records/records.contract.js';
import type { SharingService } from './sharing.service.js';
import {
  bulkShareResultSchema,
  bulkShareSchema,
  recordAccessSchema,
  shareTargetsPageSchema,
  shareTargetsQuery,
} from './sharing.schema.js';

const tags = ['sharing'];

export function sharingRoutes(app: FastifyInstance, { sharing }: { sharing: SharingService }) {
  route(
    app,
    {
      method: 'GET',
      url: '/api/collections/:collection/records/:id/access',
      summary:
        'Who has access to a shared record and how (directly, or through a group), and whether it is orphaned',
      tags,
      auth: 'public',
      params: recordParams,
      response: { 200: recordAccessSchema },
    },
    async ({ params, request }) =>
      sharing.access(requestActor(request), params.collection, params.id),
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/collections/:collection/share',
      summary:
        'Share many records with users and groups (and un-share), all or nothing, one audit entry per record changed',
      tags,
      auth: 'user',
      params: collectionParams,
      body: bulkShareSchema,
      invalid: 'Nothing was shared: the request is invalid.',
      response: { 200: bulkShareResultSchema },
    },
    async ({ params, body, request }) =>
      sharing.share(requestActor(request), params.collection, body),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/collections/:collection/share-targets',
      summary: 'Users or groups to share records of a collection with (search, paged)',
      tags,
      auth: 'user',
      params: collectionParams,
      query: shareTargetsQuery,
      invalid: 'Invalid share-target search.',
      response: { 200: shareTargetsPageSchema },
    },
    async ({ params, query, request }) =>
      sharing.targets(requestActor(request), params.collection, query),
  );
}
