// Issue 16 item 10: the access review. Each situation is seeded (some straight into the database:
// an account from before a sign-in was recorded, a token used 100 days ago, a disabled account
// whose tokens were never revoked), then each list is checked, who may ask, bad input, and
// "Complete review": one audit entry with the counts the server computed, the chain intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  createUser,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { toTimestamp } from '../lib/time.js';
import type { Review } from './review.schema.js';

const DAY = 86_400_000;
const ago = (days: number) => toTimestamp(new Date(Date.now() - days * DAY));
const ids = (list: { items: { id: string }[] }) => list.items.map((i) => i.id).sort();

for (const dialect of DIALECTS) {
  describe(`access review (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let admin: string;
    type Users = 'never' | 'oldSession' | 'recent' | 'fresh' | 'disabledOld' | 'admin2';
    const u = {} as Record<Users | 'readonly' | 'owner' | 'goneOwner', string>;
    type Tokens = 'neverUsed' | 'usedLongAgo' | 'noExpiry' | 'soon' | 'revoked' | 'expired';
    const tok = {} as Record<Tokens | 'ofDisabled', string>;
    const g = {} as Record<'parent' | 'child' | 'lonely' | 'lonelyChild', string>;
    const sa = {} as Record<'owned' | 'none' | 'ownerDisabled' | 'ownerGone', string>;
    let ownerSession: string;
    let ownerToken: string;
    const sessionAt = ago(120);

    const get = async (token: string, query = '') =>
      t.request({ method: 'GET', url: `/api/access/review${query}`, token });
    const review = async (query = '') => {
      const res = await get(su, query);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Review>();
    };
    const mint = async (session: string, payload: object) => {
      const res = await t.request({ method: 'POST', url: '/api/tokens', token: session, payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ id: string; token: string }>();
    };
    const group = async (name: string, parent = '') => {
      const res = await t.request({
        method: 'POST',
        url: '/api/collections/groups/records',
        token: su,
        payload: { name, parent },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ id: string }>().id;
    };
    const user = (email: string, fields: Record<string, unknown> = {}) =>
      createUser(t, su, { email, password: 'password-123456', role: 'user', ...fields });

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      const db = t.services.db;
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      admin = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;

      g.parent = await group('Organization');
      g.child = await group('Security Team', g.parent);
      g.lonely = await group('Nobody Here');
      g.lonelyChild = await group('Nor Here', g.lonely);

      // Inactive: created long ago, never signed in; signed in (a session) long ago.
      u.never = await user('never@example.com');
      u.oldSession = await user('old-session@example.com');
      // Not inactive: created long ago but signed in now (audit + session); new and never signed in.
      u.recent = await user('recent@example.com', { groups: [g.child] });
      u.fresh = await user('fresh@example.com');
      u.disabledOld = await user('disabled-old@example.com');
      u.admin2 = await user('second-admin@example.com', { role: 'admin' });
      u.readonly = await user('readonly@example.com', { role: 'readonly' });
      u.owner = await user('owner@example.com');
      u.goneOwner = await user('gone-owner@example.com');
      for (const id of [u.never, u.oldSession, u.recent, u.disabledOld, u.admin2, u.readonly])
        await db
          .updateTable('users')
          .set({ created: ago(200) })
          .where('id', '=', id)
          .execute();
      await db
        .insertInto('sessions')
        .values({
          id: 'oldsession00001',
          collection: 'users',
          accountId: u.oldSession,
          ip: '127.0.0.1',
          userAgent: 'test',
          created: sessionAt,
          lastSeen: sessionAt,
          expires: ago(100),
        })
        .execute();
      await signIn(t, 'users', 'recent@example.com', 'password-123456');
      await signIn(t, 'users', 'second-admin@example.com', 'password-123456');
      await signIn(t, 'users', 'readonly@example.com', 'password-123456');

      // Tokens of the owner: never used; used 100 days ago; without expiry; expiring in 7 days;
      // revoked; expired.
      ownerSession = (await signIn(t, 'users', 'owner@example.com', 'password-123456')).token;
      tok.neverUsed = (await mint(ownerSession, { name: 'never used' })).id;
      const used = await mint(ownerSession, { name: 'used long ago' });
      ownerToken = `Bearer ${used.token}`;
      tok.usedLongAgo = used.id;
      const me = await t.request({ method: 'GET', url: '/api/tokens', token: ownerToken });
      expect(me.statusCode, me.body).toBe(200);
      await db
        .updateTable('api_tokens')
        .set({ lastUsedAt: ago(100) })
        .where('id', '=', used.id)
        .execute();
      tok.noExpiry = (await mint(ownerSession, { name: 'forever', expiresAt: 'never' })).id;
      const soon = new Date(Date.now() + 7 * DAY).toISOString();
      tok.soon = (await mint(ownerSession, { name: 'soon', expiresAt: soon })).id;
      tok.revoked = (await mint(ownerSession, { name: 'revoked', expiresAt: 'never' })).id;
      const del = await t.request({
        method: 'DELETE',
        url: `/api/tokens/${tok.revoked}`,
        token: ownerSession,
      });
      expect(del.statusCode, del.body).toBe(204);
      tok.expired = (await mint(ownerSession, { name: 'expired', expiresAt: 'never' })).id;
      await db
        .updateTable('api_tokens')
        .set({ expiresAt: ago(1) })
        .where('id', '=', tok.expired)
        .execute();

      // A disabled account still holding a token (disabled behind the API's back: the API
      // revokes them), and one disabled through the API (its token revoked).
      const disabledSession = (
        await signIn(t, 'users', 'disabled-old@example.com', 'password-123456')
      ).token;
      tok.ofDisabled = (await mint(disabledSession, { name: 'left behind' })).id;
      await db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('id', '=', u.disabledOld)
        .execute();

      // Service accounts: owned (fine); no owner; owner disabled; owner gone.
      const makeSa = async (name: string, ownerId: string | null) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/service-accounts',
          token: admin,
          payload: { name, ownerId, role: 'user' },
        });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ id: string }>().id;
      };
      sa.owned = await makeSa('Owned bot', u.owner);
      sa.none = await makeSa('Jenkins CI Bot', null);
      sa.ownerDisabled = await makeSa('Disabled owner bot', u.goneOwner);
      sa.ownerGone = await makeSa('Gone owner bot', u.owner);
      const off = await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${u.goneOwner}`,
        token: su,
        payload: { status: 'disabled' },
      });
      expect(off.statusCode, off.body).toBe(200);
      await db
        .updateTable('users')
        .set({ owner: 'nosuchuser0000' })
        .where('id', '=', sa.ownerGone)
        .execute();
    });
    afterAll(async () => {
      await t.close();
    });

    it('lists accounts with no sign-in for 90 days (never signed in: by created)', async () => {
      const r = await review();
      expect(r.days).toBe(90);
      const inactive = r.lists.inactiveAccounts;
      expect(ids(inactive)).toEqual([u.never, u.oldSession].sort());
      expect(inactive.total).toBe(2);
      const byId = new Map(inactive.items.map((i) => [i.id, i]));
      expect(byId.get(u.never)).toMatchObject({
        email: 'never@example.com',
        lastSignIn: null,
        remedy: 'disable',
      });
      expect(byId.get(u.oldSession)?.lastSignIn).toBe(sessionAt);
    });

    it('a shorter window and the cap: total stays, items are capped', async () => {
      const r = await review('?days=1&limit=1');
      // Everyone created long ago and never seen since yesterday, plus nobody fresh.
      expect(r.lists.inactiveAccounts.total).toBe(2);
      expect(r.lists.inactiveAccounts.items).toHaveLength(1);
      // The oldest activity first: created 200 days ago (never signed in) before a session 120 days ago.
      expect(r.lists.inactiveAccounts.items[0]?.id).toBe(u.never);
    });

    it('a sign-in recorded only in the audit log counts', async () => {
      await t.services.db.deleteFrom('sessions').where('accountId', '=', u.recent).execute();
      const r = await review();
      expect(ids(r.lists.inactiveAccounts)).not.toContain(u.recent);
    });

    it('lists disabled accounts that still hold working tokens', async () => {
      const r = await review();
      expect(ids(r.lists.disabledWithTokens)).toEqual([tok.ofDisabled]);
      expect(r.lists.disabledWithTokens.items[0]).toMatchObject({
        account: { id: u.disabledOld, email: 'disabled-old@example.com', status: 'disabled' },
        remedy: 'revoke',
      });
    });

    it('lists tokens never used, unused for N days, without expiry, expiring within 14 days', async () => {
      const r = await review();
      const mine = (list: { items: { id: string; account: { id: string } }[] }) =>
        list.items
          .filter((i) => i.account.id === u.owner)
          .map((i) => i.id)
          .sort();
      expect(mine(r.lists.tokensNeverUsed)).toEqual([tok.neverUsed, tok.noExpiry, tok.soon].sort());
      expect(ids(r.lists.tokensUnused)).toEqual([tok.usedLongAgo]);
      expect(ids(r.lists.tokensWithoutExpiry)).toEqual([tok.noExpiry]);
      expect(ids(r.lists.tokensExpiringSoon)).toEqual([tok.soon]);
      const item = r.lists.tokensUnused.items[0];
      expect(item?.prefix).toMatch(/^gth_/);
      expect(item).toMatchObject({ name: 'used long ago', remedy: 'revoke' });
      expect(item?.account).toMatchObject({ email: 'owner@example.com', kind: 'user' });
      for (const list of Object.values(r.lists))
        for (const i of list.items as { id: string }[])
          expect([tok.revoked, tok.expired]).not.toContain(i.id);
      // Used within the window: not "unused".
      expect(ids((await review('?days=200')).lists.tokensUnused)).toEqual([]);
    });

    it('lists active users at level ≤ 1, not disabled ones', async () => {
      const r = await review();
      const setupAdminId = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).record.id;
      expect(ids(r.lists.privilegedUsers)).toEqual([setupAdminId, u.admin2].sort());
      expect(r.lists.privilegedUsers.items.find((i) => i.id === u.admin2)).toMatchObject({
        email: 'second-admin@example.com',
        level: 1,
        levelName: 'Admin',
        kind: 'user',
        remedy: 'open',
      });
    });

    it('lists groups without members, saying whether sub-groups have some', async () => {
      const r = await review();
      const byId = new Map(r.lists.emptyGroups.items.map((i) => [i.id, i]));
      expect(byId.has(g.child)).toBe(false);
      expect(byId.get(g.parent)).toMatchObject({ empty: 'direct', path: 'Organization' });
      expect(byId.get(g.lonely)?.empty).toBe('subtree');
      expect(byId.get(g.lonelyChild)).toMatchObject({
        empty: 'subtree',
        path: 'Nobody Here / Nor Here',
        remedy: 'open',
      });
    });

    it('lists service accounts without an owner, or whose owner is disabled or gone', async () => {
      const r = await review();
      const reasons = Object.fromEntries(
        r.lists.unownedServiceAccounts.items.map((i) => [i.id, i.reason]),
      );
      expect(reasons).toEqual({
        [sa.none]: 'none',
        [sa.ownerDisabled]: 'disabled',
        [sa.ownerGone]: 'deleted',
      });
    });

    it('refuses users, readonly users and tokens without admin:users.manage (403), guests 401', async () => {
      const plain = (await signIn(t, 'users', 'owner@example.com', 'password-123456')).token;
      const ro = (await signIn(t, 'users', 'readonly@example.com', 'password-123456')).token;
      const adminSession = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;
      const viewOnly = await mint(adminSession, { name: 'view', scopes: ['admin:users.view'] });
      const manage = await mint(adminSession, { name: 'manage', scopes: ['admin:users.manage'] });
      for (const token of [plain, ro, ownerToken, `Bearer ${viewOnly.token}`]) {
        const res = await get(token);
        expect(res.statusCode, res.body).toBe(403);
        const post = await t.request({
          method: 'POST',
          url: '/api/access/review',
          token,
          payload: {},
        });
        expect(post.statusCode, post.body).toBe(403);
      }
      expect((await get(plain)).json<{ message: string }>().message).toMatch(
        /admin\.users\.manage/,
      );
      expect((await get('')).statusCode).toBe(401);
      expect((await get(adminSession)).statusCode).toBe(200);
      expect((await get(`Bearer ${manage.token}`)).statusCode).toBe(200);
    });

    it('bad days or limit: 400 naming the field, nothing recorded', async () => {
      const before = await countReviews(t);
      for (const q of ['?days=abc', '?days=0', '?days=1.5', '?days=99999', '?days=1&days=2']) {
        const res = await get(su, q);
        expect(res.statusCode, `${q} ${res.body}`).toBe(400);
        expect(Object.keys(res.json<{ data: object }>().data)).toEqual(['days']);
      }
      const limit = await get(su, '?limit=0');
      expect(limit.statusCode).toBe(400);
      expect(Object.keys(limit.json<{ data: object }>().data)).toEqual(['limit']);
      for (const payload of [{ days: -1 }, { days: '90x' }, { days: 30, counts: { x: 1 } }]) {
        const res = await t.request({
          method: 'POST',
          url: '/api/access/review',
          token: su,
          payload,
        });
        expect(res.statusCode, res.body).toBe(400);
      }
      const bad = await t.request({
        method: 'POST',
        url: '/api/access/review',
        token: su,
        payload: { days: 0 },
      });
      expect(Object.keys(bad.json<{ data: object }>().data)).toEqual(['days']);
      expect(await countReviews(t)).toBe(before);
    });

    it('Complete review: one audit entry with the server-computed counts; the chain verifies', async () => {
      const before = await countReviews(t);
      const expected = await review('?days=30');
      const res = await t.request({
        method: 'POST',
        url: '/api/access/review',
        token: admin,
        payload: { days: 30 },
      });
      expect(res.statusCode, res.body).toBe(200);
      const done = res.json<{ days: number; counts: Record<string, number> }>();
      const counts = Object.fromEntries(
        Object.entries(expected.lists).map(([name, list]) => [name, list.total]),
      );
      expect(done).toMatchObject({ days: 30, counts });
      expect(await countReviews(t)).toBe(before + 1);
      const entry = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'access.review')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(entry.actorEmail).toBe(ADMIN.email);
      expect(entry.result).toBe('success');
      const data = JSON.parse(entry.data ?? '{}') as { days: number; counts: object };
      expect(data.days).toBe(30);
      expect(data.counts).toEqual(counts);
      const verify = await t.request({ method: 'GET', url: '/api/audit/verify', token: su });
      expect(verify.statusCode, verify.body).toBe(200);
      expect(verify.json<{ ok: boolean }>().ok).toBe(true);
    });

    it('concurrent completes: one entry each, the chain unforked', async () => {
      const before = await countReviews(t);
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.request({
            method: 'POST',
            url: '/api/access/review',
            token: i % 2 ? admin : su,
            payload: { days: 10 + i },
          }),
        ),
      );
      for (const res of answers) expect(res.statusCode, res.body).toBe(200);
      expect(await countReviews(t)).toBe(before + 6);
      const verify = await t.request({ method: 'GET', url: '/api/audit/verify', token: su });
      expect(verify.json<{ ok: boolean }>().ok).toBe(true);
    });
  });
}

async function countReviews(t: TestApp): Promise<number> {
  const r = await sql<{
    n: unknown;
  }>`SELECT COUNT(*) AS "n" FROM "audit_log" WHERE "action" = 'access.review'`.execute(
    t.services.db,
  );
  return Number(r.rows[0]?.n ?? 0);
}
