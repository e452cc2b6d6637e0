// Runs the in-code migrations (db/migrations/) with Kysely's Migrator, which locks across instances.
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { DialectName } from './dialect.js';
import { init } from './migrations/0001-init.js';
import { records } from './migrations/0002-records.js';
import { groups } from './migrations/0003-groups.js';
import { tokens } from './migrations/0004-tokens.js';
import { serviceAccounts } from './migrations/0006-service-accounts.js';
import { imports } from './migrations/0007-imports.js';

/** Every migration, in order; a migration is a function of the dialect so DDL can differ there. */
const MIGRATIONS: Record<string, (dialect: DialectName) => Migration> = {
  '0001-init': init,
  '0002-records': records,
  '0003-groups': groups,
  '0004-tokens': tokens,
  '0006-service-accounts': serviceAccounts,
  '0007-imports': imports,
};

export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: DialectName,
): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which one: name the current
  // schema, or a second Gatehouse schema in the same PostgreSQL database cannot migrate.
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db))
          .rows[0]?.schema
      : null;
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: {
      getMigrations: () =>
        Promise.resolve(
          Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, m(dialect)])),
        ),
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
