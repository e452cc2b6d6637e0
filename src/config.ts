// Configuration: command-line flags > GATEHOUSE_* environment > defaults, validated into one Config.
import path from 'node:path';
import { z } from 'zod';
import { configError } from './errors.js';
import { parseOrigins } from './http/cors.js';
import { parsePublicUrl } from './http/public-url.js';
import { DEFAULT_TIMEOUTS, type Timeouts } from './http/timeouts.js';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy.js';

export interface Config {
  /** host:port the HTTP server binds to. */
  http: { host: string; port: number };
  /** Data directory (SQLite database, backups). */
  dir: string;
  /** Database URL: `sqlite:<file>` (default `<dir>/data.db`) or `postgres://…`. */
  db: string;
  /** PostgreSQL schema to use (created if missing); empty for the connection's default. */
  dbSchema: string;
  /**
   * Which X-Forwarded-For hops to believe when reading the client IP: 0 none (the default), a
   * number of reverse proxies in front, or the proxies' addresses/CIDRs (decision 0007).
   */
  trustProxy: TrustProxy;
  /**
   * The URL users reach Gatehouse at (invitation links start with it); '' means the listen
   * address. Never taken from a request's Host header.
   */
  publicUrl: string;
  /**
   * The origins browsers may call the API from (CORS), as PocketBase's `--origins`: `*` (the
   * default) or origins, `*` and `?` wildcards allowed (`https://*.example.com`).
   */
  origins: string[];
  /** How long clients may take (headers, body, idle keep-alive, a stalled import upload). */
  timeouts: Timeouts;
  /** Every signed-in user views every system (the monitoring hub's SHARE_ALL_SYSTEMS). */
  shareAllSystems: boolean;
  /** Headless first run: create the first admin user and superuser at start-up. */
  initialUser: { email: string; password: string } | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The built web UI to serve (GATEHOUSE_UI_DIR); '' means dist/ui beside the server's code. */
  uiDir: string;
}

/** What flags may set; each maps to a GATEHOUSE_* variable (documented in the README). */
export interface ConfigFlags {
  http?: string | undefined;
  dir?: string | undefined;
  db?: string | undefined;
  dbSchema?: string | undefined;
  /** A hop count or a comma-separated address list; `true` (a bare flag) is refused. */
  trustProxy?: string | boolean | undefined;
  publicUrl?: string | undefined;
  /** Comma-separated origins. */
  origins?: string | undefined;
  /** Seconds, as typed. */
  headersTimeout?: string | undefined;
  requestTimeout?: string | undefined;
  keepAliveTimeout?: string | undefined;
  uploadIdleTimeout?: string | undefined;
  shareAllSystems?: boolean | undefined;
  logLevel?: string | undefined;
}

const booleanText = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', '']))
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function parseHttp(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) {
    throw configError(`--http must be host:port, got "${value}"`);
  }
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

/** Seconds (decimals allowed) → milliseconds; `fallback` when unset. */
function seconds(value: string | undefined, name: string, fallbackMs: number): number {
  if (value === undefined || value.trim() === '') return fallbackMs;
  const n = Number(value.trim());
  if (!Number.isFinite(n) || n < 0.05 || n > 3600) {
    throw configError(`${name} must be a number of seconds between 0.05 and 3600, got "${value}"`);
  }
  return Math.round(n * 1000);
}

function parseOr<T>(schema: z.ZodType<T>, value: string, name: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw configError(`${name}: invalid value "${value}"`);
  }
  return result.data;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const dir = path.resolve(flags.dir ?? env.GATEHOUSE_DIR ?? 'gatehouse_data');
  const db = flags.db ?? env.GATEHOUSE_DB ?? `sqlite:${path.join(dir, 'data.db')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(db)) {
    throw configError(`--db must be sqlite:<file> or postgres://…, got "${db}"`);
  }
  const email = env.GATEHOUSE_USER_EMAIL?.trim() ?? '';
  const password = env.GATEHOUSE_USER_PASSWORD ?? '';
  if ((email === '') !== (password === '')) {
    throw configError('GATEHOUSE_USER_EMAIL and GATEHOUSE_USER_PASSWORD must be set together');
  }
  const schema = flags.dbSchema ?? env.GATEHOUSE_DB_SCHEMA ?? '';
  if (schema !== '' && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw configError(`--db-schema must be a lowercase identifier, got "${schema}"`);
  }
  return {
    http: parseHttp(flags.http ?? env.GATEHOUSE_HTTP ?? '127.0.0.1:8090'),
    dir,
    db,
    dbSchema: schema,
    trustProxy:
      flags.trustProxy !== undefined
        ? parseTrustProxy(flags.trustProxy, '--trust-proxy')
        : parseTrustProxy(env.GATEHOUSE_TRUST_PROXY ?? '', 'GATEHOUSE_TRUST_PROXY'),
    publicUrl: flags.publicUrl
      ? parsePublicUrl(flags.publicUrl, '--public-url')
      : parsePublicUrl(env.GATEHOUSE_PUBLIC_URL ?? '', 'GATEHOUSE_PUBLIC_URL'),
    origins:
      flags.origins !== undefined
        ? parseOrigins(flags.origins, '--origins')
        : parseOrigins(env.GATEHOUSE_ORIGINS ?? '', 'GATEHOUSE_ORIGINS'),
    timeouts: {
      headersMs: seconds(
        flags.headersTimeout ?? env.GATEHOUSE_HEADERS_TIMEOUT,
        '--headers-timeout',
        DEFAULT_TIMEOUTS.headersMs,
      ),
      requestMs: seconds(
        flags.requestTimeout ?? env.GATEHOUSE_REQUEST_TIMEOUT,
        '--request-timeout',
        DEFAULT_TIMEOUTS.requestMs,
      ),
      keepAliveMs: seconds(
        flags.keepAliveTimeout ?? env.GATEHOUSE_KEEP_ALIVE_TIMEOUT,
        '--keep-alive-timeout',
        DEFAULT_TIMEOUTS.keepAliveMs,
      ),
      uploadIdleMs: seconds(
        flags.uploadIdleTimeout ?? env.GATEHOUSE_UPLOAD_IDLE_TIMEOUT,
        '--upload-idle-timeout',
        DEFAULT_TIMEOUTS.uploadIdleMs,
      ),
    },
    shareAllSystems:
      flags.shareAllSystems ??
      parseOr(
        booleanText,
        env.GATEHOUSE_SHARE_ALL_SYSTEMS ?? env.SHARE_ALL_SYSTEMS ?? '',
        'GATEHOUSE_SHARE_ALL_SYSTEMS',
      ),
    initialUser: email ? { email, password } : null,
    logLevel: parseOr(logLevel, flags.logLevel ?? env.GATEHOUSE_LOG_LEVEL ?? 'info', '--log-level'),
    uiDir: env.GATEHOUSE_UI_DIR?.trim() ? path.resolve(env.GATEHOUSE_UI_DIR.trim()) : '',
  };
}
