// PocketBase-compatible auth endpoints for `users` and `_superusers`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { AppError } from '../errors.js';
import type { AccountCollection } from '../access/index.js';
import { metaOf } from '../http/principal.js';
import { parseFields, pick } from '../records/fields-picker.js';
import { parseViewQuery } from '../records/records.query.js';
import { isAccountCollection } from './account-records.js';
import type { AuthResult } from './auth.service.js';
import { OTP_SECONDS } from './superusers.service.js';

function collectionParam(request: FastifyRequest): AccountCollection {
  const { collection } = request.params as { collection: string };
  if (!isAccountCollection(collection)) {
    throw new AppError(404, 'not_found', 'Missing or invalid auth collection context.');
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
  return { expand, shape: (answer: AuthResult) => pick(answer, picked) };
}

export function authRoutes(app: FastifyInstance, services: Services): void {
  app.post('/api/collections/:collection/auth-with-password', async (request) => {
    const collection = collectionParam(request);
    const { expand, shape } = answerOf(request);
    return shape(
      await services.auth.signInWithPassword(collection, request.body, metaOf(request), expand),
    );
  });

  app.post('/api/collections/:collection/auth-with-otp', async (request) => {
    const collection = collectionParam(request);
    const { expand, shape } = answerOf(request);
    return shape(
      await services.auth.signInWithOtp(collection, request.body, metaOf(request), expand),
    );
  });

  app.post('/api/collections/:collection/auth-refresh', async (request) => {
    const collection = collectionParam(request);
    const { expand, shape } = answerOf(request);
    return shape(await services.auth.refresh(collection, request.principal, expand));
  });

  app.get('/api/collections/:collection/auth-methods', async (request) => {
    const collection = collectionParam(request);
    const otp = collection === '_superusers';
    return {
      password: { enabled: true, identityFields: ['email'] },
      oauth2: { enabled: false, providers: [] },
      mfa: { enabled: false, duration: 0 },
      // Superusers sign in with codes from `gatehouse superuser otp` (no email is sent).
      otp: { enabled: otp, duration: otp ? OTP_SECONDS : 0 },
    };
  });
}
