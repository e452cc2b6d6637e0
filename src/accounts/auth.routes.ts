// PocketBase-compatible auth endpoints for `users` and `_superusers`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { AccountCollection } from '../access/kernel.js';
import { metaOf } from '../http/principal.js';
import { isAccountCollection } from './account-records.js';
import { OTP_SECONDS } from './superusers.service.js';

function collectionParam(request: FastifyRequest): AccountCollection {
  const { collection } = request.params as { collection: string };
  if (!isAccountCollection(collection)) {
    throw new AppError(404, 'not_found', 'Missing or invalid auth collection context.');
  }
  return collection;
}

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/collections/:collection/auth-with-password', async (request) =>
    ctx.auth.signInWithPassword(collectionParam(request), request.body, metaOf(request)),
  );

  app.post('/api/collections/:collection/auth-with-otp', async (request) =>
    ctx.auth.signInWithOtp(collectionParam(request), request.body, metaOf(request)),
  );

  app.post('/api/collections/:collection/auth-refresh', async (request) =>
    ctx.auth.refresh(collectionParam(request), request.principal),
  );

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
