// The admin's user details (issue 16 item 1): one user's sessions (GET/DELETE
// /api/users/{id}/sessions) and tokens (GET /api/tokens?user=, revoked through DELETE
// /api/tokens/{id}). The attacks first: a lower-level admin, users without the grant, scoped tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';

const PASSWORD = 'password-123456';

for (const dialect of DIALECTS) {
  describe(`a user's sessions and tokens for administrators (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    /** admin2: level 1 with every admin grant; manager: level 2, users.manage without tokens.manage. */
    const id = {} as Record<'top' | 'admin2' | 'manager' | 'sam' | 'plain' | 'viewer', string>;
    const session = {} as Record<'admin2' | 'manager' | 'plain' | 'viewer' | 'top', string>;

    const get = (url: string, token: string) => t.request({ method: 'GET', url, token });
    const del = (url: string, token: string) => t.request({ method: 'DELETE', url, token });
    const login = async (email: string) => (await signIn(t, 'users', email, PASSWORD)).token;
    const mint = async (token: string, payload: object) => {
      const res = await t.request({ method: 'POST', url: '/api/tokens', token, payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ id: string; token: string }>();
    };
    const sessionsOf = async (userId: string, token: string) => {
      const res = await get(`/api/users/${userId}/sessions`, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: { id: string; current: boolean; userAgent: string }[] }>().items;
    };
    const me = (token: string) => get('/api/access/me', token);

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const user = (email: string, role: string) =>
        createUser(t, su, { email, password: PASSWORD, role, name: email.split('@')[0] });
      const superAdmin = await t.request({
        method: 'POST',
        url: '/api/collections/roles/records',
        token: su,
        payload: {
          name: 'Super Admin',
          level: 0,
          permissions: { admin: { actions: ['users.view', 'users.manage'], scope: 'all' } },
        },
      });
      expect(superAdmin.statusCode, superAdmin.body).toBe(200);
      id.top = await user('top@example.com', 'Super Admin');
      id.admin2 = await user('admin2@example.com', 'admin');
      id.manager = await user('manager@example.com', 'Project Manager');
      id.sam = await user('sam@example.com', 'user');
      id.plain = await user('plain@example.com', 'user');
      const role = await t.request({
        method: 'POST',
        url: '/api/collections/roles/records',
        token: su,
        payload: {
          name: 'User Viewer',
          level: 3,
          permissions: { admin: { actions: ['users.view'], scope: 'all' } },
        },
      });
      expect(role.statusCode, role.body).toBe(200);
      id.viewer = await user('viewer@example.com', 'User Viewer');
      session.admin2 = await login('admin2@example.com');
      session.manager = await login('manager@example.com');
      session.plain = await login('plain@example.com');
      session.viewer = await login('viewer@example.com');
      session.top = await login('top@example.com');
    });
    afterAll(async () => {
      await t.close();
    });

    it('refuses a lower-level admin: a manager neither lists nor revokes an admin’s sessions', async () => {
      const admin2Sessions = await sessionsOf(id.admin2, su);
      expect(admin2Sessions.length).toBeGreaterThan(0);
      const list = await get(`/api/users/${id.admin2}/sessions`, session.manager);
      expect(list.statusCode).toBe(403);
      expect(list.json<{ message: string }>().message).toMatch(/level 2.*level 1/);
      const revoke = await del(
        `/api/users/${id.admin2}/sessions/${admin2Sessions[0]!.id}`,
        session.manager,
      );
      expect(revoke.statusCode).toBe(403);
      expect((await me(session.admin2)).statusCode).toBe(200);
      // Nor does an admin reach the level-0 user's.
      expect((await get(`/api/users/${id.top}/sessions`, session.admin2)).statusCode).toBe(403);
    });

    it('refuses users without admin:users.manage, guests and scoped tokens', async () => {
      const url = `/api/users/${id.sam}/sessions`;
      // Without any admin grant the user is not even visible: 404, as for a user that does not exist.
      expect((await get(url, session.plain)).statusCode).toBe(404);
      // admin:users.view sees the user but does not manage their sessions.
      const viewer = await get(url, session.viewer);
      expect(viewer.statusCode).toBe(403);
      expect(viewer.json<{ message: string }>().message).toMatch(/users\.manage/);
      expect((await t.request({ method: 'GET', url })).statusCode).toBe(401);
      // A token of admin2 scoped to systems:view, or to admin:users.view, has no admin:users.manage.
      const narrow = await mint(session.admin2, { name: 'narrow', scopes: ['systems:view'] });
      const view = await mint(session.admin2, { name: 'view', scopes: ['admin:users.view'] });
      expect((await get(url, `Bearer ${narrow.token}`)).statusCode).toBe(404);
      expect((await get(url, `Bearer ${view.token}`)).statusCode).toBe(403);
      const samSession = await login('sam@example.com');
      const [first] = await sessionsOf(id.sam, su);
      expect((await del(`${url}/${first!.id}`, `Bearer ${view.token}`)).statusCode).toBe(403);
      expect((await del(`${url}/${first!.id}`, session.viewer)).statusCode).toBe(403);
      expect((await me(samSession)).statusCode).toBe(200);
    });

    it('an admin lists a user’s sessions and revokes one: it stops at once, audited', async () => {
      const laptop = await login('sam@example.com');
      const phone = await login('sam@example.com');
      const before = await sessionsOf(id.sam, session.manager);
      expect(before.every((s) => !s.current)).toBe(true);
      // The newest session is the phone's (listed by last seen).
      const target = before[0]!;
      const res = await del(`/api/users/${id.sam}/sessions/${target.id}`, session.manager);
      expect(res.statusCode, res.body).toBe(204);
      expect((await me(phone)).statusCode).toBe(401);
      expect((await me(laptop)).statusCode).toBe(200);
      expect((await sessionsOf(id.sam, su)).map((s) => s.id)).not.toContain(target.id);
      // Again, or through another user's path, is a 404.
      expect(
        (await del(`/api/users/${id.sam}/sessions/${target.id}`, session.manager)).statusCode,
      ).toBe(404);
      const other = (await sessionsOf(id.sam, su))[0]!;
      expect(
        (await del(`/api/users/${id.plain}/sessions/${other.id}`, session.manager)).statusCode,
      ).toBe(404);
      expect((await get(`/api/users/nosuchuser00000/sessions`, session.manager)).statusCode).toBe(
        404,
      );
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'session.revoke')
        .where('targetId', '=', target.id)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: id.manager, result: 'success' });
      expect(JSON.parse(String(audit[0]!.data))).toEqual({ owner: id.sam });
    });

    it('lists a user’s tokens for admin:tokens.manage at or above their level, and the owner', async () => {
      const samSession = await login('sam@example.com');
      const token = await mint(samSession, { name: 'Sam CI' });
      const url = `/api/tokens?user=${id.sam}`;
      const names = async (caller: string) => {
        const res = await get(url, caller);
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ items: { id: string; name: string; userId: string }[] }>().items;
      };
      expect((await names(session.admin2)).map((i) => i.name)).toEqual(['Sam CI']);
      expect((await names(samSession)).map((i) => i.id)).toEqual([token.id]);
      expect((await names(su)).map((i) => i.userId)).toEqual([id.sam]);
      // Attacks: no tokens.manage (a manager with users.manage), no grant, a level above, scopes.
      expect((await get(url, session.manager)).statusCode).toBe(403);
      expect((await get(url, session.plain)).statusCode).toBe(403);
      const topTokens = await get(`/api/tokens?user=${id.top}`, session.admin2);
      expect(topTokens.statusCode).toBe(403);
      expect(topTokens.json<{ message: string }>().message).toMatch(/level 1.*level 0/);
      const scoped = await mint(session.admin2, { name: 'scoped', scopes: ['systems:view'] });
      expect((await get(url, `Bearer ${scoped.token}`)).statusCode).toBe(403);
      expect((await get(url, `Bearer ${token.token}`)).statusCode).toBe(200);
      // Revoked through DELETE /api/tokens/{id}: the token stops and leaves the list.
      expect((await del(`/api/tokens/${token.id}`, session.manager)).statusCode).toBe(404);
      expect((await del(`/api/tokens/${token.id}`, session.admin2)).statusCode).toBe(204);
      expect((await me(`Bearer ${token.token}`)).statusCode).toBe(401);
      expect(await names(session.admin2)).toEqual([]);
    });
  });
}
