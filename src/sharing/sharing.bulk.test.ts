// Bulk share, attacks first: who may not share what, input that must write nothing, then what it
// writes and audits, and concurrent deletes and shares on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { type SharingWorld, sharingWorld } from '../../test/sharing-world.js';
import type { BulkShareResult } from './sharing.schema.js';

interface Refusal {
  message: string;
  data: Record<string, { code: string; message: string }>;
}
interface Sys {
  id: string;
  users: string[];
  groups: string[];
  updated: string;
}

for (const dialect of DIALECTS) {
  describe(`bulk share (${dialect})`, () => {
    let t: TestApp;
    let w: SharingWorld;
    let mine: string[];
    let ottos: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await sharingWorld(t);
      mine = [await w.system(w.uma.token, 'a'), await w.system(w.uma.token, 'b')];
      ottos = await w.system(w.otto.token, 'o');
      // Rita (readonly) can view Uma's first system.
      await w.call('PATCH', `/api/collections/systems/records/${mine[0]}`, w.uma.token, {
        'users+': w.rita.id,
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const share = (token: string | undefined, body: unknown, collection = 'systems') =>
      w.call<BulkShareResult & Refusal>(
        'POST',
        `/api/collections/${collection}/share`,
        token,
        body,
      );
    const system = async (id: string) =>
      (await w.call<Sys>('GET', `/api/collections/systems/records/${id}`, w.su)).body;
    /** Every system's shares, to show a refusal wrote nothing. */
    const state = async () =>
      Promise.all(
        [...mine, ottos].map(async (id) => {
          const s = await system(id);
          return [s.users, s.groups, s.updated];
        }),
      );
    const auditCount = async () =>
      (await w.call<{ items: unknown[] }>('GET', '/api/audit?action=record.update&limit=500', w.su))
        .body.items.length;
    const fields = (res: { body: Refusal }) => Object.keys(res.body.data);

    it('refuses readonly, guests and scoped tokens without systems.edit', async () => {
      const before = await state();
      const rita = await share(w.rita.token, { records: [mine[0]], add: { users: [w.otto.id] } });
      expect(rita.status).toBe(403);
      expect(rita.body.message).toContain('systems.edit');
      expect(
        (await share(undefined, { records: [mine[0]], add: { users: [w.otto.id] } })).status,
      ).toBe(401);
      const minted = await w.call<{ token: string }>('POST', '/api/tokens', w.uma.token, {
        name: 'view only',
        scopes: ['systems:view'],
      });
      const scoped = await share(`Bearer ${minted.body.token}`, {
        records: [mine[0]],
        add: { users: [w.otto.id] },
      });
      expect(scoped.status).toBe(403);
      expect(await state()).toEqual(before);
    });

    it('refuses records not shared with the caller, and a mix writes nothing', async () => {
      const before = await state();
      const audits = await auditCount();
      const alone = await share(w.uma.token, { records: [ottos], add: { users: [w.uma.id] } });
      expect(alone.status).toBe(400);
      expect(alone.body.data.records?.message).toContain(ottos);
      const mix = await share(w.uma.token, {
        records: [...mine, ottos],
        add: { users: [w.otto.id], groups: [w.team] },
      });
      expect(mix.status).toBe(400);
      expect(mix.body.data.records?.message).toBe(`Records not found: ${ottos}.`);
      // A record that does not exist reads the same as one out of scope.
      const ghost = await share(w.uma.token, {
        records: ['zzzzzzzzzzzzzzz'],
        add: { users: [w.otto.id] },
      });
      expect(ghost.body.data.records?.message).toBe('Records not found: zzzzzzzzzzzzzzz.');
      expect(await state()).toEqual(before);
      expect(await auditCount()).toBe(audits);
    });

    it('refuses unknown users and groups, naming the field, writing nothing', async () => {
      const before = await state();
      const user = await share(w.uma.token, {
        records: mine,
        add: { users: [w.otto.id, 'zzzzzzzzzzzzzzz'] },
      });
      expect(user.status).toBe(400);
      expect(user.body.data['add.users']?.message).toBe('Unknown users: zzzzzzzzzzzzzzz.');
      const group = await share(w.uma.token, {
        records: mine,
        add: { users: [w.otto.id] },
        remove: { groups: [w.otto.id] },
      });
      expect(fields(group)).toEqual(['remove.groups']);
      expect(await state()).toEqual(before);
    });

    it('refuses bad input with a 400 naming the field', async () => {
      const before = await state();
      const many = Array.from({ length: 501 }, (_, i) => `r${String(i).padStart(14, '0')}`);
      const cases: [unknown, string][] = [
        [{ records: [mine[0], mine[0]], add: { users: [w.otto.id] } }, 'records'],
        [{ records: mine, add: { users: [w.otto.id, w.otto.id] } }, 'add.users'],
        [{ records: many, add: { users: [w.otto.id] } }, 'records'],
        [{ records: [], add: { users: [w.otto.id] } }, 'records'],
        [{ records: mine }, 'add'],
        [
          { records: mine, add: { users: [w.otto.id] }, remove: { users: [w.otto.id] } },
          'remove.users',
        ],
        [{ records: ['nope'], add: { users: [w.otto.id] } }, 'records.0'],
        [{ records: mine, add: { users: [w.otto.id], roles: [] } }, 'add.roles'],
        [{ records: mine, add: { users: w.otto.id } }, 'add.users'],
        [[mine], 'body'],
      ];
      for (const [body, field] of cases) {
        const res = await share(w.uma.token, body);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(fields(res), field).toEqual([field]);
      }
      expect(
        (await share(w.uma.token, { records: mine, add: { users: [w.otto.id] } }, 'alerts')).status,
      ).toBe(400);
      expect(
        (await share(w.uma.token, { records: mine, add: { users: [w.otto.id] } }, 'nope')).status,
      ).toBe(404);
      expect(await state()).toEqual(before);
    });

    it('shares many records in one call, audited once per record changed; idempotent; un-shares', async () => {
      const audits = await auditCount();
      const res = await share(w.uma.token, {
        records: mine,
        add: { users: [w.otto.id], groups: [w.team] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ collection: 'systems', changed: mine, unchanged: [] });
      for (const id of mine) {
        const s = await system(id);
        expect(s.users.slice(-1)).toEqual([w.otto.id]);
        expect(s.groups).toEqual([w.team]);
      }
      const entries = (
        await w.call<{ items: { target: { id: string }; changes: Record<string, unknown> }[] }>(
          'GET',
          '/api/audit?action=record.update&limit=2',
          w.su,
        )
      ).body.items;
      expect(entries.map((e) => e.target.id).sort()).toEqual([...mine].sort());
      expect(entries[0]?.changes.groups).toEqual([[], [w.team]]);
      expect(await auditCount()).toBe(audits + 2);
      // Otto and Sam (through the child group) now see both; Otto may share them on.
      const sam = await w.call<{ items: unknown[] }>(
        'GET',
        '/api/collections/systems/records',
        w.sam.token,
      );
      expect(sam.body.items).toHaveLength(2);
      const again = await share(w.uma.token, { records: mine, add: { users: [w.otto.id] } });
      expect(again.body).toEqual({ collection: 'systems', changed: [], unchanged: mine });
      expect(await auditCount()).toBe(audits + 2);
      const back = await share(w.otto.token, { records: mine, remove: { groups: [w.team] } });
      expect(back.body.changed).toEqual(mine);
      expect((await system(mine[1]!)).groups).toEqual([]);
    });

    it('stays whole under concurrent deletes of records and users', async () => {
      for (let round = 0; round < 4; round++) {
        const victim = await w.system(w.uma.token, `v${String(round)}`);
        const keep = await w.system(w.uma.token, `k${String(round)}`);
        const [shared, deleted] = await Promise.all([
          share(w.uma.token, {
            records: [keep, victim],
            add: { users: [w.vera.id], groups: [w.team] },
          }),
          w.call('DELETE', `/api/collections/systems/records/${victim}`, w.uma.token),
        ]);
        expect(deleted.status).toBe(204);
        if (shared.status === 200) expect(shared.body.changed).toEqual([keep, victim]);
        else {
          // Refused whole: the record kept nothing either.
          expect(shared.body.data.records?.message).toBe(`Records not found: ${victim}.`);
          expect((await system(keep)).users).toEqual([w.uma.id]);
        }
        // No link outlives its record.
        const links = await t.services.db
          .selectFrom('record_relations')
          .select('targetId')
          .where('recordId', '=', victim)
          .execute();
        expect(links).toEqual([]);
      }
      const doomed = await w.call<{ id: string }>('POST', '/api/collections/users/records', w.su, {
        email: 'doomed@example.com',
        password: 'doomed-password-1',
      });
      const [res, gone] = await Promise.all([
        share(w.uma.token, { records: mine, add: { users: [doomed.body.id] } }),
        w.call('DELETE', `/api/collections/users/records/${doomed.body.id}`, w.su),
      ]);
      expect(gone.status).toBe(204);
      expect([200, 400]).toContain(res.status);
      const dangling = await t.services.db
        .selectFrom('record_relations')
        .select('recordId')
        .where('targetId', '=', doomed.body.id)
        .execute();
      expect(dangling).toEqual([]);
    });

    it('lets overlapping bulk shares run at once, neither losing the other', async () => {
      const results = await Promise.all([
        share(w.uma.token, { records: [...mine].reverse(), add: { users: [w.sam.id] } }),
        share(w.uma.token, { records: mine, add: { users: [w.rita.id] } }),
        share(w.otto.token, { records: mine, add: { groups: [w.seniors] } }),
      ]);
      expect(
        results.map((r) => r.status),
        JSON.stringify(results),
      ).toEqual([200, 200, 200]);
      for (const id of mine) {
        const s = await system(id);
        expect(s.users).toEqual(expect.arrayContaining([w.sam.id, w.rita.id, w.otto.id]));
        expect(s.groups).toEqual([w.seniors]);
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`bulk share with SHARE_ALL_SYSTEMS (${dialect})`, () => {
    let t: TestApp;
    let w: SharingWorld;
    beforeAll(async () => {
      t = await createTestApp(dialect, { shareAllSystems: true });
      w = await sharingWorld(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('refuses records the caller sees but may not edit (403 naming them), writing nothing', async () => {
      const umas = await w.system(w.uma.token, 'u');
      const ottos = await w.system(w.otto.token, 'o');
      // Everyone views every system; Uma edits only hers.
      const seen = await w.call<{ memberCount: number }>(
        'GET',
        `/api/collections/systems/records/${ottos}/access`,
        w.uma.token,
      );
      expect(seen.status).toBe(200);
      const res = await w.call<Refusal>('POST', '/api/collections/systems/share', w.uma.token, {
        records: [umas, ottos],
        add: { users: [w.vera.id] },
      });
      expect(res.status).toBe(403);
      expect(res.body.data.records?.message).toContain(`: ${ottos}.`);
      expect(res.body.data.records?.message).not.toContain(umas);
      const mine = await w.call<Sys>('GET', `/api/collections/systems/records/${umas}`, w.su);
      expect(mine.body.users).toEqual([w.uma.id]);
      // Readonly views them all and shares none.
      const rita = await w.call('POST', '/api/collections/systems/share', w.rita.token, {
        records: [umas],
        add: { users: [w.vera.id] },
      });
      expect(rita.status).toBe(403);
    });
  });
}
