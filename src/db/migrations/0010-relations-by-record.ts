// Every record the API returns carries its multi-relation ids (systems.users, …), read for a page
// at once. Through the primary key (collection, field, recordId, targetId) that was one lookup per
// record *and field*, a second lookup into the table per link for `pos`, then a sort. This index
// holds everything the query reads, in the order it wants: one index-only range per record.
import type { Kysely, Migration } from 'kysely';

export function relationsByRecord(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('record_relations_record')
        .on('record_relations')
        .columns(['collection', 'recordId', 'field', 'pos', 'targetId'])
        .execute();
    },
  };
}
