// Personal API tokens: only a SHA-256 of the secret is stored, with its first 8 characters for display.
import type { Kysely, Migration } from 'kysely';

export function tokens(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('userId', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tokenHash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text')
        .addColumn('expiresAt', 'text', (c) => c.notNull())
        .addColumn('lastUsedAt', 'text', (c) => c.notNull())
        .addColumn('lastUsedIp', 'text', (c) => c.notNull())
        .addColumn('revokedAt', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('userId').execute();
    },
  };
}
