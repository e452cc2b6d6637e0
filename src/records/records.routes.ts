// PocketBase's records API for every collection; auth collections are written through the accounts services.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { AppError } from '../errors.js';
import { readForm, registerFormBodies } from '../http/multipart-body.js';
import { requestActor, requireSuperuser } from '../http/principal.js';
import { listCollections } from './collections.list.js';
import { type CollectionsContext, collectionModel, collectionModels } from './collections.view.js';
import { formRecordBody } from './form-body.js';
import { requestInfo } from './filter/request.js';
import { parseListQuery, parseViewQuery } from './records.query.js';

interface RecordParams {
  collection: string;
  id: string;
}

const superusersByCli = () =>
  new AppError(
    403,
    'forbidden',
    'Superuser accounts are managed with the `gatehouse superuser` command.',
  );

export function recordsRoutes(app: FastifyInstance, services: Services): void {
  const params = (request: FastifyRequest) => request.params as RecordParams;
  const nameOf = (request: FastifyRequest) =>
    services.records.collection(params(request).collection).name;

  app.get('/api/collections/:collection/records', async (request) =>
    services.records.list(
      request.principal,
      params(request).collection,
      parseListQuery(request.query),
      requestInfo(request),
    ),
  );

  app.get('/api/collections/:collection/records/:id', async (request) =>
    services.records.view(
      request.principal,
      params(request).collection,
      params(request).id,
      parseViewQuery(request.query),
    ),
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

    scope.post('/api/collections/:collection/records', async (request) => {
      const name = nameOf(request);
      const query = parseViewQuery(request.query);
      if (name === '_superusers') throw superusersByCli();
      const body = await bodyOf(request, 'create');
      if (name === 'users') {
        const created = await services.users.create(requestActor(request), body);
        return services.records.view(request.principal, name, created.id, query);
      }
      return services.records.create(requestActor(request), name, body, query);
    });

    scope.patch('/api/collections/:collection/records/:id', async (request) => {
      const name = nameOf(request);
      const { id } = params(request);
      const query = parseViewQuery(request.query);
      if (name === '_superusers') throw superusersByCli();
      const body = (await bodyOf(request, 'update')) ?? {};
      if (name === 'users') {
        await services.users.update(requestActor(request), id, body);
        return services.records.view(request.principal, name, id, query);
      }
      return services.records.update(requestActor(request), name, id, body, query);
    });
  });

  app.delete('/api/collections/:collection/records/:id', async (request, reply) => {
    const name = nameOf(request);
    const { id } = params(request);
    if (name === '_superusers') throw superusersByCli();
    const { confirm } = request.query as { confirm?: unknown };
    if (name === 'users') {
      await services.users.delete(requestActor(request), id, confirm);
      return reply.status(204).send();
    }
    const report = await services.records.delete(requestActor(request), name, id, {
      confirm: confirm === 'true' || confirm === '1',
    });
    // Deleting something others hang on (a group's children and members) says what it detached.
    return report ? reply.status(200).send(report) : reply.status(204).send();
  });

  // The catalogue, for superusers only (as PocketBase), in PocketBase's collection shape.
  const collectionsContext = async (): Promise<CollectionsContext> => ({
    shareAllSystems: services.config.shareAllSystems,
    auth: (await services.settings.get()).auth,
  });

  app.get('/api/collections', async (request) => {
    requireSuperuser(request);
    return listCollections(collectionModels(await collectionsContext()), request.query);
  });

  app.get('/api/collections/:collection', async (request) => {
    requireSuperuser(request);
    const collection = services.records.collection(params(request).collection);
    return collectionModel(collection, await collectionsContext());
  });
}
