import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { COLLECTIONS } from '../catalogue/collections.js';

for (const dialect of DIALECTS) {
  describe(`catalogue and schema agree (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('has a column for every scalar field and none that is not declared (resource collections)', async () => {
      for (const collection of COLLECTIONS.filter((c) => c.type === 'base')) {
        const result = await sql<
          Record<string, unknown>
        >`SELECT * FROM ${sql.table(collection.name)} WHERE 1=0`.execute(t.services.db);
        const columns =
          dialect === 'sqlite'
            ? (
                await sql<{
                  name: string;
                }>`SELECT name FROM pragma_table_info(${collection.name})`.execute(t.services.db)
              ).rows.map((r) => r.name)
            : (
                await sql<{
                  column_name: string;
                }>`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${collection.name}`.execute(
                  t.services.db,
                )
              ).rows.map((r) => r.column_name);
        expect(result.rows).toEqual([]);
        // PostgreSQL's stand-in for SQLite's rowid (?sort=@rowid, migration 0014) is no field.
        if (dialect === 'postgres') columns.splice(columns.indexOf('_rowid_'), 1);
        const declared = collection.fields
          .filter((f) => !(f.type === 'relation' && f.multiple))
          .map((f) => f.name);
        expect([...columns].sort(), collection.name).toEqual([...declared].sort());
      }
    });

    it('seeds the built-in roles as rows', async () => {
      const roles = await t.services.db
        .selectFrom('roles')
        .select(['name', 'level', 'builtin'])
        .orderBy('level')
        .execute();
      expect(roles).toEqual([
        { name: 'admin', level: 1, builtin: 1 },
        { name: 'Project Manager', level: 2, builtin: 0 },
        { name: 'Senior Consultant', level: 3, builtin: 0 },
        { name: 'user', level: 4, builtin: 1 },
        { name: 'readonly', level: 5, builtin: 1 },
      ]);
    });
  });
}
