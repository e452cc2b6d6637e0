// Frozen for the migrations: the dialect names they are handed and the DDL that differed by them.
import type { ColumnDefinitionBuilder } from 'kysely';

/** The database a migration runs on (migrate.ts hands over the name, never the live dialect). */
export type MigrationDialect = 'sqlite' | 'postgres';

/** An auto-incrementing integer primary key column, as 0001 created it (from db/dialect.ts then). */
export function autoIncrementColumn(name: MigrationDialect) {
  return {
    type: name === 'sqlite' ? ('integer' as const) : ('bigserial' as const),
    build: (col: ColumnDefinitionBuilder) =>
      name === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey(),
  };
}
