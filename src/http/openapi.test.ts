// GET /api/openapi.json: served, a valid OpenAPI 3.1 document, and it covers every API route —
// a route added without a contract (route() in src/http/route.ts) fails here.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { openApiPath } from './openapi.js';

interface Operation {
  summary?: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

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
});
