// PocketBase's records API for every collection; auth collections are written through the accounts services.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { actorContext, requireSuperuser } from '../http/principal.js';
import { COLLECTIONS } from './collections.js';
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

export function recordsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const params = (request: FastifyRequest) => request.params as RecordParams;
  const nameOf = (request: FastifyRequest) =>
    ctx.records.collection(params(request).collection).name;

  app.get('/api/collections/:collection/records', async (request) =>
    ctx.records.list(
      request.principal,
      params(request).collection,
      parseListQuery(request.query),
      requestInfo(request),
    ),
  );

  app.get('/api/collections/:collection/records/:id', async (request) =>
    ctx.records.view(
      request.principal,
      params(request).collection,
      params(request).id,
      parseViewQuery(request.query),
    ),
  );

  app.post('/api/collections/:collection/records', async (request) => {
    const name = nameOf(request);
    const query = parseViewQuery(request.query);
    if (name === '_superusers') throw superusersByCli();
    if (name === 'users') {
      const created = await ctx.users.create(actorContext(request), request.body);
      return ctx.records.view(request.principal, name, created.id, query);
    }
    return ctx.records.create(actorContext(request), name, request.body, query);
  });

  app.patch('/api/collections/:collection/records/:id', async (request) => {
    const name = nameOf(request);
    const { id } = params(request);
    const query = parseViewQuery(request.query);
    if (name === '_superusers') throw superusersByCli();
    if (name === 'users') {
      await ctx.users.update(actorContext(request), id, request.body ?? {});
      return ctx.records.view(request.principal, name, id, query);
    }
    return ctx.records.update(actorContext(request), name, id, request.body ?? {}, query);
  });

  app.delete('/api/collections/:collection/records/:id', async (request, reply) => {
    const name = nameOf(request);
    const { id } = params(request);
    if (name === '_superusers') throw superusersByCli();
    const { confirm } = request.query as { confirm?: unknown };
    if (name === 'users') {
      await ctx.users.delete(actorContext(request), id, confirm);
      return reply.status(204).send();
    }
    const report = await ctx.records.delete(actorContext(request), name, id, {
      confirm: confirm === 'true' || confirm === '1',
    });
    // Deleting something others hang on (a group's children and members) says what it detached.
    return report ? reply.status(200).send(report) : reply.status(204).send();
  });

  // The catalogue, for superusers (PocketBase's collections list shape).
  app.get('/api/collections', async (request) => {
    requireSuperuser(request);
    const items = COLLECTIONS.map(describe);
    return { page: 1, perPage: items.length, totalItems: items.length, totalPages: 1, items };
  });

  app.get('/api/collections/:collection', async (request) => {
    requireSuperuser(request);
    return describe(ctx.records.collection(params(request).collection));
  });
}

function describe(c: (typeof COLLECTIONS)[number]) {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    system: c.type === 'auth',
    module: c.module,
    access: c.access,
    fields: c.fields
      .filter((f) => !f.hidden)
      .map((f) => ({
        name: f.name,
        type: f.type,
        required: f.required ?? false,
        system: f.system ?? false,
        ...(f.values ? { values: f.values } : {}),
        ...(f.collection
          ? {
              collectionId: c.id === f.collection ? c.id : f.collection,
              maxSelect: f.multiple ? 0 : 1,
              cascadeDelete: f.cascadeDelete ?? false,
            }
          : {}),
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined ? { max: f.max } : {}),
      })),
  };
}
