import { CompiledQuery } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { addRelations, loadAllRelations, relationsQuery } from './records.repo.js';

for (const dialect of DIALECTS) {
  describe(`multi-relation ids of a page of records (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });
    afterEach(async () => {
      await t.close();
    });

    it('come back per field and record in link order, other records and collections aside', async () => {
      const db = t.services.db;
      const links: [string, string, string[], 'append' | 'prepend'][] = [
        ['systems', 'r1', ['u3', 'u1'], 'append'],
        ['systems', 'r1', ['u0'], 'prepend'],
        ['systems', 'r2', ['u2'], 'append'],
        ['systems', 'r3', ['u9'], 'append'],
        ['projects', 'r1', ['u8'], 'append'],
      ];
      for (const [collection, recordId, targets, where] of links)
        await addRelations(db, { collection, field: 'users', recordId }, targets, where);
      const out = await loadAllRelations(db, 'systems', ['users'], ['r1', 'r2', 'r4']);
      expect(out.get('users')).toEqual(
        new Map([
          ['r1', ['u0', 'u3', 'u1']],
          ['r2', ['u2']],
          ['r4', []],
        ]),
      );
    });
  });
}

// SQLite's plan is stable enough to pin; PostgreSQL picks by cost on each table's statistics.
describe('multi-relation ids of a page of records: the plan (sqlite)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
  });
  afterEach(async () => {
    await t.close();
  });

  it('reads each record’s links from one covering index range, unsorted', async () => {
    const query = relationsQuery('systems', ['a', 'b']).compile(t.services.db);
    const plan = await t.services.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]),
    );
    const details = plan.rows.map((r) => r.detail).join('\n');
    expect(details).toMatch(/USING COVERING INDEX record_relations_record/);
    expect(details).not.toMatch(/TEMP B-TREE/);
  });
});
