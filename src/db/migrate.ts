// Runs the in-code migrations (db/migrations/) with Kysely's Migrator, which locks across instances.
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { DialectName } from './dialect.js';
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

/** Every migration, in order; a migration is a function of the dialect so DDL can differ there. */
const MIGRATIONS: Record<string, (dialect: DialectName) => Migration> = {
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

/**
 * The PostgreSQL advisory lock held while migrating. Kysely's migrator lists the tables of every
 * schema it may use (has_schema_privilege on each), which fails if another session drops a schema
 * meanwhile; whoever drops a Gatehouse schema takes this lock too (the test harness does).
 */
export const MIGRATION_LOCK_KEY = 0x6761_7465; // "gate"

export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: DialectName,
): Promise<string[]> {
  if (dialect === 'sqlite') return migrateWith(db, dialect);
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(connection);
    try {
      return await migrateWith(connection, dialect);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(connection);
    }
  });
}

async function migrateWith(db: Kysely<unknown>, dialect: DialectName): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which one: name the current
  // schema, or a second Gatehouse schema in the same PostgreSQL database cannot migrate.
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db))
          .rows[0]?.schema
      : null;
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: {
      getMigrations: () =>
        Promise.resolve(
          Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, m(dialect)])),
        ),
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
