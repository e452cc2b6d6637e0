// Attacks through the CSV import: the confirm applies only what a single update by the same actor
// could do, checked again at confirm time; one file cannot create thousands of groups.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';

type Json = Record<string, unknown>;
interface DryRun {
  id: string;
  rows: { line: number; email: string; action: string; reasons: string[] }[];
}

for (const dialect of DIALECTS) {
  describe(`import guards (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let admin: string;
    let root: string;

    const call = async (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      token: string,
      payload?: unknown,
    ) => {
      const res = await t.request({
        method,
        url,
        token,
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      return { status: res.statusCode, body: res.json<Json>() };
    };
    const upload = async (csv: string, query = '', token = admin) => {
      const res = await t.request({
        method: 'POST',
        url: `/api/users/import${query}`,
        token,
        headers: { 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<DryRun>();
    };
    const confirm = (id: string, payload: Json = {}, token = admin) =>
      call('POST', `/api/users/import/${id}/confirm`, token, payload);
    const canSignIn = async (email: string, password: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/collections/users/auth-with-password',
          payload: { identity: email, password },
        })
      ).statusCode === 200;

    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      admin = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;
      const role = await call('POST', '/api/collections/roles/records', su, {
        name: 'Super Admin',
        level: 0,
        permissions: { admin: { actions: ['users.manage', 'import'], scope: 'all' } },
      });
      const group = await call('POST', '/api/collections/groups/records', su, {
        name: 'Root',
        roles: [role.body.id],
      });
      root = group.body.id as string;
      await createUser(t, su, {
        email: 'boss@example.com',
        password: 'boss-password-1',
        groups: [root],
      });
    });
    afterEach(async () => {
      await t.close();
    });

    it('never sets a higher user’s password: the dry run says error, the confirm refuses', async () => {
      const csv = 'name,email,password\n,boss@example.com,Taken-Over-123\n';
      const dry = await upload(csv, '?onExisting=update');
      expect(dry.rows[0]).toMatchObject({ action: 'error' });
      expect(dry.rows[0]?.reasons.join()).toMatch(/password/);
      const res = await confirm(dry.id);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(await canSignIn('boss@example.com', 'Taken-Over-123')).toBe(false);
      expect(await canSignIn('boss@example.com', 'boss-password-1')).toBe(true);
    });

    it('checks every changed field at confirm time, whatever the dry run’s options were', async () => {
      const dry = await upload('name,email,password\n,boss@example.com,Taken-Over-123\n');
      expect(dry.rows[0]).toMatchObject({ action: 'skip' });
      const res = await confirm(dry.id, { onExisting: 'update' });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(JSON.stringify(res.body.data)).toMatch(/password/);
      expect(await canSignIn('boss@example.com', 'Taken-Over-123')).toBe(false);
      const role = await upload('email,role\nboss@example.com,readonly\n', '?onExisting=update');
      expect(role.rows[0]).toMatchObject({ action: 'error' });
      expect((await confirm(role.id)).status).toBe(400);
    });

    it('refuses a peer’s password, one’s own, and a new user under a level-0 group', async () => {
      await createUser(t, su, {
        email: 'peer@example.com',
        password: 'peer-password-1',
        role: 'admin',
      });
      await createUser(t, su, {
        email: 'worker@example.com',
        password: 'worker-password-1',
        role: 'user',
      });
      const dry = await upload(
        [
          'email,password,groups',
          'peer@example.com,Peer-Taken-123,',
          `${ADMIN.email},Mine-Changed-123,`,
          'newbie@example.com,,Root',
          'worker@example.com,Worker-Reset-123,',
        ].join('\n'),
        '?onExisting=update',
      );
      expect(dry.rows.map((r) => r.action)).toEqual(['error', 'error', 'error', 'update']);
      // Without the refused rows the reset of a lower user goes through.
      const ok = await upload(
        'email,password\nworker@example.com,Worker-Reset-123\n',
        '?onExisting=update',
      );
      expect((await confirm(ok.id)).status).toBe(200);
      expect(await canSignIn('worker@example.com', 'Worker-Reset-123')).toBe(true);
      expect(await canSignIn('peer@example.com', 'peer-password-1')).toBe(true);
    });

    it('re-checks updates under the lock: a user promoted after the dry run is safe', async () => {
      const id = await createUser(t, su, {
        email: 'rising@example.com',
        password: 'rising-password-1',
        role: 'user',
      });
      const dry = await upload(
        'email,password\nrising@example.com,Rising-Taken-123\n',
        '?onExisting=update',
      );
      expect(dry.rows[0]).toMatchObject({ action: 'update' });
      // Promoted to level 0 between the dry run and the confirm.
      const promote = await call('PATCH', `/api/collections/users/records/${id}`, su, {
        groups: [root],
      });
      expect(promote.status).toBe(200);
      const res = await confirm(dry.id);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(await canSignIn('rising@example.com', 'rising-password-1')).toBe(true);
    });

    it('re-checks updates under the lock: a promotion between the confirm’s plan and its write', async () => {
      const id = await createUser(t, su, {
        email: 'racer@example.com',
        password: 'racer-password-1',
        role: 'user',
      });
      const dry = await upload(
        'email,password\nracer@example.com,Racer-Taken-123\n',
        '?onExisting=update',
      );
      const transaction = t.services.directory.transaction.bind(t.services.directory);
      const spy = vi
        .spyOn(t.services.directory, 'transaction')
        .mockImplementationOnce(async (actor, body) => {
          const promote = await call('PATCH', `/api/collections/users/records/${id}`, su, {
            groups: [root],
          });
          expect(promote.status).toBe(200);
          return transaction(actor, body);
        });
      const res = await confirm(dry.id);
      spy.mockRestore();
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.message).toMatch(/no longer be applied/);
      expect(await canSignIn('racer@example.com', 'racer-password-1')).toBe(true);
    });

    it('caps the groups one row and one import may create', async () => {
      const many = Array.from({ length: 60 }, (_, i) => `G${i}`).join(',');
      const wide = await upload(
        `email,groups\nwide@example.com,"${many}"\n`,
        '?onUnknownGroup=create',
      );
      expect(wide.rows[0]?.reasons.join()).toMatch(/at most 50 groups/);
      const deep = Array.from({ length: 20_000 }, (_, i) => `D${i}`).join('/');
      const tall = await upload(
        `email,groups\ndeep@example.com,${deep}\n`,
        '?onUnknownGroup=create',
      );
      expect(tall.rows[0]).toMatchObject({ action: 'error' });
      expect(tall.rows[0]?.reasons.join()).toMatch(/at most 50 levels deep/);
      const set = await call('PATCH', '/api/settings', su, { imports: { maxNewGroups: 3 } });
      expect(set.status).toBe(200);
      const rows = ['email,groups', 'a@example.com,A/B', 'b@example.com,C', 'c@example.com,D'];
      const total = await upload(rows.join('\n'), '?onUnknownGroup=create');
      expect(total.rows.map((r) => r.action)).toEqual(['create', 'create', 'error']);
      expect(total.rows[2]?.reasons.join()).toMatch(/more than 3 groups/);
      const count = await t.services.db.selectFrom('groups').select('id').execute();
      expect(count.length).toBe(1);
    });
  });
}
