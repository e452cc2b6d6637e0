// Starts a listening Gatehouse: services, headless first run, HTTP server, graceful stop.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { type Services, createServices } from './services.js';
import type { HashParams } from './accounts/passwords.js';
import { SYSTEM } from './access/index.js';
import { setupSchema } from './accounts/setup.schema.js';
import { parseInput } from './lib/validation.js';

export interface RunningServer {
  services: Services;
  app: FastifyInstance;
  /** The base URL it answers on, e.g. http://127.0.0.1:8090 */
  url: string;
  firstRun: boolean;
  stop: () => Promise<void>;
}

export async function startServer(
  config: Config,
  options: { hashParams?: HashParams } = {},
): Promise<RunningServer> {
  const services = await createServices(config, options);
  try {
    if (config.initialUser && (await services.setup.isFirstRun())) {
      await services.setup.run(
        { principal: SYSTEM, ip: '', userAgent: 'gatehouse-headless-setup' },
        parseInput(setupSchema, config.initialUser, 'Invalid setup data.'),
      );
    }
    await services.directory.start();
    services.audit.startRetentionJob((error) => {
      process.emitWarning(`audit retention purge failed: ${String(error)}`);
    });
    const app = buildApp(services);
    await app.listen({ host: config.http.host, port: config.http.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
    let stopping: Promise<void> | null = null;
    return {
      services,
      app,
      url: `http://${host}:${port}`,
      firstRun: await services.setup.isFirstRun(),
      stop: () =>
        (stopping ??= (async () => {
          await app.close();
          await services.close();
        })()),
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}
