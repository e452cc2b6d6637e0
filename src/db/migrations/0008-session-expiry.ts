// Sessions by account *and* expiry: every sign-in deletes the account's expired sessions, and with
// an index on (collection, accountId) alone that read each of the account's rows to test `expires`
// — a cost growing with every session the account holds. Now it is a range of the index.
import type { Kysely, Migration } from 'kysely';

export function sessionExpiry(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('sessions_account_expires')
        .on('sessions')
        .columns(['collection', 'accountId', 'expires'])
        .execute();
      // Its prefix serves every query the old index served.
      await db.schema.dropIndex('sessions_account').execute();
    },
  };
}
