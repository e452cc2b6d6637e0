// PocketBase-compatible auth endpoints for `users` and `_superusers`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { AccountCollection } from '../access/index.js';
import { metaOf } from '../http/principal.js';
import { pathText } from '../http/query.js';
import { route } from '../http/route.js';
import { parseInput } from '../lib/validation.js';
import { parseFields, pick } from '../records/fields-picker.js';
import { recordOfAny } from '../records/record-schemas.js';
import { parseViewQuery, viewQuerySchema } from '../records/records.query.js';
import { isAccountCollection } from './account-records.js';
import { AUTH_INVALID, otpAuthSchema, passwordAuthSchema } from './auth.schema.js';
import { type AuthResult, type AuthService, requireOtpEnabled } from './auth.service.js';
import { OTP_SECONDS } from './superusers.service.js';

function collectionParam(request: FastifyRequest): AccountCollection {
  const { collection } = request.params as { collection: string };
  if (!isAccountCollection(collection)) {
    throw notFound('Missing or invalid auth collection context.');
  }
  return collection;
}

/**
 * `?expand=` and `?fields=` of an auth answer, read before anything happens (a bad `fields` is a
 * 400, not a session opened for nothing). As PocketBase (recordAuthResponse, then Event.JSON's
 * picker), expand applies to the record and `fields` to the whole answer: `token`, `record.email`.
 */
function answerOf(request: FastifyRequest) {
  const { expand, fields } = parseViewQuery(request.query);
  const picked = parseFields(fields);
  return {
    expand,
    shape: ({ token, record }: AuthResult) => pick({ token, record }, picked),
  };
}

/**
 * The sign-in bodies are parsed here, at the edge, but in the handler (hence `described`): after
 * the collection's 404, the `?expand=`/`?fields=` 400 and (one-time codes) the 400 of a collection
 * without them, in the order these answers always came.
 */
const tags = ['auth'];
const params = z.object({ collection: pathText.describe('users or _superusers') });
/**
 * `{token, record}` as PocketBase answers a sign-in (no `meta`: no OAuth2). The record is shaped
 * by its collection's schema where it is built (record-schemas.ts: a user by the records engine, a
 * superuser in auth.accounts.ts); the answer's own keys are named here (`answerOf`), and
 * `?fields=` may pick parts of it.
 */
const authAnswer = {
  unparsed: 'records' as const,
  schema: z.object({ token: z.string(), record: recordOfAny(['users', '_superusers']) }),
};

const authMethodsSchema = z.object({
  password: z.object({ enabled: z.boolean(), identityFields: z.array(z.string()) }),
  oauth2: z.object({ enabled: z.boolean(), providers: z.array(z.never()) }),
  mfa: z.object({ enabled: z.boolean(), duration: z.number().int() }),
  otp: z.object({ enabled: z.boolean(), duration: z.number().int() }),
});

export function authRoutes(app: FastifyInstance, { auth }: { auth: AuthService }): void {
  route(
    app,
    {
      method: 'POST',
      url: '/api/collections/:collection/auth-with-password',
      summary: 'Sign in with email and password',
      tags,
      auth: 'public',
      params,
      described: { query: viewQuerySchema, body: passwordAuthSchema },
      response: { 200: authAnswer },
    },
    async ({ request }) => {
      const collection = collectionParam(request);
      const { expand, shape } = answerOf(request);
      const body = parseInput(passwordAuthSchema, request.body, AUTH_INVALID);
      return shape(await auth.signInWithPassword(collection, body, metaOf(request), expand));
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/collections/:collection/auth-with-otp',
      summary: 'Sign in with a one-time code (superusers: `gatehouse superuser otp`)',
      tags,
      auth: 'public',
      params,
      described: { query: viewQuerySchema, body: otpAuthSchema },
      response: { 200: authAnswer },
    },
    async ({ request }) => {
      const collection = collectionParam(request);
      const { expand, shape } = answerOf(request);
      requireOtpEnabled(collection);
      const body = parseInput(otpAuthSchema, request.body, AUTH_INVALID);
      return shape(await auth.signInWithOtp(collection, body, metaOf(request), expand));
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/collections/:collection/auth-refresh',
      summary: "A fresh token for the caller's session",
      tags,
      auth: 'public',
      params,
      described: { query: viewQuerySchema },
      response: { 200: authAnswer },
    },
    async ({ request }) => {
      const collection = collectionParam(request);
      const { expand, shape } = answerOf(request);
      return shape(await auth.refresh(collection, request.principal, expand));
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/collections/:collection/auth-methods',
      summary: 'How accounts of the collection sign in',
      tags,
      auth: 'public',
      params,
      response: { 200: authMethodsSchema },
    },
    async ({ request }) => {
      const collection = collectionParam(request);
      const otp = collection === '_superusers';
      return {
        password: { enabled: true, identityFields: ['email'] },
        oauth2: { enabled: false, providers: [] },
        mfa: { enabled: false, duration: 0 },
        // Superusers sign in with codes from `gatehouse superuser otp` (no email is sent).
        otp: { enabled: otp, duration: otp ? OTP_SECONDS : 0 },
      };
    },
  );
}
