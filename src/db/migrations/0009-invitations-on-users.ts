// A set-password invitation moves onto its user's row (decision 0006): the SHA-256 of the link's
// secret and its expiry, '' when none is pending. The token names the user, so accepting is a
// primary-key read, and an import writes no second table with two random-order indexes. Links
// still pending in the old table stop working (their tokens did not name the user); re-importing
// the user, or a superuser setting a password, replaces them.
import type { Kysely, Migration } from 'kysely';

export function invitationsOnUsers(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('users')
        .addColumn('invitationHash', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('users')
        .addColumn('invitationExpires', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.dropTable('user_invitations').execute();
    },
  };
}
