// Test harness: the dialects to run against and fresh, isolated Gatehouse instances on each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MIGRATION_LOCK_KEY } from '../src/db/migrate.js';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { type Services, createServices } from '../src/services.js';
import type { DialectName } from '../src/db/dialect.js';
import { randomString } from '../src/lib/ids.js';
import { type RunningServer, startServer } from '../src/server.js';

/** Set GATEHOUSE_TEST_PG=postgres://… to run every storage test on PostgreSQL too (CI does). */
export const PG_URL = process.env.GATEHOUSE_TEST_PG ?? '';
export const DIALECTS: DialectName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export const ADMIN = {
  email: 'admin@example.com',
  password: 'correct-horse-battery',
  name: 'Ada Admin',
};

/** A fresh database: a temporary SQLite file, or a new PostgreSQL schema dropped afterwards. */
export function freshDatabase(
  dialect: DialectName,
): Promise<{ db: string; dbSchema: string; dir: string; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  if (dialect === 'sqlite') {
    return Promise.resolve({
      db: `sqlite:${path.join(dir, 'data.db')}`,
      dbSchema: '',
      dir,
      drop: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  }
  const schema = `t_${randomString(12)}`;
  return Promise.resolve({
    db: PG_URL,
    dbSchema: schema,
    dir,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      // Not while another test file migrates (see MIGRATION_LOCK_KEY).
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.query('COMMIT');
      await client.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}

export async function testConfig(dialect: DialectName, overrides: Partial<Config> = {}) {
  const database = await freshDatabase(dialect);
  const config: Config = {
    ...loadConfig({}, {}),
    http: { host: '127.0.0.1', port: 0 },
    dir: database.dir,
    db: database.db,
    dbSchema: database.dbSchema,
    logLevel: 'silent',
    ...overrides,
  };
  return { config, drop: database.drop };
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  /** app.inject with JSON in and out, and the token as Authorization when given. */
  request: (options: InjectOptions & { token?: string }) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}

export async function createTestApp(
  dialect: DialectName,
  overrides: Partial<Config> = {},
): Promise<TestApp> {
  const { config, drop } = await testConfig(dialect, overrides);
  return instance(config, drop);
}

/** A second instance over the same database as `first` (to show state is shared, not in memory). */
export function createSiblingApp(first: TestApp): Promise<TestApp> {
  return instance(first.config, () => Promise.resolve());
}

async function instance(config: Config, drop: () => Promise<void>): Promise<TestApp> {
  const services = await createServices(config);
  await services.directory.start();
  const app = buildApp(services);
  await app.ready();
  return {
    app,
    services,
    config,
    request: ({ token, headers, ...options }) =>
      app.inject({
        ...options,
        headers: { ...headers, ...(token ? { authorization: token } : {}) },
      }),
    close: async () => {
      await app.close();
      await services.close();
      await drop();
    },
  };
}

/** A listening server on 127.0.0.1 with a random port (for the pocketbase SDK). */
export async function startTestServer(
  dialect: DialectName,
  overrides: Partial<Config> = {},
): Promise<RunningServer & { close: () => Promise<void> }> {
  const { config, drop } = await testConfig(dialect, overrides);
  const server = await startServer(config);
  return {
    ...server,
    close: async () => {
      await server.stop();
      await drop();
    },
  };
}

/** Runs first-run setup with ADMIN (admin user + superuser). */
export async function setupAdmin(t: TestApp): Promise<void> {
  const res = await t.request({ method: 'POST', url: '/api/setup', payload: ADMIN });
  if (res.statusCode !== 200) throw new Error(`setup failed: ${res.body}`);
}

export async function signIn(
  t: TestApp,
  collection: 'users' | '_superusers',
  identity: string,
  password: string,
): Promise<{ token: string; record: { id: string } & Record<string, unknown> }> {
  const res = await t.request({
    method: 'POST',
    url: `/api/collections/${collection}/auth-with-password`,
    payload: { identity, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Creates a user through the API as a superuser and returns its id. */
export async function createUser(
  t: TestApp,
  superuserToken: string,
  fields: Record<string, unknown>,
): Promise<string> {
  const res = await t.request({
    method: 'POST',
    url: '/api/collections/users/records',
    token: superuserToken,
    payload: fields,
  });
  if (res.statusCode !== 200) throw new Error(`create user failed: ${res.body}`);
  return res.json<{ id: string }>().id;
}
