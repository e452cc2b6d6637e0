// A record changed and deleted at the same moment: the change either lands before the delete (and
// goes with the record) or is refused as not found; no share link outlives its record. On
// PostgreSQL the two run on different connections; SQLite serializes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { type SharingWorld, sharingWorld } from '../../test/sharing-world.js';

for (const dialect of DIALECTS) {
  describe(`a change racing a delete (${dialect})`, () => {
    let t: TestApp;
    let w: SharingWorld;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await sharingWorld(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('never leaves a share link behind a deleted record', async () => {
      for (let round = 0; round < 8; round++) {
        const victim = await w.system(w.uma.token, `race-${String(round)}`);
        const [changed, deleted] = await Promise.all([
          w.call('PATCH', `/api/collections/systems/records/${victim}`, w.uma.token, {
            'users+': w.vera.id,
            'groups+': w.team,
            name: `renamed-${String(round)}`,
          }),
          w.call('DELETE', `/api/collections/systems/records/${victim}`, w.uma.token),
        ]);
        expect(deleted.status).toBe(204);
        expect([200, 404], JSON.stringify(changed.body)).toContain(changed.status);
        const links = await t.services.db
          .selectFrom('record_relations')
          .select(['field', 'targetId'])
          .where('collection', '=', 'systems')
          .where('recordId', '=', victim)
          .execute();
        expect(links).toEqual([]);
      }
    });

    it('deletes a record once when two deletes race: one 204, one 404, one audit entry', async () => {
      for (let round = 0; round < 4; round++) {
        const victim = await w.system(w.uma.token, `twice-${String(round)}`);
        const url = `/api/collections/systems/records/${victim}`;
        const answers = await Promise.all([
          w.call('DELETE', url, w.uma.token),
          w.call('DELETE', url, w.uma.token),
        ]);
        expect(answers.map((a) => a.status).sort()).toEqual([204, 404]);
        const entries = await t.services.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'record.delete')
          .where('targetId', '=', victim)
          .execute();
        expect(entries).toHaveLength(1);
      }
    });
  });
}
