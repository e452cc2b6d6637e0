// The SqlDialect interface: every way SQLite and PostgreSQL differ, one member each (Kysely's model).
import type { Dialect, Expression, Kysely, RawBuilder, SqlBool } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** An opened database: Kysely's dialect over the driver, and what to release after Kysely is destroyed. */
export interface OpenedDatabase {
  kysely: Dialect;
  close: () => Promise<void>;
}

/**
 * What differs between the two databases. Code outside `db/dialect/` never asks which database it
 * runs on: it calls one of these. `sqlite.ts` and `postgres.ts` implement it member for member, in
 * the same order, so reading one teaches the other.
 */
export interface SqlDialect {
  readonly name: DialectName;

  // -- Connecting and migrating

  /** Opens the driver for `url` (PostgreSQL: in `schema`, created if missing; '' for the default). */
  open(url: string, schema: string): Promise<OpenedDatabase>;
  /** True when `db` talks to this database. */
  drives<DB>(db: Kysely<DB>): boolean;
  /** Runs `body` holding the lock that keeps two processes from migrating at once. */
  withMigrationLock<T>(db: Kysely<unknown>, body: (db: Kysely<unknown>) => Promise<T>): Promise<T>;
  /** The schema Kysely's migration tables live in (null: the database has no schemas). */
  migrationSchema(db: Kysely<unknown>): Promise<string | null>;

  // -- Statements

  /** The `n`th (1-based) bound parameter in a raw SQL text. */
  placeholder(n: number): string;
  /** A plain SELECT's text made to lock the rows it reads until the transaction ends. */
  lockRows(select: string): string;
  /** Case-insensitive match of `value` against the LIKE `pattern`, with `!` as the escape character. */
  like(value: Expression<unknown>, pattern: string, negate: boolean): RawBuilder<SqlBool>;
  /**
   * The JSON value at `path` (keys, and array indexes written as digits) in a text column holding
   * JSON: SQLite's json_extract (objects come back as their JSON text, true/false as 1/0, null as
   * NULL); on PostgreSQL the json value itself, read by the filter compiler with SQLite's rules.
   * Keys are plain names ([A-Za-z0-9_]), checked by the filter parser.
   */
  jsonExtract(column: Expression<unknown>, path: readonly string[]): RawBuilder<unknown>;
  /**
   * An aggregate: the JSON array text of `ids` (plain strings: no quotes or escapes to write) in
   * `orderBy` order, `[]` over no rows.
   */
  idArrayAgg(id: Expression<unknown>, orderBy: readonly Expression<unknown>[]): RawBuilder<unknown>;
  /** A text parameter whose type the database knows without context. */
  textParam(value: string): RawBuilder<unknown>;
  /** A number parameter: an integer when `integer` (and safe), else a float. */
  numberParam(value: number, integer: boolean): RawBuilder<unknown>;
  /** `acos(x)`, NULL outside [-1, 1] as in SQLite (PostgreSQL would raise an error). */
  acos(x: RawBuilder<unknown>): RawBuilder<unknown>;
  /** What follows ASC/DESC so NULLs sort first ascending and last descending, as in SQLite. */
  nullsOrder(descending: boolean): RawBuilder<unknown>;
  /** What follows a text ORDER BY key so text sorts bytewise, as SQLite's BINARY collation. */
  bytewiseCollation: RawBuilder<unknown>;
  /** The SHA-256 (lowercase hex) of `text`'s UTF-8 bytes, as node:crypto's `hash` computes it. */
  sha256Hex(text: RawBuilder<unknown>): RawBuilder<string>;
  /**
   * True when several writes can run as one statement, each in a WITH clause (PostgreSQL's
   * data-modifying WITH: atomic without BEGIN/COMMIT, one round trip); false where a WITH clause
   * may only read (SQLite), and writes that belong together need a transaction.
   */
  readonly foldsWrites: boolean;

  // -- Errors

  /** True when `error` is this database's unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** True when this database refused text it cannot store (PostgreSQL: NUL bytes, bad encoding). */
  isInvalidText(error: unknown): boolean;

  // -- Between instances

  /**
   * True when other processes announce their changes (NOTIFY) and are worth waiting for briefly;
   * false when a database file has one process and there is nothing to hear.
   */
  readonly announcesChanges: boolean;
  /** A statement that notifies `channel` when the transaction commits; null where there is none. */
  notify(channel: string, payload: string): RawBuilder<unknown> | null;
  /**
   * Listens on `channel` with a dedicated connection, reconnecting if it drops; returns the
   * function that stops listening (a no-op where nothing is announced).
   */
  listen(
    connection: { url: string; schema: string },
    channel: string,
    onMessage: (payload: string) => void,
  ): Promise<() => Promise<void>>;
}

/** The `code` a driver puts on its errors (SQLite: 'SQLITE_…'; PostgreSQL: the SQLSTATE). */
export function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}
