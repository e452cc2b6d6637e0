// Opens the configured database as a Kysely instance and runs pending migrations.
import { Kysely } from 'kysely';
import { type SqlDialect, dialectFor } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './types.js';

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  dialect: SqlDialect;
  close: () => Promise<void>;
}

export async function connect(url: string, schema = ''): Promise<DbHandle> {
  const dialect = dialectFor(url);
  const opened = await dialect.open(url, schema);
  const db = new Kysely<Database>({ dialect: opened.kysely });
  return {
    db,
    dialect,
    close: async () => {
      await db.destroy();
      await opened.close();
    },
  };
}

/** Connect and bring the schema up to date (what `serve` and the tests do). */
export async function connectAndMigrate(url: string, schema = ''): Promise<DbHandle> {
  const handle = await connect(url, schema);
  try {
    await migrateToLatest(handle.db as unknown as Kysely<unknown>, handle.dialect);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
