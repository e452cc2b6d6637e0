// CSV user imports awaiting confirmation (their parsed rows, password hashes only) and the
// set-password invitations that imported users receive (SHA-256 of the token only).
import type { Kysely, Migration } from 'kysely';

export function imports(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actorType', 'text', (c) => c.notNull())
        .addColumn('actorId', 'text', (c) => c.notNull())
        /** parsing | pending | applied */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('columns', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('expires', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('user_import_rows')
        .addColumn('importId', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        /** The row as parsed: name, email, role, group paths, password hash (never the password). */
        .addColumn('data', 'text', (c) => c.notNull())
        /** The dry run's verdict: create | update | skip | error. */
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_import_rows_pk', ['importId', 'line'])
        .execute();
      await db.schema
        .createTable('user_invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('userId', 'text', (c) => c.notNull())
        .addColumn('tokenHash', 'text', (c) => c.notNull().unique())
        .addColumn('expires', 'text', (c) => c.notNull())
        /** '' while unused. */
        .addColumn('usedAt', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('user_invitations_user')
        .on('user_invitations')
        .column('userId')
        .execute();
    },
  };
}
