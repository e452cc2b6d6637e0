// PostgreSQL (pg) as an SqlDialect: schema and pool, row locks, the advisory migration lock, NOTIFY/LISTEN.
import pg from 'pg';
import { PostgresAdapter, PostgresDialect, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type SqlDialect, errorCode } from './sql-dialect.js';

/**
 * The PostgreSQL advisory lock held while migrating. Kysely's migrator lists the tables of every
 * schema it may use (has_schema_privilege on each), which fails if another session drops a schema
 * meanwhile; whoever drops a Gatehouse schema takes this lock too (the test harness does).
 */
export const MIGRATION_LOCK_KEY = 0x6761_7465; // "gate"

export const postgres: SqlDialect = {
  name: 'postgres',

  async open(url, schema) {
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
    return { kysely: new PostgresDialect({ pool }), close: () => Promise.resolve() };
  },

  drives(db) {
    return db.getExecutor().adapter instanceof PostgresAdapter;
  },

  withMigrationLock(db, body) {
    return db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(connection);
      try {
        return await body(connection);
      } finally {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(connection);
      }
    });
  },

  // Kysely looks for its own tables in every schema unless told which one: name the current
  // schema, or a second Gatehouse schema in the same PostgreSQL database cannot migrate.
  async migrationSchema(db) {
    const { rows } = await sql<{
      schema: string | null;
    }>`select current_schema() as schema`.execute(db);
    return rows[0]?.schema ?? null;
  },

  placeholder(n) {
    return `$${String(n)}`;
  },

  lockRows(select) {
    return `${select} FOR UPDATE`;
  },

  like(value, pattern, negate) {
    return negate
      ? sql<SqlBool>`CAST(${value} AS TEXT) NOT ILIKE ${pattern} ESCAPE '!'`
      : sql<SqlBool>`CAST(${value} AS TEXT) ILIKE ${pattern} ESCAPE '!'`;
  },

  jsonExtract(column, path) {
    let out: RawBuilder<unknown> = sql`CAST(${column} AS json)`;
    for (const p of path) {
      if (!/^\d+$/.test(p)) out = sql`(${out} -> ${sql.lit(p)})`;
      // An index past any array (SQLite finds nothing; PostgreSQL's integer would overflow).
      else if (p.length > 9) out = sql`CAST(NULL AS json)`;
      else out = sql`(${out} -> ${sql.lit(Number(p))})`;
    }
    return out;
  },

  idArrayAgg(id, orderBy) {
    return sql`'[' || COALESCE(string_agg('"' || ${id} || '"', ',' ORDER BY ${sql.join(orderBy)}), '') || ']'`;
  },

  // A bare parameter has no type PostgreSQL can infer in every position (`$1 = $2`, `$1 || x`).
  textParam(value) {
    return sql`CAST(${value} AS text)`;
  },

  numberParam(value) {
    return sql`CAST(${value} AS double precision)`;
  },

  acos(x) {
    return sql`(CASE WHEN ${x} BETWEEN -1 AND 1 THEN acos(${x}) END)`;
  },

  nullsOrder(descending) {
    return sql.raw(descending ? ' NULLS LAST' : ' NULLS FIRST');
  },

  bytewiseCollation: sql` COLLATE "C"`,

  sha256Hex(text) {
    return sql<string>`encode(sha256(convert_to(${text}, 'UTF8')), 'hex')`;
  },

  foldsWrites: true,

  isUniqueViolation(error) {
    return errorCode(error) === '23505';
  },

  isInvalidText(error) {
    const code = errorCode(error);
    return code === '22021' || code === '22P05';
  },

  announcesChanges: true,

  notify(channel, payload) {
    return sql`SELECT pg_notify(${channel}, ${payload})`;
  },

  async listen(connection, channel, onMessage) {
    let stopped = false;
    let client: pg.Client | null = null;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: connection.url });
      next.on('notification', (message) => {
        if (message.channel === channel && message.payload !== undefined) {
          onMessage(message.payload);
        }
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
  },
};
