// `gatehouse serve`: run the HTTP server until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { loadConfig, type ConfigFlags } from '../config.js';
import { startServer } from '../server.js';
import type { Io } from './io.js';

export function serveCommand(program: Command, io: Io, flags: () => ConfigFlags): void {
  program
    .command('serve')
    .description('Start the Gatehouse server')
    .option('--http <host:port>', 'address to listen on (env GATEHOUSE_HTTP)', undefined)
    .option(
      '--trust-proxy [hops|addresses]',
      'behind reverse proxies: their number (e.g. 1) or their addresses/CIDRs ' +
        '(e.g. 10.0.0.0/8,127.0.0.1); the client IP is then read from X-Forwarded-For ' +
        '(env GATEHOUSE_TRUST_PROXY; default off)',
    )
    .option(
      '--public-url <url>',
      'the URL users reach Gatehouse at, for invitation links (env GATEHOUSE_PUBLIC_URL; ' +
        'default http://<listen address>)',
    )
    .option(
      '--origins <list>',
      'origins browsers may call the API from (CORS), comma-separated, * and ? wildcards ' +
        '(e.g. https://app.example.com,https://*.example.com) (env GATEHOUSE_ORIGINS; default *)',
    )
    .option(
      '--headers-timeout <seconds>',
      "a request's headers must arrive within this (env GATEHOUSE_HEADERS_TIMEOUT; default 10)",
    )
    .option(
      '--request-timeout <seconds>',
      'then its whole body, except a streamed import (env GATEHOUSE_REQUEST_TIMEOUT; default 30)',
    )
    .option(
      '--keep-alive-timeout <seconds>',
      'an idle keep-alive connection is closed after this (env GATEHOUSE_KEEP_ALIVE_TIMEOUT; default 5)',
    )
    .option(
      '--upload-idle-timeout <seconds>',
      'a CSV import upload is cut when nothing arrives for this long ' +
        '(env GATEHOUSE_UPLOAD_IDLE_TIMEOUT; default 30)',
    )
    .option(
      '--share-all-systems',
      'every signed-in user views every system (env GATEHOUSE_SHARE_ALL_SYSTEMS)',
    )
    .option(
      '--log-level <level>',
      'fatal|error|warn|info|debug|trace|silent (env GATEHOUSE_LOG_LEVEL)',
    )
    .action(
      async (options: {
        http?: string;
        trustProxy?: string | boolean;
        publicUrl?: string;
        origins?: string;
        headersTimeout?: string;
        requestTimeout?: string;
        keepAliveTimeout?: string;
        uploadIdleTimeout?: string;
        shareAllSystems?: boolean;
        logLevel?: string;
      }) => {
        const config = loadConfig({ ...flags(), ...options });
        const server = await startServer(config);
        io.out(`Gatehouse listening on ${server.url} (database: ${server.services.dialect.name})`);
        io.out(`├─ REST API: ${server.url}/api/`);
        if (config.publicUrl) io.out(`├─ Public URL: ${config.publicUrl} (invitation links)`);
        if (server.firstRun) {
          io.out(
            `└─ First run: open ${server.url}/ to create the first account (or POST ${server.url}/api/setup)`,
          );
        } else {
          io.out(`└─ Health:   ${server.url}/api/health`);
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            void server.stop().then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      },
    );
}
