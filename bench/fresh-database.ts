// A fresh database for one benchmark run: SQLite in `dir`, or (for a postgres:// URL) a new
// PostgreSQL schema that drop() removes, taking the migration lock as the test harness does.
import path from 'node:path';
import pg from 'pg';
import { MIGRATION_LOCK_KEY } from '../src/db/migrate.js';
import { randomString } from '../src/lib/ids.js';

export interface FreshDatabase {
  db: string;
  dbSchema: string;
  drop: () => Promise<void>;
}

export function databaseFor(url: string, dir: string): FreshDatabase {
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
