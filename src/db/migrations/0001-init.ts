// Accounts, sessions, settings, the audit log and sign-in lockouts.
import { randomBytes } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';
import { autoIncrementColumn, type MigrationDialect } from './frozen/dialect.js';
import { timestamp } from './frozen/values.js';

export function init(dialect: MigrationDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('_superusers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('passwordHash', 'text', (c) => c.notNull())
        .addColumn('tokenKey', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('updated', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('emailVisibility', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('username', 'text', (c) => c.unique())
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('user'))
        .addColumn('passwordHash', 'text')
        .addColumn('tokenKey', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('updated', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('collection', 'text', (c) => c.notNull())
        .addColumn('accountId', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('userAgent', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('lastSeen', 'text', (c) => c.notNull())
        .addColumn('expires', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sessions_account')
        .on('sessions')
        .columns(['collection', 'accountId'])
        .execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated', 'text', (c) => c.notNull())
        .execute();

      const seq = autoIncrementColumn(dialect);
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', seq.type, seq.build)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actorType', 'text', (c) => c.notNull())
        .addColumn('actorId', 'text', (c) => c.notNull())
        .addColumn('actorEmail', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('userAgent', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('targetType', 'text', (c) => c.notNull())
        .addColumn('targetId', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('changes', 'text')
        .addColumn('data', 'text')
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      await db.schema
        .createIndex('audit_log_actor')
        .on('audit_log')
        .columns(['actorId', 'at'])
        .execute();
      await db.schema
        .createIndex('audit_log_target')
        .on('audit_log')
        .columns(['targetType', 'targetId'])
        .execute();

      await db.schema
        .createTable('lockouts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('lockLevel', 'integer', (c) => c.notNull())
        .addColumn('lockedUntil', 'text')
        .addColumn('lastFailure', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('superuser_otps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('superuserId', 'text', (c) =>
          c.notNull().references('_superusers.id').onDelete('cascade'),
        )
        .addColumn('codeHash', 'text', (c) => c.notNull())
        .addColumn('expires', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .execute();

      // The key that signs every auth token (together with each account's tokenKey). It lives in
      // the database so that every instance sharing it accepts the same tokens.
      await (db as Kysely<{ settings: { key: string; value: string; updated: string } }>)
        .insertInto('settings')
        .values({
          key: 'secret',
          value: JSON.stringify(randomBytes(32).toString('hex')),
          updated: timestamp(),
        })
        .execute();
    },
  };
}
