import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { BULK_CHUNK, bulkInsert, bulkInsertText } from './bulk-insert.js';
import { postgres } from './dialect/postgres.js';
import { sqlite } from './dialect/sqlite.js';

describe('bulkInsertText', () => {
  it('numbers PostgreSQL placeholders across rows and quotes every identifier', () => {
    expect(bulkInsertText(postgres, 'record_relations', ['recordId', 'pos'], 2)).toBe(
      'INSERT INTO "record_relations" ("recordId", "pos") VALUES ($1, $2), ($3, $4)',
    );
    expect(bulkInsertText(sqlite, 'record_relations', ['recordId', 'pos'], 2)).toBe(
      'INSERT INTO "record_relations" ("recordId", "pos") VALUES (?, ?), (?, ?)',
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`bulkInsert (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });
    afterEach(async () => {
      await t.close();
    });

    it('inserts more rows than one chunk, values bound as given (quotes and all)', async () => {
      const count = BULK_CHUNK * 2 + 7;
      const rows = Array.from({ length: count }, (_, i) => ({
        collection: 'users',
        field: 'groups',
        recordId: `r${String(i)}'); DROP TABLE users; --`,
        targetId: 'g1',
        pos: i,
      }));
      await t.services.db
        .transaction()
        .execute((tx) =>
          bulkInsert(
            tx,
            'record_relations',
            ['collection', 'field', 'recordId', 'targetId', 'pos'],
            rows,
          ),
        );
      const stored = await t.services.db
        .selectFrom('record_relations')
        .select(['recordId', 'pos'])
        .where('targetId', '=', 'g1')
        .orderBy('pos')
        .execute();
      expect(stored).toHaveLength(count);
      expect(stored[count - 1]).toEqual({ recordId: rows[count - 1]?.recordId, pos: count - 1 });
      expect(await t.services.db.selectFrom('users').select('id').execute()).toBeDefined();
    });
  });
}
