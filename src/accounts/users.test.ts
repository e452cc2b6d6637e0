import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';

for (const dialect of DIALECTS) {
  describe(`user accounts (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let ann: { id: string; token: string };
    let bob: { id: string; token: string };
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      for (const [name, target] of [
        ['ann', (v: { id: string; token: string }) => (ann = v)],
        ['bob', (v: { id: string; token: string }) => (bob = v)],
      ] as const) {
        const id = await createUser(t, su, {
          email: `${name}@example.com`,
          password: `${name}-password-1`,
          name,
        });
        target({
          id,
          token: (await signIn(t, 'users', `${name}@example.com`, `${name}-password-1`)).token,
        });
      }
    });
    afterEach(async () => {
      await t.close();
    });

    const patch = (id: string, token: string, payload: object) =>
      t.request({ method: 'PATCH', url: `/api/collections/users/records/${id}`, token, payload });

    it('creates users with role user and status active by default', async () => {
      const res = await t.request({
        method: 'GET',
        url: `/api/collections/users/records/${ann.id}`,
        token: ann.token,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        id: ann.id,
        email: 'ann@example.com',
        name: 'ann',
        role: 'user',
        status: 'active',
        verified: false,
      });
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.create')
        .where('targetId', '=', ann.id)
        .executeTakeFirstOrThrow();
      expect(audit.actorType).toBe('superuser');
      expect(JSON.parse(audit.changes ?? '{}')).toMatchObject({
        email: [null, 'ann@example.com'],
        role: [null, 'user'],
      });
    });

    it('lets a user change their own name, and audits the changed field', async () => {
      const res = await patch(ann.id, ann.token, { name: 'Ann Smith' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: 'Ann Smith' });
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.update')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.changes ?? '{}')).toEqual({ name: ['ann', 'Ann Smith'] });
      // The name change does not end the session.
      expect(
        (
          await t.request({
            method: 'GET',
            url: `/api/collections/users/records/${ann.id}`,
            token: ann.token,
          })
        ).statusCode,
      ).toBe(200);
    });

    it('needs the old password to change the password or the email', async () => {
      const cases: [object, string][] = [
        [{ password: 'new-password-1', passwordConfirm: 'new-password-1' }, 'oldPassword'],
        [{ password: 'new-password-1', oldPassword: 'wrong-old-pass' }, 'oldPassword'],
        [{ email: 'ann2@example.com' }, 'oldPassword'],
        [{ password: 'short', oldPassword: 'ann-password-1' }, 'password'],
        [{ password: 'password123', oldPassword: 'ann-password-1' }, 'password'],
        [
          {
            password: 'new-password-1',
            passwordConfirm: 'other-password',
            oldPassword: 'ann-password-1',
          },
          'passwordConfirm',
        ],
        [{ email: 'bob@example.com', oldPassword: 'ann-password-1' }, 'email'],
        [{ email: 'not an email', oldPassword: 'ann-password-1' }, 'email'],
      ];
      for (const [payload, field] of cases) {
        const res = await patch(ann.id, ann.token, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(Object.keys(res.json<{ data: object }>().data), JSON.stringify(payload)).toEqual([
          field,
        ]);
      }
      // Nothing was half-written: the old password and email still work.
      await signIn(t, 'users', 'ann@example.com', 'ann-password-1');
      expect(
        await t.services.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'user.update')
          .execute(),
      ).toHaveLength(0);
    });

    it('does not let a user change their own role or status, or see or change anyone else', async () => {
      for (const payload of [{ role: 'admin' }, { status: 'disabled' }, { verified: true }]) {
        const res = await patch(ann.id, ann.token, payload);
        expect(res.statusCode).toBe(403);
        expect(Object.keys(res.json<{ data: object }>().data)).toEqual(Object.keys(payload));
      }
      expect((await patch(bob.id, ann.token, { name: 'hacked' })).statusCode).toBe(404);
      expect(
        (
          await t.request({
            method: 'GET',
            url: `/api/collections/users/records/${bob.id}`,
            token: ann.token,
          })
        ).statusCode,
      ).toBe(404);
      // A guest does not see the account either (PocketBase: 404, not 401).
      expect(
        (await t.request({ method: 'GET', url: `/api/collections/users/records/${bob.id}` }))
          .statusCode,
      ).toBe(404);
      expect(
        (await t.request({ method: 'GET', url: '/api/collections/users/records/nope', token: su }))
          .statusCode,
      ).toBe(404);
    });

    it('lets a superuser set role, status, and a password without the old one', async () => {
      const res = await patch(bob.id, su, {
        role: 'readonly',
        verified: true,
        password: 'set-by-super-1',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'readonly', verified: true });
      await signIn(t, 'users', 'bob@example.com', 'set-by-super-1');
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.update')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.changes ?? '{}')).toEqual({
        role: ['user', 'readonly'],
        verified: [0, 1],
        password: ['(hidden)', '(changed)'],
      });
      expect(audit.changes).not.toContain('set-by-super-1');
    });

    it.each([
      [{ email: 'bad' }, 'email'],
      [{ email: 'ann@example.com', password: 'ann-password-x' }, 'email'],
      [{ email: 'ANN@EXAMPLE.COM' }, 'email'],
      [{ email: 'new@example.com', role: 'emperor' }, 'role'],
      [{ email: 'new@example.com', status: 'sleeping' }, 'status'],
      [{ email: 'new@example.com', password: 'short' }, 'password'],
      [{ email: 'new@example.com', verified: 'yes' }, 'verified'],
      [{ email: 'new@example.com', username: 'a b' }, 'username'],
    ])('refuses to create %j with a 400 naming %s', async (payload, field) => {
      const before = await t.services.db.selectFrom('users').selectAll().execute();
      const res = await t.request({
        method: 'POST',
        url: '/api/collections/users/records',
        token: su,
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json<{ data: object }>().data)).toEqual([field]);
      expect(await t.services.db.selectFrom('users').selectAll().execute()).toHaveLength(
        before.length,
      );
    });

    it('takes groups+, +groups and groups- as PocketBase does, through the same guards', async () => {
      const group = async (name: string, roles: string[] = []) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/collections/groups/records',
          token: su,
          payload: { name, roles },
        });
        return res.json<{ id: string }>().id;
      };
      const [a, b, c] = [await group('A'), await group('B'), await group('C')];
      const groups = async () =>
        (
          await t.request({
            method: 'GET',
            url: `/api/collections/users/records/${ann.id}`,
            token: su,
          })
        ).json<{ groups: string[] }>().groups;
      expect((await patch(ann.id, su, { groups: [b] })).statusCode).toBe(200);
      expect((await patch(ann.id, su, { 'groups+': c, '+groups': [a] })).statusCode).toBe(200);
      expect(await groups()).toEqual([a, b, c]);
      expect((await patch(ann.id, su, { 'groups-': [a, c] })).statusCode).toBe(200);
      expect(await groups()).toEqual([b]);
      // A modifier is a change like any other: a user cannot add themselves to a group.
      expect((await patch(ann.id, ann.token, { 'groups+': a })).statusCode).toBe(403);
      expect(await groups()).toEqual([b]);
    });

    it('keeps usernames unique', async () => {
      expect((await patch(ann.id, ann.token, { username: 'annie' })).statusCode).toBe(200);
      const res = await patch(bob.id, bob.token, { username: 'annie' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ data: { username: { code: 'validation_not_unique' } } });
    });

    it('never changes the superuser of the same email when the user changes', async () => {
      const admin = await signIn(t, 'users', ADMIN.email, ADMIN.password);
      const res = await patch(admin.record.id, admin.token, {
        oldPassword: ADMIN.password,
        password: 'new-admin-pass-1',
        passwordConfirm: 'new-admin-pass-1',
      });
      expect(res.statusCode).toBe(200);
      await signIn(t, '_superusers', ADMIN.email, ADMIN.password);
      await signIn(t, 'users', ADMIN.email, 'new-admin-pass-1');
    });
  });
}
