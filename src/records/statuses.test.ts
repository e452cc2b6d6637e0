// PocketBase's statuses over HTTP: a guest's list is empty (200) and a record 404, 401 kept for
// what needs a signed-in caller, 403 for superuser-only collections and for a missing grant (our
// documented difference), auth-refresh's 401/403, and deleting a user without ?confirm= (issue 13,
// item 5).
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

type Json = Record<string, unknown>;
interface ListBody {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: Json[];
}

for (const dialect of DIALECTS) {
  describe(`PocketBase statuses (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    const people: Record<string, { id: string; token: string; email: string }> = {};
    let system = '';
    let alert = '';
    let group = '';

    const call = async (method: string, url: string, token?: string, payload?: object) => {
      const res = await t.request({ method, url, token, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: (res.body ? res.json() : null) as Json };
    };
    const list = async (collection: string, query: string, token?: string) => {
      const res = await call('GET', `/api/collections/${collection}/records${query}`, token);
      return { status: res.status, body: res.body as ListBody & Json };
    };
    const fieldOf = (body: Json) => Object.keys(body.data ?? {});

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      group = String(
        (await call('POST', '/api/collections/groups/records', su, { name: 'g1' })).body.id,
      );
      for (const [name, role] of [
        ['adele', 'admin'],
        ['uma', 'user'],
        ['rita', 'readonly'],
      ] as const) {
        const email = `${name}@example.com`;
        const id = await createUser(t, su, { email, password: `${name}-password-1`, role, name });
        const token = (await signIn(t, 'users', email, `${name}-password-1`)).token;
        people[name] = { id, token, email };
      }
      for (let i = 1; i <= 5; i++) {
        const created = await call('POST', '/api/collections/systems/records', su, {
          name: `web-${i}`,
          host: `10.0.0.${i}`,
          users: [people.uma!.id],
        });
        if (i === 1) system = String(created.body.id);
      }
      const a = await call('POST', '/api/collections/alerts/records', people.uma!.token, {
        system,
        name: 'cpu',
      });
      alert = String(a.body.id);
    });
    afterAll(async () => {
      await t.close();
    });

    describe('auth-refresh (apis/middlewares.go RequireSameCollectionContextAuth)', () => {
      it('answers 401 to a refresh without a token, 403 to a token of the other collection', async () => {
        expect((await call('POST', '/api/collections/users/auth-refresh')).status).toBe(401);
        const cross = await call('POST', '/api/collections/_superusers/auth-refresh', undefined);
        expect(cross.status).toBe(401);
        const wrong = await call(
          'POST',
          '/api/collections/_superusers/auth-refresh',
          people.uma!.token,
        );
        expect(wrong.status).toBe(403);
        expect(wrong.body).toEqual({
          status: 403,
          message: 'The request requires auth record from users collection.',
          data: {},
        });
        const wrongSu = await call('POST', '/api/collections/users/auth-refresh', su);
        expect(wrongSu.status).toBe(403);
        expect(wrongSu.body.message).toBe(
          'The request requires auth record from _superusers collection.',
        );
      });
    });

    describe('statuses (apis/record_crud.go)', () => {
      it('gives a guest an empty list (200) and a 404 on view, update and delete', async () => {
        for (const collection of ['systems', 'alerts', 'users', 'groups', 'roles', 'projects']) {
          const res = await list(collection, '?page=0&perPage=5000&expand=users', undefined);
          expect(res.status, collection).toBe(200);
          expect(res.body, collection).toEqual({
            page: 1,
            perPage: 1000,
            totalItems: 0,
            totalPages: 0,
            items: [],
          });
        }
        for (const [collection, id] of [
          ['systems', system],
          ['alerts', alert],
          ['users', people.uma!.id],
          ['groups', group],
        ]) {
          const url = `/api/collections/${collection}/records/${id}`;
          for (const method of ['GET', 'PATCH', 'DELETE']) {
            const res = await call(method, url, undefined, method === 'PATCH' ? {} : undefined);
            expect(res.status, `${method} ${url}`).toBe(404);
            expect(res.body.message).toBe("The requested resource wasn't found.");
          }
        }
        // A bad filter is still a 400 for a guest, as PocketBase compiles it with the rule.
        expect((await list('systems', `?filter=${encodeURIComponent("name = 'x")}`)).status).toBe(
          400,
        );
        // Nothing was changed or deleted.
        expect((await list('systems', '', su)).body.totalItems).toBe(5);
      });

      it('keeps 401 for a guest create, and 403 for superuser-only collections', async () => {
        const create = await call('POST', '/api/collections/systems/records', undefined, {
          name: 'g',
          host: 'g',
        });
        expect(create.status).toBe(401);
        for (const token of [undefined, people.uma!.token]) {
          const res = await list('_superusers', '', token);
          expect(res.status).toBe(403);
          expect(res.body.message).toBe('Only superusers can perform this action.');
          expect((await call('GET', `/api/collections/_superusers/records/x`, token)).status).toBe(
            403,
          );
        }
      });

      it('answers a signed-in user without the grant with 403 naming the grant (documented difference)', async () => {
        const res = await list('groups', '', people.uma!.token);
        expect(res.status).toBe(403);
        expect(res.body.message).toBe('Your roles do not grant admin.users.view.');
        const view = await call(
          'GET',
          `/api/collections/systems/records/${system}`,
          people.rita!.token,
        );
        expect(view.status).toBe(404);
      });
    });

    describe('deleting a user (apis/record_crud.go recordDelete)', () => {
      const fresh = async (name: string, role = 'user') => {
        const email = `${name}@example.com`;
        const id = await createUser(t, su, { email, password: `${name}-password-1`, role, name });
        return { id, email };
      };
      const audited = async (id: string) =>
        (
          await t.services.db
            .selectFrom('audit_log')
            .select(['action', 'actorEmail'])
            .where('targetId', '=', id)
            .where('action', '=', 'user.delete')
            .execute()
        ).map((r) => r.actorEmail);

      it('lets a superuser delete a user without ?confirm=, audited', async () => {
        const victim = await fresh('victim-one');
        const res = await call('DELETE', `/api/collections/users/records/${victim.id}`, su);
        expect(res.status).toBe(204);
        expect(await audited(victim.id)).toEqual([ADMIN.email]);
        expect((await call('GET', `/api/collections/users/records/${victim.id}`, su)).status).toBe(
          404,
        );
      });

      it('still accepts the right ?confirm= and refuses a wrong one naming confirm', async () => {
        const victim = await fresh('victim-two');
        for (const wrong of ['nobody@example.com', '', 'victim-two@example.com&confirm=x']) {
          const res = await call(
            'DELETE',
            `/api/collections/users/records/${victim.id}?confirm=${wrong}`,
            su,
          );
          expect(res.status, wrong).toBe(400);
          expect(fieldOf(res.body)).toEqual(['confirm']);
        }
        const ok = await call(
          'DELETE',
          `/api/collections/users/records/${victim.id}?confirm=VICTIM-TWO@example.com`,
          su,
        );
        expect(ok.status).toBe(204);
      });

      it('lets an administrator with admin.users.manage delete a lower user without confirm', async () => {
        const victim = await fresh('victim-three');
        const res = await call(
          'DELETE',
          `/api/collections/users/records/${victim.id}`,
          people.adele!.token,
        );
        expect(res.status).toBe(204);
        expect(await audited(victim.id)).toEqual(['adele@example.com']);
        // Without the grant it stays refused: another user is not even visible.
        const other = await fresh('victim-four');
        expect(
          (await call('DELETE', `/api/collections/users/records/${other.id}`, people.uma!.token))
            .status,
        ).toBe(404);
      });

      it('keeps the last level-0 guard, then lets the first go once there is a second', async () => {
        const top = await call('POST', '/api/collections/roles/records', su, {
          name: 'Top',
          level: 0,
          permissions: { admin: { actions: ['users.view', 'users.manage'], scope: 'all' } },
        });
        expect(top.status).toBe(200);
        const boss = await fresh('boss', 'Top');
        const refused = await call('DELETE', `/api/collections/users/records/${boss.id}`, su);
        expect(refused.status).toBe(403);
        expect(String(refused.body.message)).toMatch(/level-0/);
        expect(await audited(boss.id)).toEqual([]);
        await fresh('deputy', 'Top');
        expect((await call('DELETE', `/api/collections/users/records/${boss.id}`, su)).status).toBe(
          204,
        );
      });
    });
  });
}
