// The guard-lock rows (migration 0012): take one inside a transaction before checking an invariant
// that spans many rows; on PostgreSQL the row lock holds every other such change until commit.
import { sql } from 'kysely';
import type { Db } from './connect.js';
import { toNumber } from './dialect.js';

export type GuardName = 'directory' | 'superusers';

/** Bumps and locks `name`'s row (until the transaction ends); returns its new version. */
export async function takeGuardLock(tx: Db, name: GuardName): Promise<number> {
  const { rows } = await sql<{
    version: unknown;
  }>`UPDATE "guard_locks" SET "version" = "version" + 1 WHERE "name" = ${name} RETURNING "version"`.execute(
    tx,
  );
  return toNumber(rows[0]?.version);
}

/** The committed version of `name` (no lock). */
export async function guardVersion(db: Db, name: GuardName): Promise<number> {
  const { rows } = await sql<{
    version: unknown;
  }>`SELECT "version" FROM "guard_locks" WHERE "name" = ${name}`.execute(db);
  return toNumber(rows[0]?.version);
}
