// The way into db/dialect/: the dialect of a URL or of a Kysely handle, and what holds on both.
import type { Kysely } from 'kysely';
import { postgres } from './dialect/postgres.js';
import type { SqlDialect } from './dialect/sql-dialect.js';
import { sqlite } from './dialect/sqlite.js';

export type { DialectName, SqlDialect } from './dialect/sql-dialect.js';

/** Both dialects; the first is the default. */
const DIALECTS: readonly SqlDialect[] = [sqlite, postgres];

/** The dialect of a database URL: `sqlite:<file>`, else PostgreSQL. */
export function dialectFor(url: string): SqlDialect {
  return url.startsWith('sqlite:') ? sqlite : postgres;
}

/** The dialect a Kysely instance (or transaction) talks to. */
export function dialectOf<DB>(db: Kysely<DB>): SqlDialect {
  return DIALECTS.find((d) => d.drives(db)) ?? sqlite;
}

/** True when `error` is a unique-constraint violation in either database. */
export function isUniqueViolation(error: unknown): boolean {
  return DIALECTS.some((d) => d.isUniqueViolation(error));
}

/** True when the database refused text it cannot store (PostgreSQL: NUL bytes, bad encoding). */
export function isInvalidTextError(error: unknown): boolean {
  return DIALECTS.some((d) => d.isInvalidText(error));
}

/** Counts come back as numbers from SQLite and as strings (bigint) from PostgreSQL. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}
