// Sign-in attempts are reserved before the password is verified (a burst cannot outrun the count):
// a key's reservations in flight are counted in two periods, the current one (`pending`) and the
// one before (`pendingPrev`), numbered by `pendingSlot`, so a reservation never settled (a crash)
// is forgotten after at most two periods. Identity keys become a SHA-256 of the identity, so the
// old rows, keyed by whatever was typed (passwords typed as identities among them), are deleted.
// Every IP that signs in now leaves a row: rows quiet for a day are purged through `lastFailure`.
import { type Kysely, type Migration, sql } from 'kysely';

export function lockoutReservations(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['pending', 'pendingPrev', 'pendingSlot']) {
        await db.schema
          .alterTable('lockouts')
          .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      }
      await sql`DELETE FROM "lockouts" WHERE "key" LIKE 'acct:%'`.execute(db);
      await db.schema
        .createIndex('lockouts_last_failure')
        .on('lockouts')
        .column('lastFailure')
        .execute();
    },
  };
}
