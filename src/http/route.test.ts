// route(): auth before input, today's PocketBase-shaped 400s, typed input, answers shaped by their
// schema (a key the schema does not name never reaches the wire), a misfit answer is a 500.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerErrorHandler } from './errors.js';
import { registerContracts, route } from './route.js';
import { GUEST } from '../access/index.js';

function app() {
  const app = Fastify();
  registerErrorHandler(app);
  // A guest on every request (the token lookup is registerPrincipal's, not under test here).
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    request.principal = GUEST;
  });
  registerContracts(app);
  route(
    app,
    {
      method: 'POST',
      url: '/things/:id',
      summary: 'A thing',
      tags: ['test'],
      auth: 'public',
      params: z.object({ id: z.string() }),
      body: z.object({ name: z.string().min(1), size: z.number().int().default(1) }),
      invalid: 'Invalid thing.',
      emptyBodyIsObject: true,
      response: { 200: z.object({ id: z.string(), name: z.string(), size: z.number() }) },
    },
    async ({ params, body }) => ({ ...params, ...body, secret: 'never on the wire' }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/misfit',
      summary: 'An answer that does not fit',
      tags: ['test'],
      auth: 'public',
      response: { 200: z.object({ n: z.number() }) },
    },
    async () => ({ n: 'not a number' }),
  );
  route(
    app,
    {
      method: 'POST',
      url: '/private',
      summary: 'Signed in only',
      tags: ['test'],
      auth: 'user',
      body: z.object({ name: z.string() }),
      response: { 204: null },
    },
    async ({ reply }) => reply.status(204).send(),
  );
  return app;
}

describe('route()', () => {
  it('hands typed input (defaults applied) and strips what the response schema does not name', async () => {
    const res = await app().inject({ method: 'POST', url: '/things/a1', payload: { name: 'x' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'a1', name: 'x', size: 1 });
  });

  it('answers invalid input with the PocketBase 400 naming each field', async () => {
    const res = await app().inject({ method: 'POST', url: '/things/a1', payload: { size: 1.5 } });
    expect(res.statusCode).toBe(400);
    const answer = res.json<{ status: number; message: string; data: object }>();
    expect(answer).toMatchObject({
      status: 400,
      message: 'Invalid thing.',
      data: { name: { code: 'validation_required', message: 'Missing required value.' } },
    });
    expect(Object.keys(answer.data).sort()).toEqual(['name', 'size']);
  });

  it('checks auth before reading the body', async () => {
    const res = await app().inject({ method: 'POST', url: '/private', payload: { name: 1 } });
    expect(res.statusCode).toBe(401);
  });

  it('answers 500 (never 400) when an answer does not fit its schema', async () => {
    const res = await app().inject({ method: 'GET', url: '/misfit' });
    expect(res.statusCode).toBe(500);
  });

  it('records every contract', () => {
    const a = app();
    expect(a.contracts.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /things/:id',
      'GET /misfit',
      'POST /private',
    ]);
  });
});
