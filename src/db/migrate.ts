// Runs the in-code migrations (db/migrations/) with Kysely's Migrator, which locks across instances.
import { type Kysely, type Migration, Migrator } from 'kysely';
import type { SqlDialect } from './dialect.js';
import type { MigrationDialect } from './migrations/frozen/dialect.js';
import { init } from './migrations/0001-init.js';
import { records } from './migrations/0002-records.js';
import { groups } from './migrations/0003-groups.js';
import { tokens } from './migrations/0004-tokens.js';
import { auditChain } from './migrations/0005-audit-chain.js';
import { serviceAccounts } from './migrations/0006-service-accounts.js';
import { imports } from './migrations/0007-imports.js';
import { sessionExpiry } from './migrations/0008-session-expiry.js';
import { invitationsOnUsers } from './migrations/0009-invitations-on-users.js';
import { relationsByRecord } from './migrations/0010-relations-by-record.js';
import { revokeTokensOfDisabled } from './migrations/0011-revoke-tokens-of-disabled.js';
import { guardLocks } from './migrations/0012-guard-locks.js';
import { lockoutReservations } from './migrations/0013-lockout-reservations.js';
import { rowidOrder } from './migrations/0014-rowid-order.js';

/**
 * Every migration, in order. A migration is a function of the dialect's name, so DDL can differ
 * there; it is handed the name, never the live dialect object, whose later edits would make a
 * fresh install differ from an upgraded one.
 */
const MIGRATIONS: Record<string, (dialect: MigrationDialect) => Migration> = {
  '0001-init': init,
  '0002-records': records,
  '0003-groups': groups,
  '0004-tokens': tokens,
  '0005-audit-chain': auditChain,
  '0006-service-accounts': serviceAccounts,
  '0007-imports': imports,
  '0008-session-expiry': sessionExpiry,
  '0009-invitations-on-users': invitationsOnUsers,
  '0010-relations-by-record': relationsByRecord,
  '0011-revoke-tokens-of-disabled': revokeTokensOfDisabled,
  '0012-guard-locks': guardLocks,
  '0013-lockout-reservations': lockoutReservations,
  '0014-rowid-order': rowidOrder,
};

export { MIGRATION_LOCK_KEY } from './dialect/postgres.js';

export async function migrateToLatest(db: Kysely<unknown>, dialect: SqlDialect): Promise<string[]> {
  return dialect.withMigrationLock(db, (locked) => migrateWith(locked, dialect));
}

async function migrateWith(db: Kysely<unknown>, dialect: SqlDialect): Promise<string[]> {
  const schema = await dialect.migrationSchema(db);
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: {
      getMigrations: () =>
        Promise.resolve(
          Object.fromEntries(
            Object.entries(MIGRATIONS).map(([name, m]) => [name, m(dialect.name)]),
          ),
        ),
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
