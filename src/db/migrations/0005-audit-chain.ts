// The audit log becomes a hash chain: every entry gets prevHash/hash, and one `audit_head` row holds
// the newest hash (writers lock it, so concurrent transactions append in one line, never a fork) and
// the anchor left behind by retention purges. Entries written before this migration are chained
// here, in their stored order. Indexes end in `seq` so filtered pages come newest-first from them.
import { type Kysely, type Migration, sql } from 'kysely';
import { type ChainedFieldsV1, entryHashV1, GENESIS_HASH } from './frozen/audit-v1.js';
import { toNumber } from './frozen/values.js';

type Row = ChainedFieldsV1 & { seq: number };

export function auditChain(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('audit_log')
        .addColumn('prevHash', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('audit_log')
        .addColumn('hash', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('lastHash', 'text', (c) => c.notNull())
        .addColumn('anchorHash', 'text', (c) => c.notNull())
        .addColumn('anchorSeq', 'integer', (c) => c.notNull())
        .execute();

      let prev = GENESIS_HASH;
      let after = 0;
      for (;;) {
        const { rows } = await sql<Row>`
          SELECT * FROM audit_log WHERE seq > ${after} ORDER BY seq LIMIT 1000`.execute(db);
        if (rows.length === 0) break;
        for (const row of rows) {
          const hash = entryHashV1(prev, row);
          await sql`UPDATE audit_log SET "prevHash" = ${prev}, hash = ${hash} WHERE seq = ${row.seq}`.execute(
            db,
          );
          prev = hash;
          after = toNumber(row.seq);
        }
      }
      await sql`INSERT INTO audit_head (id, "lastHash", "anchorHash", "anchorSeq")
        VALUES (1, ${prev}, ${GENESIS_HASH}, 0)`.execute(db);

      await db.schema.dropIndex('audit_log_actor').execute();
      await db.schema.dropIndex('audit_log_target').execute();
      const index = (name: string, columns: string[]) =>
        db.schema.createIndex(name).on('audit_log').columns(columns).execute();
      await index('audit_log_actor_id', ['actorId', 'seq']);
      await index('audit_log_target', ['targetType', 'targetId', 'seq']);
      await index('audit_log_action', ['action', 'seq']);
    },
  };
}
