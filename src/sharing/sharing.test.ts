// Who has access to a record and how, and the share-target picker, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness.js';
import { type SharingWorld, sharingWorld } from '../../test/sharing-world.js';
import type { RecordAccess, ShareTargetsPage } from './sharing.schema.js';

for (const dialect of DIALECTS) {
  describe(`record access and share targets (${dialect})`, () => {
    let t: TestApp;
    let w: SharingWorld;
    let s1: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      w = await sharingWorld(t);
      s1 = await w.system(w.uma.token, 'web-1');
      const shared = await w.call('PATCH', `/api/collections/systems/records/${s1}`, w.uma.token, {
        'groups+': w.team,
        'users+': [w.rita.id, w.vera.id],
      });
      expect(shared.status).toBe(200);
    });
    afterAll(async () => {
      await t.close();
    });
    const access = (id: string, token?: string, collection = 'systems') =>
      w.call<RecordAccess>('GET', `/api/collections/${collection}/records/${id}/access`, token);

    it('lists direct users, groups as paths, and members reached through a child group', async () => {
      const { status, body } = await access(s1, w.uma.token);
      expect(status).toBe(200);
      expect(body.users.map((u) => u.name)).toEqual(['Uma', 'Rita', 'Vera']);
      expect(body.groups).toEqual([
        { id: w.team, name: 'Security Team', path: 'Security Team', members: 1 },
      ]);
      const sam = body.members.find((m) => m.id === w.sam.id);
      expect(sam?.via).toEqual([
        {
          type: 'group',
          group: { id: w.team, name: 'Security Team', path: 'Security Team' },
          through: {
            id: w.seniors,
            name: 'Senior Consultants',
            path: 'Security Team / Senior Consultants',
          },
        },
      ]);
      expect(body.members.map((m) => m.name)).toEqual(['Rita', 'Sam', 'Uma', 'Vera']);
      expect(body.memberCount).toBe(4);
      expect(body.orphaned).toBe(false);
      // What each member's roles let them do with it: readonly views only.
      const rita = body.members.find((m) => m.id === w.rita.id);
      expect(rita).toMatchObject({ canView: true, canEdit: false, active: true });
      expect(sam).toMatchObject({ canView: true, canEdit: true });
    });

    it('shows emails only where the viewer may see them', async () => {
      const { body } = await access(s1, w.uma.token);
      const email = (id: string) => body.members.find((m) => m.id === id)?.email;
      expect(email(w.uma.id)).toBe(w.uma.email);
      expect(email(w.sam.id)).toBe('');
      expect(email(w.vera.id)).toBe(w.vera.email);
      const su = await access(s1, w.su);
      expect(su.body.members.find((m) => m.id === w.sam.id)?.email).toBe(w.sam.email);
    });

    it('answers a member of the child group, and no one who may not view the record', async () => {
      expect((await access(s1, w.sam.token)).status).toBe(200);
      expect((await access(s1, w.otto.token)).status).toBe(404);
      expect((await access(s1)).status).toBe(404);
      expect((await access('aaaaaaaaaaaaaaa', w.uma.token)).status).toBe(404);
      expect((await access(s1, w.uma.token, 'nope')).status).toBe(404);
      const alerts = await access(s1, w.uma.token, 'alerts');
      expect(alerts.status).toBe(400);
      expect(Object.keys((alerts.body as unknown as { data: object }).data)).toEqual([
        'collection',
      ]);
    });

    it('says when a record is orphaned: no active member left', async () => {
      const own = await w.system(w.otto.token, 'lonely');
      expect((await access(own, w.su)).body.orphaned).toBe(false);
      // Otto leaves: only superusers and scope-all roles reach it now.
      await w.call('PATCH', `/api/collections/systems/records/${own}`, w.su, {
        'users-': w.otto.id,
      });
      const after = await access(own, w.su);
      expect(after.body).toMatchObject({ users: [], groups: [], members: [], orphaned: true });
      // Shared only with a disabled user: orphaned too, and the user shows as inactive.
      await w.call('PATCH', `/api/collections/systems/records/${own}`, w.su, {
        'users+': w.otto.id,
      });
      await w.call('PATCH', `/api/collections/users/records/${w.otto.id}`, w.su, {
        status: 'disabled',
      });
      const disabled = await access(own, w.su);
      expect(disabled.body.orphaned).toBe(true);
      expect(disabled.body.members[0]).toMatchObject({ id: w.otto.id, active: false });
      await w.call('PATCH', `/api/collections/users/records/${w.otto.id}`, w.su, {
        status: 'active',
      });
    });

    const targets = (token: string, query: string) =>
      w.call<ShareTargetsPage>('GET', `/api/collections/systems/share-targets?${query}`, token);

    it('finds users by name, by email only where visible, never disabled ones', async () => {
      const byName = await targets(w.uma.token, 'q=SA');
      expect(byName.status).toBe(200);
      expect(byName.body.users).toEqual([{ id: w.sam.id, name: 'Sam', email: '', kind: 'user' }]);
      // A hidden email is no search key (no oracle); a visible one is, and so is one's own.
      expect((await targets(w.uma.token, 'q=sam%40example')).body.users).toEqual([]);
      expect((await targets(w.uma.token, 'q=vera%40example')).body.users).toHaveLength(1);
      expect((await targets(w.uma.token, 'q=uma%40example')).body.users).toHaveLength(1);
      expect((await targets(w.su, 'q=sam%40example')).body.users[0]?.email).toBe(w.sam.email);
      // LIKE's wildcards are text.
      expect((await targets(w.uma.token, 'q=%25')).body.users).toEqual([]);
      expect((await targets(w.uma.token, 'q=_')).body.users).toEqual([]);
    });

    it('finds groups by path and pages', async () => {
      const groups = await targets(w.uma.token, 'type=groups&q=senior');
      expect(groups.body.groups).toEqual([
        {
          id: w.seniors,
          name: 'Senior Consultants',
          path: 'Security Team / Senior Consultants',
          members: 1,
        },
      ]);
      const first = await targets(w.uma.token, 'perPage=2');
      expect(first.body.users).toHaveLength(2);
      expect(first.body.more).toBe(true);
      const all = await targets(w.uma.token, 'perPage=100');
      expect(all.body.more).toBe(false);
    });

    it('is only for callers who may share, with clear 400s', async () => {
      expect((await targets(w.rita.token, 'q=a')).status).toBe(403);
      const guest = await w.call('GET', '/api/collections/systems/share-targets');
      expect(guest.status).toBe(401);
      const alerts = await w.call('GET', '/api/collections/alerts/share-targets', w.uma.token);
      expect(alerts.status).toBe(400);
      for (const [query, field] of [
        ['perPage=0', 'perPage'],
        ['perPage=101', 'perPage'],
        ['page=x', 'page'],
        ['type=roles', 'type'],
        [`q=${'a'.repeat(201)}`, 'q'],
      ]) {
        const res = await targets(w.uma.token, query ?? '');
        expect(res.status, query).toBe(400);
        expect(Object.keys((res.body as unknown as { data: object }).data)).toEqual([field]);
      }
    });
  });
}
