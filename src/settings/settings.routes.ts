// Instance settings, for superusers.
import type { FastifyInstance } from 'fastify';
import { requestActor } from '../http/principal.js';
import { route } from '../http/route.js';
import type { SettingsService } from './settings.service.js';
import { settingsPatchSchema, settingsSchema } from './settings.schema.js';

export function settingsRoutes(
  app: FastifyInstance,
  { settings }: { settings: SettingsService },
): void {
  const tags = ['settings'];
  route(
    app,
    {
      method: 'GET',
      url: '/api/settings',
      summary: 'The instance settings',
      tags,
      auth: 'superuser',
      response: { 200: settingsSchema },
    },
    async () => settings.get(),
  );

  route(
    app,
    {
      method: 'PATCH',
      url: '/api/settings',
      summary: 'Change any subset of the settings (audited)',
      tags,
      auth: 'superuser',
      body: settingsPatchSchema,
      emptyBodyIsObject: true,
      invalid: 'Invalid settings.',
      response: { 200: settingsSchema },
    },
    async ({ body, request }) => settings.update(requestActor(request), body),
  );
}
