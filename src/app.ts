// buildApp(services) → a Fastify instance with every route; it never listens (tests inject).
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from './services.js';
import { authRoutes } from './accounts/auth.routes.js';
import { sessionsRoutes } from './accounts/sessions.routes.js';
import { setupRoutes } from './accounts/setup.routes.js';
import { corsOnRefusal, registerCors } from './http/cors.js';
import { registerErrorHandler, sendError, toAppError } from './http/errors.js';
import { metaRoutes } from './http/meta.routes.js';
import { registerPrincipal } from './http/principal.js';
import { registerContracts } from './http/route.js';
import { registerSecurityHeaders, secureReply } from './http/security-headers.js';
import { staticUiRoutes } from './http/static-ui.js';
import { closeIfBodyPending, registerTimeouts, serverTimeoutOptions } from './http/timeouts.js';
import { fastifyTrustProxy } from './http/trust-proxy.js';
import { recordsRoutes } from './records/records.routes.js';
import { accessQueryRoutes } from './access-query/access-query.routes.js';
import { reviewRoutes } from './review/review.routes.js';
import { tokensRoutes } from './tokens/tokens.routes.js';
import { serviceAccountsRoutes } from './service-accounts/service-accounts.routes.js';
import { membershipsRoutes } from './groups/memberships.routes.js';
import { directoryReadsRoutes } from './groups/directory-reads.routes.js';
import { sharingRoutes } from './sharing/sharing.routes.js';
import { usersAdminRoutes } from './accounts/users.routes.js';
import { importsRoutes } from './imports/imports.routes.js';
import { invitationsRoutes } from './accounts/invitations.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { mayHoldLoneSurrogate, wellFormedDeep } from './lib/well-formed.js';

export function buildApp(services: Services): FastifyInstance {
  const corsRefusal = corsOnRefusal(services.config.origins);
  const app = Fastify({
    logger: services.config.logLevel === 'silent' ? false : { level: services.config.logLevel },
    trustProxy: fastifyTrustProxy(services.config.trustProxy),
    ...serverTimeoutOptions(services.config.timeouts),
    bodyLimit: 1024 * 1024,
    // PocketBase ids and collection names are short; long path segments are noise or attacks.
    routerOptions: { maxParamLength: 200 },
    // Router-level refusals (bad URL encoding, over-long path parameters) in our error shape too.
    frameworkErrors: (error, request, reply) => {
      // No hook runs here (onRequest's CORS, onSend's security headers).
      secureReply(reply);
      corsRefusal(request, reply);
      closeIfBodyPending(request, reply);
      sendError(reply, toAppError(error));
    },
  });
  // The pocketbase SDK sends `content-type: application/json` on body-less requests
  // (auth-refresh, DELETE); like PocketBase, an empty body counts as no body.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request, body: string, done) => {
      if (body === '') {
        done(null, undefined);
        return;
      }
      void parseJson(request, body, (error: Error | null, value?: unknown) => {
        // A lone UTF-16 surrogate (`"\ud800"`) is taken as U+FFFD, as PocketBase's parser does and
        // as both databases keep it, so what is checked and answered is what gets stored.
        done(error, error || !mayHoldLoneSurrogate(body) ? value : wellFormedDeep(value));
      });
    },
  );
  // First of the hooks: a preflight is answered before authentication (it carries no token).
  registerCors(app, services.config.origins);
  registerErrorHandler(app);
  registerSecurityHeaders(app);
  registerTimeouts(app, services.config.timeouts);
  registerPrincipal(app, services.auth, services.tokens);
  registerContracts(app);

  metaRoutes(app);
  setupRoutes(app, { setup: services.setup });
  authRoutes(app, { auth: services.auth });
  recordsRoutes(app, {
    records: services.records,
    users: services.users,
    settings: services.settings,
    config: services.config,
  });
  accessQueryRoutes(app, { accessQuery: services.accessQuery });
  reviewRoutes(app, { review: services.review });
  tokensRoutes(app, { tokens: services.tokens });
  serviceAccountsRoutes(app, {
    serviceAccounts: services.serviceAccounts,
    serviceAccountTokens: services.serviceAccountTokens,
  });
  membershipsRoutes(app, { memberships: services.memberships });
  directoryReadsRoutes(app, { directoryReads: services.directoryReads });
  sharingRoutes(app, { sharing: services.sharing });
  importsRoutes(app, {
    imports: services.imports,
    exports: services.exports,
    config: services.config,
  });
  invitationsRoutes(app, { invitations: services.invitations });
  usersAdminRoutes(app, { users: services.users });
  sessionsRoutes(app, { sessions: services.sessions });
  settingsRoutes(app, { settings: services.settings });
  auditRoutes(app, { audit: services.audit });
  staticUiRoutes(app, services.config.uiDir || undefined);
  return app;
}
