// PocketBase's list contract over HTTP: paging clamped, expand paths ignored when unknown or too
// deep, `fields` with :excerpt and JSON keys, record and auth answers shaped by expand/fields
// (issue 13, item 4; the statuses of item 5 are in statuses.test.ts).
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
import { newId } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';
import { insertRow } from './records.repo.js';

type Json = Record<string, unknown>;
interface ListBody {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: Json[];
}

const HTML =
  '<p>Hello   <b>big</b>\n world</p><script>alert(1)</script><div>second &amp; last</div>';

for (const dialect of DIALECTS) {
  describe(`PocketBase lists (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    const people: Record<string, { id: string; token: string; email: string }> = {};
    let system = '';
    let alert = '';
    const chain: string[] = [];

    const call = async (method: string, url: string, token?: string, payload?: object) => {
      const res = await t.request({
        method,
        url,
        token,
        ...(payload ? { payload } : {}),
      });
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
      // A chain of 8 groups, each the parent of the next: g1 <- g2 <- … <- g8.
      for (let i = 1; i <= 8; i++) {
        const res = await call('POST', '/api/collections/groups/records', su, {
          name: `g${i}`,
          ...(i > 1 ? { parent: chain[i - 2] } : {}),
        });
        chain.push(String(res.body.id));
      }
      for (const [name, role] of [
        ['adele', 'admin'],
        ['uma', 'user'],
        ['otto', 'user'],
        ['rita', 'readonly'],
      ] as const) {
        const email = `${name}@example.com`;
        const id = await createUser(t, su, {
          email,
          password: `${name}-password-1`,
          role,
          name,
          ...(name === 'adele' ? { groups: [chain[0]] } : {}),
        });
        const token = (await signIn(t, 'users', email, `${name}-password-1`)).token;
        people[name] = { id, token, email };
      }
      const created = await call('POST', '/api/collections/systems/records', su, {
        name: 'web-1',
        host: '10.0.0.1',
        users: [people.uma!.id, people.otto!.id],
        info: { cpu: 80, os: 'linux', nested: { a: 1, b: 2 }, html: HTML },
      });
      system = String(created.body.id);
      for (let i = 2; i <= 5; i++) {
        await call('POST', '/api/collections/systems/records', su, {
          name: `web-${i}`,
          host: `10.0.0.${i}`,
          users: [people.uma!.id],
        });
      }
      const a = await call('POST', '/api/collections/alerts/records', people.uma!.token, {
        system,
        name: 'cpu',
        value: 90,
      });
      alert = String(a.body.id);
    });
    afterAll(async () => {
      await t.close();
    });

    describe('paging (tools/search/provider.go Parse + Exec)', () => {
      it('clamps page ≤ 0 to 1, perPage ≤ 0 to 30 and > 1000 to 1000', async () => {
        const big = await list('systems', '?page=0&perPage=2000', su);
        expect(big.status).toBe(200);
        expect(big.body).toMatchObject({ page: 1, perPage: 1000, totalItems: 5, totalPages: 1 });
        expect(big.body.items).toHaveLength(5);
        const low = await list('systems', '?page=-3&perPage=0', su);
        expect(low.body).toMatchObject({ page: 1, perPage: 30, totalItems: 5, totalPages: 1 });
        const negative = await list('systems', '?perPage=-1', su);
        expect(negative.body).toMatchObject({ page: 1, perPage: 30 });
        const exact = await list('systems', '?perPage=1000', su);
        expect(exact.body.perPage).toBe(1000);
      });

      it('takes an empty value as absent, an explicit sign, and the first of repeated values', async () => {
        expect((await list('systems', '?page=&perPage=', su)).body).toMatchObject({
          page: 1,
          perPage: 30,
        });
        const signed = await list('systems', '?page=%2B2&perPage=2&sort=name', su);
        expect(signed.body).toMatchObject({ page: 2, perPage: 2, totalPages: 3 });
        expect(signed.body.items.map((s) => s.name)).toEqual(['web-3', 'web-4']);
        const repeated = await list('systems', '?page=2&page=1&perPage=2&perPage=3&sort=name', su);
        expect(repeated.body).toMatchObject({ page: 2, perPage: 2 });
      });

      it('answers a page past the end (even a huge one) with no items', async () => {
        const past = await list('systems', '?page=99999999999&perPage=1000', su);
        expect(past.status).toBe(200);
        expect(past.body).toMatchObject({ page: 99999999999, totalItems: 5, items: [] });
        const int64 = await list('systems', '?page=9223372036854775807', su);
        expect(int64.status).toBe(200);
        expect(int64.body).toMatchObject({ totalItems: 5, items: [] });
      });

      it.each([
        ['?page=abc', 'page'],
        ['?page=1.5', 'page'],
        ['?page=1e3', 'page'],
        ['?page=%205', 'page'],
        // '+' in a query string is a space (Go's url.ParseQuery reads it so too).
        ['?page=+5', 'page'],
        ['?perPage=NaN', 'perPage'],
        ['?perPage=99999999999999999999', 'perPage'],
        ['?skipTotal=yes', 'skipTotal'],
      ])(
        'refuses %s (not an integer, as strconv.Atoi/ParseBool) with a 400 naming %s',
        async (query, field) => {
          const res = await list('systems', query, su);
          expect(res.status).toBe(400);
          expect(fieldOf(res.body)).toEqual([field]);
        },
      );

      it('reads skipTotal as strconv.ParseBool does', async () => {
        for (const value of ['1', 't', 'T', 'TRUE', 'true', 'True']) {
          const res = await list('systems', `?skipTotal=${value}`, su);
          expect(res.body, value).toMatchObject({ totalItems: -1, totalPages: -1 });
        }
        for (const value of ['0', 'f', 'F', 'FALSE', 'false', 'False']) {
          const res = await list('systems', `?skipTotal=${value}`, su);
          expect(res.body, value).toMatchObject({ totalItems: 5, totalPages: 1 });
        }
      });
    });

    describe('expand (core/record_query_expand.go)', () => {
      const view = (collection: string, id: string, query: string, token = su) =>
        call('GET', `/api/collections/${collection}/records/${id}${query}`, token);

      it('ignores unknown paths and bad syntax instead of refusing the request', async () => {
        for (const expand of ['nosuch', 'a;b', 'system..user', 'name', '*', 'system(x)']) {
          const res = await view('alerts', alert, `?expand=${encodeURIComponent(expand)}`);
          expect(res.status, expand).toBe(200);
          expect(res.body.expand, expand).toBeUndefined();
        }
        const listed = await list('alerts', `?expand=${encodeURIComponent('a;b,nosuch')}`, su);
        expect(listed.status).toBe(200);
        expect(listed.body.items[0]?.expand).toBeUndefined();
      });

      it('drops a whole path whose later segment is unknown, as PocketBase fails the path', async () => {
        const res = await view('alerts', alert, '?expand=system.nosuch');
        expect(res.status).toBe(200);
        expect(res.body.expand).toBeUndefined();
        // "system" is merged into the longer "system.nosuch" first (normalizeExpands), so it goes too.
        expect((await view('alerts', alert, '?expand=system,system.nosuch')).body.expand).toBe(
          undefined,
        );
        // A valid path next to an invalid one still expands.
        const mixed = await view('alerts', alert, '?expand=nosuch,system.users,user.nosuch');
        const expanded = mixed.body.expand as { system: { expand: { users: Json[] } } };
        expect(Object.keys(mixed.body.expand as object)).toEqual(['system']);
        expect(expanded.system.expand.users.map((u) => u.id)).toEqual([
          people.uma!.id,
          people.otto!.id,
        ]);
      });

      it('removes spaces and trims dots from paths', async () => {
        const res = await view(
          'alerts',
          alert,
          `?expand=${encodeURIComponent(' sys tem . ,.user.')}`,
        );
        expect(Object.keys(res.body.expand as object).sort()).toEqual(['system', 'user']);
      });

      it('expands the first 6 levels of a deeper path and ignores the rest', async () => {
        const path = Array.from({ length: 7 }, () => 'parent').join('.');
        const res = await view('groups', chain[7]!, `?expand=${path}`);
        expect(res.status).toBe(200);
        const names: string[] = [];
        let at: Json | undefined = res.body;
        while (at?.expand) {
          at = (at.expand as { parent?: Json }).parent;
          if (at) names.push(String(at.name));
        }
        expect(names).toEqual(['g7', 'g6', 'g5', 'g4', 'g3', 'g2']);
        // The 7th level is not even looked at: g2 carries no expand.
        expect(at).toMatchObject({ name: 'g2' });
        expect(at?.expand).toBeUndefined();
        const deeper = await view('groups', chain[7]!, `?expand=${path}.nosuch.more`);
        expect(deeper.status).toBe(200);
        expect(deeper.body.expand).toBeDefined();
      });

      it('names back-relations <collection>_via_<field>, by collection name or id', async () => {
        const byName = await view('systems', system, '?expand=alerts_via_system');
        const items = (byName.body.expand as { alerts_via_system: Json[] }).alerts_via_system;
        expect(items.map((a) => a.id)).toEqual([alert]);
        const byId = await view('systems', system, '?expand=pbc_alerts000001_via_system');
        expect(
          (byId.body.expand as Record<string, Json[]>).pbc_alerts000001_via_system?.map(
            (a) => a.id,
          ),
        ).toEqual([alert]);
        // A back-relation through a multiple relation: the systems a user is a member of.
        const member = await view('users', people.uma!.id, '?expand=systems_via_users');
        expect((member.body.expand as { systems_via_users: Json[] }).systems_via_users.length).toBe(
          5,
        );
      });

      it('expands at most 1000 back-related records per record, as PocketBase', async () => {
        const many = await call('POST', '/api/collections/systems/records', su, {
          name: 'busy',
          host: 'h',
        });
        const busy = String(many.body.id);
        const now = nowTimestamp();
        await t.services.db.transaction().execute(async (tx) => {
          for (let i = 0; i < 1001; i++) {
            await insertRow(tx, 'alerts', {
              id: newId(),
              user: people.uma!.id,
              system: busy,
              name: `bulk-${i}`,
              value: 0,
              min: 0,
              triggered: 0,
              created: now,
              updated: now,
            });
          }
        });
        const res = await view(
          'systems',
          busy,
          '?expand=alerts_via_system&fields=expand.alerts_via_system.id',
        );
        expect((res.body.expand as { alerts_via_system: Json[] }).alerts_via_system).toHaveLength(
          1000,
        );
        await call('DELETE', `/api/collections/systems/records/${busy}`, su);
      });

      it('gives every record an expand object when a valid expand finds nothing', async () => {
        const empty = await call('POST', '/api/collections/systems/records', su, {
          name: 'lonely',
          host: 'h',
        });
        const res = await view('systems', String(empty.body.id), '?expand=users,groups');
        expect(res.body.expand).toEqual({});
        await call('DELETE', `/api/collections/systems/records/${String(empty.body.id)}`, su);
      });
    });

    describe('fields (tools/picker)', () => {
      it('picks keys inside json values, with wildcards', async () => {
        const res = await call(
          'GET',
          `/api/collections/systems/records/${system}?fields=id,info.cpu,info.nested.b`,
          su,
        );
        expect(res.body).toEqual({ id: system, info: { cpu: 80, nested: { b: 2 } } });
        const star = await call(
          'GET',
          `/api/collections/systems/records/${system}?expand=users&fields=${encodeURIComponent('name,expand.*')}`,
          su,
        );
        expect(Object.keys(star.body)).toEqual(['name', 'expand']);
        expect((star.body.expand as { users: Json[] }).users[0]).toMatchObject({
          id: people.uma!.id,
          email: people.uma!.email,
        });
        const root = await call(
          'GET',
          `/api/collections/systems/records/${system}?expand=users&fields=${encodeURIComponent('*,expand.users.name,info.os')}`,
          su,
        );
        expect(root.body).toMatchObject({ id: system, name: 'web-1', info: { os: 'linux' } });
        expect(root.body.info).toEqual({ os: 'linux' });
        expect(root.body.expand).toEqual({ users: [{ name: 'uma' }, { name: 'otto' }] });
      });

      it('applies :excerpt(max, withEllipsis) — HTML stripped, whitespace collapsed, cut', async () => {
        const res = await call(
          'GET',
          `/api/collections/systems/records/${system}?fields=${encodeURIComponent('info.html:excerpt(100),name:excerpt(3, true),host:excerpt(4,false)')}`,
          su,
        );
        expect(res.body).toEqual({
          name: 'web...',
          host: '10.0',
          info: { html: 'Hello big world second & last' },
        });
        const short = await call(
          'GET',
          `/api/collections/systems/records/${system}?fields=${encodeURIComponent('info.html:excerpt(12,1)')}`,
          su,
        );
        expect(short.body).toEqual({ info: { html: 'Hello big wo...' } });
      });

      it('picks list items only, keeping the totals', async () => {
        const res = await list('systems', '?sort=name&perPage=2&fields=name,totalItems', su);
        expect(res.body).toEqual({
          page: 1,
          perPage: 2,
          totalItems: 5,
          totalPages: 3,
          items: [{ name: 'web-1' }, { name: 'web-2' }],
        });
      });

      it.each([
        'name:nosuch(1)',
        'name:excerpt',
        'name:excerpt(0)',
        'name:excerpt(abc)',
        'name:excerpt(1,true,3)',
        'name:excerpt(1',
        "name,'x",
      ])('refuses fields=%s with a 400 naming fields', async (fields) => {
        const res = await list('systems', `?fields=${encodeURIComponent(fields)}`, su);
        expect(res.status).toBe(400);
        expect(fieldOf(res.body)).toEqual(['fields']);
      });

      it('shapes create and update answers the same way, before anything is written', async () => {
        const created = await call(
          'POST',
          `/api/collections/alerts/records?expand=system&fields=${encodeURIComponent('id,name:excerpt(2),expand.system.name')}`,
          people.uma!.token,
          { system, name: 'memory' },
        );
        expect(created.status).toBe(200);
        const id = String(created.body.id);
        expect(created.body).toEqual({ id, name: 'me', expand: { system: { name: 'web-1' } } });
        const updated = await call(
          'PATCH',
          `/api/collections/alerts/records/${id}?expand=system,nosuch&fields=${encodeURIComponent('id,value,expand.system.host:excerpt(4)')}`,
          people.uma!.token,
          { value: 7 },
        );
        expect(updated.status).toBe(200);
        expect(updated.body).toEqual({ id, value: 7, expand: { system: { host: '10.0' } } });
        const bad = await call(
          'POST',
          `/api/collections/alerts/records?fields=${encodeURIComponent('name:nosuch')}`,
          people.uma!.token,
          { system, name: 'never' },
        );
        expect(bad.status).toBe(400);
        expect(
          (await list('alerts', `?filter=${encodeURIComponent("name='never'")}`, su)).body
            .totalItems,
        ).toBe(0);
      });
    });

    describe('auth answers (apis/record_helpers.go recordAuthResponse; router Event.JSON)', () => {
      const auth = (collection: string, query: string, body: object) =>
        call('POST', `/api/collections/${collection}/auth-with-password${query}`, undefined, body);

      it('expands the signed-in record as that user, and picks fields on the whole answer', async () => {
        const res = await auth(
          'users',
          `?expand=groups&fields=${encodeURIComponent('token,record.email,record.expand.groups.name')}`,
          { identity: 'adele@example.com', password: 'adele-password-1' },
        );
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(['record', 'token']);
        expect(typeof res.body.token).toBe('string');
        expect(res.body.record).toEqual({
          email: 'adele@example.com',
          expand: { groups: [{ name: 'g1' }] },
        });
        // A plain user may not view groups: the expand is there, and empty.
        const uma = await auth('users', '?expand=groups', {
          identity: 'uma@example.com',
          password: 'uma-password-1',
        });
        expect((uma.body.record as Json).expand).toEqual({});
        // `fields` names keys of the whole answer: a record field alone picks nothing.
        const only = await auth('users', '?fields=email', {
          identity: 'uma@example.com',
          password: 'uma-password-1',
        });
        expect(only.body).toEqual({});
        const token = await auth('_superusers', '?fields=token', {
          identity: ADMIN.email,
          password: ADMIN.password,
        });
        expect(Object.keys(token.body)).toEqual(['token']);
      });

      it('refuses a bad fields before signing in', async () => {
        const res = await auth('users', '?fields=token:nosuch', {
          identity: 'rita@example.com',
          password: 'rita-password-1',
        });
        expect(res.status).toBe(400);
        expect(fieldOf(res.body)).toEqual(['fields']);
      });

      it('shapes auth-refresh the same way', async () => {
        const res = await call(
          'POST',
          `/api/collections/users/auth-refresh?expand=groups&fields=${encodeURIComponent('record.id,record.expand')}`,
          people.adele!.token,
        );
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          record: {
            id: people.adele!.id,
            expand: { groups: [expect.objectContaining({ id: chain[0] }) as unknown] },
          },
        });
      });
    });
  });
}
