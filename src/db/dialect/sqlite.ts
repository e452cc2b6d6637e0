// SQLite (better-sqlite3) as an SqlDialect: immediate transactions, the pragmas, the statement cache.
import { hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type SqlBool,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from 'kysely';
import { keepingStatements } from '../statement-cache.js';
import { type SqlDialect, errorCode } from './sql-dialect.js';

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

export const sqlite: SqlDialect = {
  name: 'sqlite',

  open(url) {
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
    database.function('gatehouse_sha256_hex', { deterministic: true }, (text) =>
      hash('sha256', String(text), 'hex'),
    );
    return Promise.resolve({
      kysely: new ImmediateSqliteDialect({ database: keepingStatements(database) }),
      close: () => Promise.resolve(),
    });
  },

  drives(db) {
    return db.getExecutor().adapter instanceof SqliteAdapter;
  },

  // One process writes a database file at a time already (and Kysely's migrator locks its table).
  withMigrationLock(db, body) {
    return body(db);
  },

  migrationSchema() {
    return Promise.resolve(null);
  },

  placeholder() {
    return '?';
  },

  // Transactions are serialised already (BEGIN IMMEDIATE): the rows read are held as they are.
  lockRows(select) {
    return select;
  },

  // SQLite's LIKE is case-insensitive for ASCII already.
  like(value, pattern, negate) {
    return negate
      ? sql<SqlBool>`${value} NOT LIKE ${pattern} ESCAPE '!'`
      : sql<SqlBool>`${value} LIKE ${pattern} ESCAPE '!'`;
  },

  jsonExtract(column, path) {
    const jsonPath = '$' + path.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
    return sql`json_extract(${column}, ${jsonPath})`;
  },

  idArrayAgg(id, orderBy) {
    return sql`json_group_array(${id} ORDER BY ${sql.join(orderBy)})`;
  },

  textParam(value) {
    return sql`${value}`;
  },

  numberParam(value, integer) {
    // A BigInt binds as INTEGER (better-sqlite3 binds every JS number as REAL).
    return integer && Number.isSafeInteger(value) ? sql`${BigInt(value)}` : sql`${value}`;
  },

  acos(x) {
    return sql`acos(${x})`;
  },

  nullsOrder() {
    return sql``;
  },

  bytewiseCollation: sql``,

  // A function of this connection (see `open`): SQLite has no hash of its own.
  sha256Hex(text) {
    return sql<string>`gatehouse_sha256_hex(${text})`;
  },

  foldsWrites: false,

  isUniqueViolation(error) {
    const code = errorCode(error);
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },

  // SQLite stores any text it is given.
  isInvalidText() {
    return false;
  },

  // One process per database file: nothing to follow.
  announcesChanges: false,

  notify() {
    return null;
  },

  listen() {
    return Promise.resolve(() => Promise.resolve());
  },
};
