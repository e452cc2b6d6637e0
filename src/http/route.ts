// route(app, contract): a route declared with its contract — auth, params, query, body, responses.
// The edge checks who may call, parses the input with the zod schemas (today's PocketBase-shaped
// 400s), hands the handler typed input, shapes the answer with the response schema (unknown keys
// are stripped: a new column never leaks) and records the contract for GET /api/openapi.json.
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HTTPMethods,
  RouteShorthandOptions,
} from 'fastify';
import { z } from 'zod';
import { internalError } from '../errors.js';
import { parseInput } from '../lib/validation.js';
import { requireAuth, requireSuperuser } from './principal.js';

/** Who may call: anyone (the handler may still decide), a signed-in caller, a superuser. */
export type RouteAuth = 'public' | 'user' | 'superuser';

/**
 * An answer the edge documents but does not parse, and why (openapi.test.ts lists every route
 * that has one, so "documented only" cannot creep back):
 * - `file`: a file or a stream (CSV, a streamed export, the OpenAPI document itself);
 * - `records`: JSON of records, each parsed with its collection's schema where it is built
 *   (records/record-schemas.ts `shapeRecord`), before `?fields=` picks keys and `:excerpt` turns
 *   values into text — which the edge could not parse; `schema` documents the whole answer.
 */
export interface Documented {
  unparsed: 'file' | 'records';
  description?: string;
  /** Default application/json. */
  contentType?: string;
  schema?: z.ZodType;
}

/** A zod schema (the answer is parsed with it), null (no body), or a documented-only answer. */
export type ResponseContract = z.ZodType | null | Documented;

type Schema = z.ZodType | undefined;
type Input<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContract<P extends Schema, Q extends Schema, B extends Schema> {
  method: Extract<HTTPMethods, 'GET' | 'POST' | 'PATCH' | 'DELETE'>;
  url: string;
  summary: string;
  tags: string[];
  auth: RouteAuth;
  params?: P;
  query?: Q;
  body?: B;
  /** The message of the 400 answered for invalid input. */
  invalid?: string;
  /**
   * Input described for the document but parsed past the edge (by a parser the route calls, or by
   * a service that still takes raw input): the handler reads it from `request`.
   */
  described?: { query?: z.ZodType; body?: z.ZodType; bodyTypes?: string[] };
  /** An absent body is parsed as `{}` (PocketBase's "no body" = empty object). */
  emptyBodyIsObject?: boolean;
  response: Record<number, ResponseContract>;
  /** Fastify route options (config, body limit). */
  options?: RouteShorthandOptions;
}

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  params: Input<P>;
  query: Input<Q>;
  body: Input<B>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A route's contract as the OpenAPI document reads it. */
export type AnyContract = RouteContract<Schema, Schema, Schema>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every contract declared with route(), for the OpenAPI document. */
    contracts: AnyContract[];
    /** Every route Fastify registered (HEAD left out), to find one without a contract. */
    registeredRoutes: { method: string; url: string }[];
  }
}

/** Call once on the root instance, before any route: the registry and its onRoute witness. */
export function registerContracts(app: FastifyInstance): void {
  app.decorate('contracts', [] as AnyContract[]);
  app.decorate('registeredRoutes', [] as { method: string; url: string }[]);
  const seen = app.registeredRoutes;
  app.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) if (method !== 'HEAD') seen.push({ method, url: options.url });
  });
}

export const isDocumented = (value: ResponseContract): value is Documented =>
  value !== null && !(value instanceof z.ZodType);

function authorize(request: FastifyRequest, auth: RouteAuth): void {
  if (auth === 'user') requireAuth(request);
  else if (auth === 'superuser') requireSuperuser(request);
}

/** Shapes an answer with its schema; an answer that does not fit is our bug, never a 400. */
function shape(schema: z.ZodType, value: unknown, request: FastifyRequest): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  request.log.error({ issues: result.error.issues }, 'answer does not fit its response schema');
  throw internalError();
}

export function route<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  app: FastifyInstance,
  contract: RouteContract<P, Q, B>,
  handler: (input: RouteInput<P, Q, B>) => Promise<unknown>,
): void {
  const { params, query, body, invalid } = contract;
  app.contracts.push(contract);
  app.route({
    ...contract.options,
    method: contract.method,
    url: contract.url,
    handler: async (request, reply) => {
      authorize(request, contract.auth);
      const input = {
        params: (params ? parseInput(params, request.params, invalid) : undefined) as Input<P>,
        query: (query ? parseInput(query, request.query, invalid) : undefined) as Input<Q>,
        body: (body
          ? parseInput(
              body,
              contract.emptyBodyIsObject ? (request.body ?? {}) : request.body,
              invalid,
            )
          : undefined) as Input<B>,
        request,
        reply,
      };
      const result = await handler(input);
      if (result === reply) return reply;
      const answer = contract.response[reply.statusCode];
      if (answer instanceof z.ZodType) return shape(answer, result, request);
      return result;
    },
  });
}
