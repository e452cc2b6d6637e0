// Service accounts are users of kind 'service' with an owner (a user id, '' for none — like a
// group's root parent) and a description. Humans get '' in both.
import type { Kysely, Migration } from 'kysely';

export function serviceAccounts(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('users')
        .addColumn('owner', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('users')
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      // "The service accounts Alice owns" and "every service account" are index range scans.
      await db.schema
        .createIndex('users_kind_owner')
        .on('users')
        .columns(['kind', 'owner'])
        .execute();
    },
  };
}
