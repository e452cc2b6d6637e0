// GET /api/openapi.json: served, a valid OpenAPI 3.1 document, and it covers every API route —
// a route added without a contract (route() in src/http/route.ts) fails here.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { openApiPath } from './openapi.js';
import { isDocumented } from './route.js';

interface Operation {
  summary?: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>;
}
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, unknown> };
};

/** Answers that are files or streams (and this document): not parsed, by nature. */
const FILES = [
  'GET /api/audit/export',
  'GET /api/openapi.json',
  'GET /api/users/export',
  'GET /api/users/import/template',
];
/**
 * Records, each parsed with its collection's schema where it is built (before `?fields=` and
 * `:excerpt`, which the edge could not parse); src/records/records.schemas.test.ts holds their
 * answers to the schemas documented here.
 */
const RECORDS = [
  'GET /api/collections/:collection/records',
  'GET /api/collections/:collection/records/:id',
  'PATCH /api/collections/:collection/records/:id',
  'POST /api/collections/:collection/auth-refresh',
  'POST /api/collections/:collection/auth-with-otp',
  'POST /api/collections/:collection/auth-with-password',
  'POST /api/collections/:collection/records',
];

describe('GET /api/openapi.json', () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    t = await createTestApp(DIALECTS[0] ?? 'sqlite');
    const res = await t.request({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    document = res.json();
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('covers every API route Fastify has, and only those', () => {
    const registered = t.app.registeredRoutes
      .filter((r) => r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const contracted = t.app.contracts.map((c) => `${c.method} ${c.url}`).sort();
    expect(contracted).toEqual(registered);
    const documented = Object.entries(document.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(
      registered
        .map((r) => {
          const [method = '', url = ''] = r.split(' ');
          return `${method} ${openApiPath(url)}`;
        })
        .sort(),
    );
  });

  it('documents a summary and a success answer for every operation', () => {
    for (const [path, ops] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.summary, where).toBeTruthy();
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect(success, where).not.toEqual([]);
        for (const status of success) {
          const answer = op.responses[status];
          if (status !== '204') expect(answer?.content, `${where} ${status}`).toBeTruthy();
        }
      }
    }
  });

  it('describes the error shape and the token', () => {
    const raw = JSON.stringify(document);
    expect(raw).toContain('#/components/responses/Error');
    const tokens = document.paths['/api/tokens']?.post;
    expect(tokens?.responses['401']).toBeTruthy();
    expect(tokens?.responses['200']?.content?.['application/json']?.schema).toMatchObject({
      type: 'object',
      properties: { token: { type: 'string' } },
    });
  });

  it('parses every JSON answer with a zod schema (files and records are the listed exceptions)', () => {
    const files: string[] = [];
    const records: string[] = [];
    for (const contract of t.app.contracts) {
      const where = `${contract.method} ${contract.url}`;
      const success = Object.entries(contract.response).filter(([s]) => s.startsWith('2'));
      expect(success, where).not.toEqual([]);
      for (const [status, answer] of success) {
        if (answer === null) expect(status, `${where}: no body only for 204`).toBe('204');
        else if (!isDocumented(answer)) expect(answer, where).toBeInstanceOf(z.ZodType);
        else if (answer.unparsed === 'file') files.push(where);
        else {
          expect(answer.schema, `${where}: an answer of records names its schema`).toBeDefined();
          records.push(where);
        }
      }
    }
    expect(files.sort()).toEqual(FILES);
    expect(records.sort()).toEqual(RECORDS);
  });

  it("describes each collection's record once, as a component the records routes reference", () => {
    const schemas = document.components.schemas ?? {};
    for (const name of ['users', 'superusers', 'groups', 'roles', 'systems', 'assets']) {
      expect(schemas[`${name}Record`], name).toMatchObject({ type: 'object' });
    }
    expect(schemas.groupsRecord).toMatchObject({
      additionalProperties: false,
      properties: {
        path: { type: 'string' },
        roles: { type: 'array' },
        expand: { properties: { parent: { $ref: '#/components/schemas/groupsRecord' } } },
      },
    });
    const view = document.paths['/api/collections/{collection}/records/{id}']?.get;
    const refs = JSON.stringify(view?.responses['200']);
    expect(refs).toContain('#/components/schemas/systemsRecord');
    expect(refs).toContain('#/components/schemas/usersRecord');
    const signIn = document.paths['/api/collections/{collection}/auth-with-password']?.post;
    expect(JSON.stringify(signIn?.responses['200'])).toContain('#/components/schemas/usersRecord');
    expect(JSON.stringify(document)).not.toContain('#/$defs/');
  });
});
