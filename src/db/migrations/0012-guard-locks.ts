// One row per invariant that spans many rows ("no cycle among groups", "someone stays at level 0",
// "the last superuser stays"). A change that could break one first bumps its row: on PostgreSQL
// the row lock queues such changes across every instance until the first commits, so each checks
// the state the others left; the version tells an instance whether its in-memory directory is
// still current. SQLite serialises writers anyway; the version still catches a second process.
import { type Kysely, type Migration, sql } from 'kysely';

export function guardLocks(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('guard_locks')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`INSERT INTO "guard_locks" ("name", "version") VALUES ('directory', 0), ('superusers', 0)`.execute(
        db,
      );
    },
  };
}
