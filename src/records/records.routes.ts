// PocketBase's records API for every collection; auth collections are written through the accounts services.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { z } from 'zod';
import { parseUserCreate, userChangeBody } from '../accounts/users.input.js';
import { forbidden } from '../errors.js';
import { readForm, registerFormBodies } from '../http/multipart-body.js';
import { requestActor } from '../http/principal.js';
import { route } from '../http/route.js';
import { listCollections } from './collections.list.js';
import { type CollectionsContext, collectionModel } from './collections.view.js';
import { formRecordBody } from './form-body.js';
import { requestInfo } from './filter/request.js';
import {
  LIST_QUERY_INVALID,
  VIEW_QUERY_INVALID,
  listQueryInput,
  parseViewQuery,
  viewQueryInput,
} from './records.query.js';
import {
  collectionParams,
  collectionSchema,
  collectionsPageSchema,
  deleteReportSchema,
  listQuerySchema,
  recordBody,
  recordBodySchema,
  recordParams,
  recordSchema,
  recordsPageSchema,
  ofRecords,
  viewQuerySchema,
} from './records.contract.js';

interface RecordParams {
  collection: string;
  id: string;
}

const superusersByCli = () =>
  forbidden('Superuser accounts are managed with the `gatehouse superuser` command.');

const tags = ['records'];
const formBodies = ['application/json', 'multipart/form-data'];

export function recordsRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'records' | 'users' | 'settings' | 'config'>,
): void {
  const params = (request: FastifyRequest) => request.params as RecordParams;
  const nameOf = (request: FastifyRequest) =>
    services.records.collection(params(request).collection).name;

  route(
    app,
    {
      method: 'GET',
      url: '/api/collections/:collection/records',
      summary: "One page of a collection's records the caller may see",
      tags,
      auth: 'public',
      params: collectionParams,
      query: listQueryInput,
      invalid: LIST_QUERY_INVALID,
      response: { 200: ofRecords(recordsPageSchema) },
    },
    async ({ request, params: { collection }, query }) =>
      services.records.list(request.principal, collection, query, requestInfo(request)),
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/collections/:collection/records/:id',
      summary: 'One record',
      tags,
      auth: 'public',
      params: recordParams,
      query: viewQueryInput,
      invalid: VIEW_QUERY_INVALID,
      response: { 200: ofRecords(recordSchema) },
    },
    async ({ request, params: { collection, id }, query }) =>
      services.records.view(request.principal, collection, id, query),
  );

  // Create and update also take multipart/form-data, as the SDK sends it for FormData or a Blob
  // value; the parser is registered for these two routes only (see registerFormBodies).
  void app.register(async (scope) => {
    await registerFormBodies(scope);
    const bodyOf = async (request: FastifyRequest, mode: 'create' | 'update') =>
      request.isMultipart()
        ? formRecordBody(
            services.records.collection(nameOf(request)),
            await readForm(request),
            mode,
          )
        : request.body;

    route(
      scope,
      {
        method: 'POST',
        url: '/api/collections/:collection/records',
        summary: 'Create a record',
        tags,
        auth: 'public',
        params: collectionParams,
        described: { query: viewQuerySchema, body: recordBodySchema, bodyTypes: formBodies },
        response: { 200: ofRecords(recordSchema) },
      },
      async ({ request }) => {
        const name = nameOf(request);
        const query = parseViewQuery(request.query);
        if (name === '_superusers') throw superusersByCli();
        const body = await bodyOf(request, 'create');
        if (name === 'users') {
          const created = await services.users.create(requestActor(request), parseUserCreate(body));
          return services.records.view(request.principal, name, created.id, query);
        }
        return services.records.create(requestActor(request), name, recordBody(body), query);
      },
    );

    route(
      scope,
      {
        method: 'PATCH',
        url: '/api/collections/:collection/records/:id',
        summary: 'Change a record',
        tags,
        auth: 'public',
        params: recordParams,
        described: { query: viewQuerySchema, body: recordBodySchema, bodyTypes: formBodies },
        response: { 200: ofRecords(recordSchema) },
      },
      async ({ request }) => {
        const name = nameOf(request);
        const { id } = params(request);
        const query = parseViewQuery(request.query);
        if (name === '_superusers') throw superusersByCli();
        const body = (await bodyOf(request, 'update')) ?? {};
        if (name === 'users') {
          await services.users.update(requestActor(request), id, userChangeBody(body));
          return services.records.view(request.principal, name, id, query);
        }
        return services.records.update(requestActor(request), name, id, recordBody(body), query);
      },
    );
  });

  route(
    app,
    {
      method: 'DELETE',
      url: '/api/collections/:collection/records/:id',
      summary: 'Delete a record (users: ?confirm=; a group answers what it detached)',
      tags,
      auth: 'public',
      params: recordParams,
      described: { query: z.object({ confirm: z.string().optional() }) },
      response: {
        200: deleteReportSchema,
        204: null,
      },
    },
    async ({ request, reply }) => {
      const name = nameOf(request);
      const { id } = params(request);
      if (name === '_superusers') throw superusersByCli();
      const { confirm } = request.query as { confirm?: string | string[] };
      if (name === 'users') {
        await services.users.delete(requestActor(request), id, confirm);
        return reply.status(204).send();
      }
      const report = await services.records.delete(requestActor(request), name, id, {
        confirm: confirm === 'true' || confirm === '1',
      });
      // Deleting something others hang on (a group's children and members) says what it detached.
      if (!report) return reply.status(204).send();
      reply.status(200);
      return report;
    },
  );

  // The catalogue in PocketBase's collection shape: superusers see it all (as PocketBase); a signed-in
  // user the collections they may view or create records of (a documented difference: PocketBase
  // refuses users with a 403), so the hub's records screen is generated from the same schema.
  const collectionsContext = async (): Promise<CollectionsContext> => ({
    shareAllSystems: services.config.shareAllSystems,
    auth: (await services.settings.get()).auth,
  });

  route(
    app,
    {
      method: 'GET',
      url: '/api/collections',
      summary: 'The collections, in PocketBase’s shape',
      tags: ['collections'],
      auth: 'user',
      described: { query: listQuerySchema },
      response: { 200: collectionsPageSchema },
    },
    async ({ request }) => {
      const context = await collectionsContext();
      const visible = await services.records.describable(request.principal);
      return listCollections(
        visible.map((c) => collectionModel(c, context)),
        request.query,
      );
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/collections/:collection',
      summary: 'One collection, in PocketBase’s shape',
      tags: ['collections'],
      auth: 'user',
      params: collectionParams,
      response: { 200: collectionSchema },
    },
    async ({ request }) => {
      const collection = await services.records.describe(
        request.principal,
        params(request).collection,
      );
      return collectionModel(collection, await collectionsContext());
    },
  );
}
