// Everything that differs between SQLite and PostgreSQL lives here; the rest of the code has one path.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { keepingStatements } from './statement-cache.js';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  SqliteDriver,
  type ColumnDefinitionBuilder,
  type Dialect,
  type Expression,
  type Kysely,
  PostgresAdapter,
  PostgresDialect,
  type RawBuilder,
  type SqlBool,
  SqliteDialect,
  sql,
} from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export interface DialectHandle {
  name: DialectName;
  kysely: Dialect;
  /** Release the driver's own resources after Kysely is destroyed. */
  close: () => Promise<void>;
}

export function dialectOf(url: string): DialectName {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** The dialect a Kysely instance (or transaction) talks to. */
export function dialectOfDb<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE). A deferred transaction
 * that reads and then writes fails at once with SQLITE_BUSY when another process (a second server,
 * the CLI) wrote in between; an immediate one waits for busy_timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

function openSqlite(url: string): DialectHandle {
  const file = url.slice('sqlite:'.length);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Checkpoint every ~40 MB of WAL instead of SQLite's 4 MB: each checkpoint fsyncs, and with the
  // scattered index pages of bulk writes (imports, audit entries) the fsyncs were what limited
  // throughput (bench/audit: ~2× appends/s). The WAL file is cut back to 64 MB after one.
  database.pragma('wal_autocheckpoint = 10000');
  database.pragma('journal_size_limit = 67108864');
  return {
    name: 'sqlite',
    kysely: new ImmediateSqliteDialect({ database: keepingStatements(database) }),
    close: () => Promise.resolve(),
  };
}

async function openPostgres(url: string, schema: string): Promise<DialectHandle> {
  if (schema) {
    // The schema must exist before search_path can point at it.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  return {
    name: 'postgres',
    kysely: new PostgresDialect({ pool }),
    close: () => Promise.resolve(),
  };
}

export function openDialect(url: string, schema: string): Promise<DialectHandle> {
  return dialectOf(url) === 'sqlite' ? Promise.resolve(openSqlite(url)) : openPostgres(url, schema);
}

/** An auto-incrementing integer primary key column, for append-only tables. */
export function autoIncrementColumn(name: DialectName) {
  return {
    type: name === 'sqlite' ? ('integer' as const) : ('bigserial' as const),
    build: (col: ColumnDefinitionBuilder) =>
      name === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey(),
  };
}

/** Case-insensitive match of `value` against the LIKE `pattern`, with `!` as the escape character. */
export function likeSql(
  name: DialectName,
  value: Expression<unknown>,
  pattern: string,
  negate: boolean,
): RawBuilder<SqlBool> {
  if (name === 'postgres') {
    return negate
      ? sql<SqlBool>`CAST(${value} AS TEXT) NOT ILIKE ${pattern} ESCAPE '!'`
      : sql<SqlBool>`CAST(${value} AS TEXT) ILIKE ${pattern} ESCAPE '!'`;
  }
  // SQLite's LIKE is case-insensitive for ASCII already.
  return negate
    ? sql<SqlBool>`${value} NOT LIKE ${pattern} ESCAPE '!'`
    : sql<SqlBool>`${value} LIKE ${pattern} ESCAPE '!'`;
}

/**
 * The JSON value at `path` (keys, and array indexes written as digits) in a text column holding
 * JSON: SQLite's json_extract (objects come back as their JSON text, true/false as 1/0, null as
 * NULL); on PostgreSQL the json value itself, read by the filter compiler with SQLite's rules.
 * Keys are plain names ([A-Za-z0-9_]), checked by the filter parser.
 */
export function jsonExtractSql(
  name: DialectName,
  column: Expression<unknown>,
  path: readonly string[],
): RawBuilder<unknown> {
  if (name === 'sqlite') {
    const jsonPath = '$' + path.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
    return sql`json_extract(${column}, ${jsonPath})`;
  }
  let out: RawBuilder<unknown> = sql`CAST(${column} AS json)`;
  for (const p of path) {
    if (!/^\d+$/.test(p)) out = sql`(${out} -> ${sql.lit(p)})`;
    // An index past any array (SQLite finds nothing; PostgreSQL's integer would overflow).
    else if (p.length > 9) out = sql`CAST(NULL AS json)`;
    else out = sql`(${out} -> ${sql.lit(Number(p))})`;
  }
  return out;
}

/** True when `error` is a unique-constraint violation in either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** True when the database refused text it cannot store (PostgreSQL: NUL bytes, bad encoding). */
export function isInvalidTextError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '22021' || code === '22P05';
}

/** Counts come back as numbers from SQLite and as strings (bigint) from PostgreSQL. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** A statement that notifies `channel` when the transaction commits (PostgreSQL); null on SQLite. */
export function notifySql(
  name: DialectName,
  channel: string,
  payload: string,
): RawBuilder<unknown> | null {
  return name === 'postgres' ? sql`SELECT pg_notify(${channel}, ${payload})` : null;
}

/**
 * Listens on `channel` with a dedicated connection (PostgreSQL), reconnecting if it drops; returns
 * the function that stops listening. SQLite has one process per database file: nothing to follow.
 */
export async function listen(
  name: DialectName,
  connection: { url: string; schema: string },
  channel: string,
  onMessage: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (name === 'sqlite') return () => Promise.resolve();
  let stopped = false;
  let client: pg.Client | null = null;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: connection.url });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
    });
    next.on('error', () => {
      if (stopped) return;
      client = null;
      setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    });
    await next.connect();
    await next.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    client = next;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
