// The OpenAPI 3.1 document of GET /api/openapi.json, built from the route contracts with zod's
// own JSON Schema output (requests as input, answers as output).
import { z } from 'zod';
import { type AnyContract, type ResponseContract, isDocumented } from './route.js';

type JsonSchema = Record<string, unknown>;

/**
 * Named schemas (`.meta({ id })`, e.g. each collection's record) shared by the operations: zod
 * puts them in each schema's `$defs`; the document keeps them once, in `components.schemas`.
 */
type Components = Map<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components?: Components) {
  const raw = JSON.stringify(
    z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }),
  );
  const out = JSON.parse(raw.replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  // The dialect is the document's own (OpenAPI 3.1 is JSON Schema 2020-12).
  delete out.$schema;
  const defs = out.$defs as Record<string, unknown> | undefined;
  if (!defs) return out;
  if (!components) throw new Error('named schemas need the document’s components');
  delete out.$defs;
  for (const [id, def] of Object.entries(defs)) {
    // Only named schemas are shared: zod's own `__schemaN` names differ from schema to schema.
    if (id.startsWith('__')) throw new Error(`a recursive schema without an id: ${id}`);
    const seen = components.get(id);
    if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(def))
      throw new Error(`two schemas named ${id}`);
    components.set(id, def);
  }
  return out;
}

/** The shape of every error answer (PocketBase's). */
const errorSchema = z.object({
  status: z.number().int(),
  message: z.string(),
  data: z.record(z.string(), z.object({ code: z.string(), message: z.string() })),
});

const ERRORS: Record<number, string> = {
  400: 'Invalid input: `data` names each bad field.',
  401: 'The request requires a valid token.',
  403: 'The caller may not do this.',
  404: 'Not found (or not visible to the caller).',
};

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  if (!(schema instanceof z.ZodObject)) return {};
  return schema.shape;
}

function parameters(contract: AnyContract): unknown[] {
  const out: unknown[] = [];
  for (const [name, schema] of Object.entries(objectShape(contract.params))) {
    out.push({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') });
  }
  const querySchema = contract.query ?? contract.described?.query;
  const query = querySchema ? jsonSchema(querySchema, 'input') : null;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const properties = (query?.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, schema] of Object.entries(properties)) {
    out.push({ name, in: 'query', required: required.has(name), schema });
  }
  return out;
}

function response(status: number, answer: ResponseContract, components: Components): unknown {
  const description = status < 300 ? 'Success.' : (ERRORS[status] ?? 'Error.');
  if (answer === null) return { description: status === 204 ? 'No content.' : description };
  if (isDocumented(answer)) {
    const type = answer.contentType ?? 'application/json';
    return {
      description: answer.description ?? description,
      content: {
        [type]: { schema: answer.schema ? jsonSchema(answer.schema, 'output', components) : {} },
      },
    };
  }
  return {
    description,
    content: { 'application/json': { schema: jsonSchema(answer, 'output', components) } },
  };
}

function operation(contract: AnyContract, components: Components): unknown {
  const responses: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(contract.response)) {
    responses[status] = response(Number(status), answer, components);
  }
  const errorRef = { $ref: '#/components/responses/Error' };
  const body = contract.body ?? contract.described?.body;
  if (contract.params || contract.query || body || contract.described) {
    responses['400'] ??= errorRef;
  }
  if (contract.auth !== 'public') responses['401'] ??= errorRef;
  if (contract.auth === 'superuser') responses['403'] ??= errorRef;
  const params = parameters(contract);
  return {
    operationId: `${contract.method.toLowerCase()}${contract.url.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    summary: contract.summary,
    tags: contract.tags,
    ...(contract.auth === 'public' ? {} : { security: [{ token: [] }] }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body
      ? {
          requestBody: {
            required: !contract.emptyBodyIsObject,
            content: Object.fromEntries(
              (contract.described?.bodyTypes ?? ['application/json']).map((type) => [
                type,
                { schema: jsonSchema(body, 'input') },
              ]),
            ),
          },
        }
      : {}),
    responses,
  };
}

/** `/api/tokens/:id` → `/api/tokens/{id}`. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function openApiDocument(contracts: readonly AnyContract[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Components = new Map();
  for (const contract of contracts) {
    const path = (paths[openApiPath(contract.url)] ??= {});
    path[contract.method.toLowerCase()] = operation(contract, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse',
      version,
      description:
        'Users & access hub with a PocketBase-compatible API. Send a token as `Authorization: <token>` (a `Bearer ` prefix is optional).',
    },
    paths,
    components: {
      schemas: Object.fromEntries([...schemas].sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'Authorization' } },
      responses: {
        Error: {
          description: 'An error, in PocketBase’s shape.',
          content: { 'application/json': { schema: jsonSchema(errorSchema, 'output') } },
        },
      },
    },
  };
}
