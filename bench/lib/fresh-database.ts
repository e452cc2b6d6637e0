// A fresh database for one benchmark run: SQLite in `dir`, or (for a postgres:// URL) a new
// PostgreSQL schema that drop() removes, taking the migration lock as the test harness does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config.js';
import { MIGRATION_LOCK_KEY } from '../../src/db/migrate.js';
import { randomString } from '../../src/lib/ids.js';

interface FreshDatabase {
  db: string;
  dbSchema: string;
  drop: () => Promise<void>;
}

function databaseFor(url: string, dir: string): FreshDatabase {
  if (url === '') {
    return {
      db: `sqlite:${path.join(dir, 'data.db')}`,
      dbSchema: '',
      drop: () => Promise.resolve(),
    };
  }
  const schema = `bench_${randomString(12)}`;
  return {
    db: url,
    dbSchema: schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    },
  };
}

export interface FreshConfig {
  config: Config;
  /** Drops the database (PostgreSQL schema) and removes the temporary directory. */
  dispose: () => Promise<void>;
}

/**
 * A Gatehouse config for one benchmark run on a fresh database in a new temporary directory:
 * no environment (GATEHOUSE_* variables of the shell do not leak in), 127.0.0.1 on a free port,
 * silent logs, no initial user unless `overrides` says otherwise, idle keep-alive connections kept.
 */
export function freshConfig(url: string, overrides: Partial<Config> = {}): FreshConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  const database = databaseFor(url, dir);
  const base = loadConfig({ dir, db: database.db, dbSchema: database.dbSchema }, {});
  return {
    config: {
      ...base,
      http: { host: '127.0.0.1', port: 0 },
      // The load clients keep their connections across interleaved rounds, idle meanwhile.
      timeouts: { ...base.timeouts, keepAliveMs: 600_000, headersMs: 600_000 },
      logLevel: 'silent',
      initialUser: null,
      ...overrides,
    },
    dispose: async () => {
      try {
        await database.drop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
