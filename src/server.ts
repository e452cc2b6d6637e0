// Starts a listening Gatehouse: context, headless first run, HTTP server, graceful stop.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { type AppContext, createContext } from './context.js';
import type { HashParams } from './accounts/passwords.js';
import { SYSTEM } from './access/index.js';

export interface RunningServer {
  ctx: AppContext;
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
  const ctx = await createContext(config, options);
  try {
    if (config.initialUser && (await ctx.setup.isFirstRun())) {
      await ctx.setup.run(
        { principal: SYSTEM, ip: '', userAgent: 'gatehouse-headless-setup' },
        config.initialUser,
      );
    }
    await ctx.directory.start();
    ctx.audit.startRetentionJob((error) => {
      process.emitWarning(`audit retention purge failed: ${String(error)}`);
    });
    const app = buildApp(ctx);
    await app.listen({ host: config.http.host, port: config.http.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
    let stopping: Promise<void> | null = null;
    return {
      ctx,
      app,
      url: `http://${host}:${port}`,
      firstRun: await ctx.setup.isFirstRun(),
      stop: () =>
        (stopping ??= (async () => {
          await app.close();
          await ctx.close();
        })()),
    };
  } catch (error) {
    await ctx.close();
    throw error;
  }
}
