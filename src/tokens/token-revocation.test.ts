// Issue 12 item 7: API tokens die with the account resets that end sessions — disabling (for good),
// an administrator's password reset, "sign out everywhere", the owner's own password or email change
// (unless they keep them) — and each revocation is audited.
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
import { revokeTokensOfDisabled } from '../db/migrations/0011-revoke-tokens-of-disabled.js';

for (const dialect of DIALECTS) {
  describe(`API tokens and account resets (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    let admin: string;
    let n = 0;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      admin = (await signIn(t, 'users', ADMIN.email, ADMIN.password)).token;
    });
    afterAll(async () => {
      await t.close();
    });

    /** A fresh user of role `user`, signed in, with one unscoped API token. */
    const person = async () => {
      n += 1;
      const email = `p${String(n)}@example.com`;
      const password = `p${String(n)}-password-1`;
      const id = await createUser(t, su, { email, password, role: 'user' });
      const session = (await signIn(t, 'users', email, password)).token;
      const res = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: session,
        payload: { name: 'ci' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const secret = res.json<{ token: string }>().token;
      return { id, email, password, session, secret };
    };
    /** 200 while the token acts as its owner, 401 once it is dead. */
    const tokenStatus = async (secret: string) =>
      (await t.request({ method: 'GET', url: '/api/access/me', token: `Bearer ${secret}` }))
        .statusCode;
    const patchUser = (id: string, token: string, payload: object) =>
      t.request({ method: 'PATCH', url: `/api/collections/users/records/${id}`, token, payload });
    const revocations = (ownerId: string) =>
      t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'token.revoke_all')
        .where('targetId', '=', ownerId)
        .execute();

    it("the owner's own password change revokes their tokens by default, audited with the reason", async () => {
      const p = await person();
      expect(await tokenStatus(p.secret)).toBe(200);
      const res = await patchUser(p.id, p.session, {
        password: 'a-new-password-1',
        passwordConfirm: 'a-new-password-1',
        oldPassword: p.password,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(401);
      const entries = await revocations(p.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorType: 'user', actorId: p.id, result: 'success' });
      expect(JSON.parse(entries[0]!.data!)).toMatchObject({ reason: 'password_change', count: 1 });
      const update = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.update')
        .where('targetId', '=', p.id)
        .execute();
      expect(JSON.parse(update.at(-1)!.data!)).toMatchObject({ tokensRevoked: 1 });
    });

    it('with revokeTokens: false the owner keeps their tokens (sessions still end)', async () => {
      const p = await person();
      const res = await patchUser(p.id, p.session, {
        password: 'a-new-password-1',
        passwordConfirm: 'a-new-password-1',
        oldPassword: p.password,
        revokeTokens: false,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(200);
      expect(await revocations(p.id)).toHaveLength(0);
      const again = await signIn(t, 'users', p.email, 'a-new-password-1');
      const email = await patchUser(p.id, again.token, {
        email: `kept-${p.email}`,
        oldPassword: 'a-new-password-1',
        revokeTokens: false,
      });
      expect(email.statusCode, email.body).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(200);
    });

    it("the owner's email change revokes their tokens by default", async () => {
      const p = await person();
      const res = await patchUser(p.id, p.session, {
        email: `new-${p.email}`,
        oldPassword: p.password,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(401);
      expect(JSON.parse((await revocations(p.id))[0]!.data!)).toMatchObject({
        reason: 'email_change',
      });
    });

    it("an administrator's password reset revokes the owner's tokens, and cannot keep them", async () => {
      const p = await person();
      const keep = await patchUser(p.id, admin, {
        password: 'reset-by-admin-1',
        revokeTokens: false,
      });
      expect(keep.statusCode, keep.body).toBe(400);
      expect(Object.keys(keep.json<{ data: object }>().data)).toEqual(['revokeTokens']);
      expect(await tokenStatus(p.secret)).toBe(200);
      const res = await patchUser(p.id, admin, { password: 'reset-by-admin-1' });
      expect(res.statusCode, res.body).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(401);
      expect(JSON.parse((await revocations(p.id))[0]!.data!)).toMatchObject({
        reason: 'password_reset',
      });
      // A superuser's reset too.
      const q = await person();
      expect((await patchUser(q.id, su, { password: 'reset-by-su-12' })).statusCode).toBe(200);
      expect(await tokenStatus(q.secret)).toBe(401);
      // An administrator changing the email also revokes.
      const r = await person();
      expect((await patchUser(r.id, admin, { email: `moved-${r.email}` })).statusCode).toBe(200);
      expect(await tokenStatus(r.secret)).toBe(401);
    });

    it('"sign out everywhere" revokes the owner\'s tokens and says how many', async () => {
      const p = await person();
      const other = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: p.session,
        payload: { name: 'second', scopes: ['systems:view'] },
      });
      const res = await t.request({ method: 'DELETE', url: '/api/sessions', token: p.session });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ tokensRevoked: 2 });
      expect(await tokenStatus(p.secret)).toBe(401);
      expect(await tokenStatus(other.json<{ token: string }>().token)).toBe(401);
      expect(JSON.parse((await revocations(p.id))[0]!.data!)).toMatchObject({
        reason: 'sign_out_everywhere',
        count: 2,
      });
    });

    it('"sign out everywhere" through a token without scopes spares that token, as it spares the session', async () => {
      const p = await person();
      const second = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: p.session,
        payload: { name: 'second' },
      });
      const other = second.json<{ token: string }>().token;
      const res = await t.request({
        method: 'DELETE',
        url: '/api/sessions',
        token: `Bearer ${p.secret}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ revoked: 1, tokensRevoked: 1 });
      expect(await tokenStatus(p.secret)).toBe(200);
      expect(await tokenStatus(other)).toBe(401);
    });

    it('disabling revokes for good: re-enabling does not revive the token', async () => {
      const p = await person();
      expect((await patchUser(p.id, admin, { status: 'disabled' })).statusCode).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(401);
      expect((await patchUser(p.id, admin, { status: 'active' })).statusCode).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(401);
      const row = await t.services.db
        .selectFrom('api_tokens')
        .select('revokedAt')
        .where('userId', '=', p.id)
        .executeTakeFirstOrThrow();
      expect(row.revokedAt).not.toBe('');
      expect(JSON.parse((await revocations(p.id))[0]!.data!)).toMatchObject({
        reason: 'account_disabled',
      });
    });

    it('the bulk action disable revokes for good, and says how many', async () => {
      const p = await person();
      const q = await person();
      const bulk = (action: string) =>
        t.request({
          method: 'POST',
          url: '/api/users/bulk',
          token: admin,
          payload: { action, ids: [p.id, q.id] },
        });
      const res = await bulk('disable');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ tokensRevoked: 2 });
      expect((await bulk('enable')).statusCode).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(401);
      expect(await tokenStatus(q.secret)).toBe(401);
    });

    it("a disabled service account's tokens stay dead when it is enabled again", async () => {
      const p = await person();
      const sa = await t.request({
        method: 'POST',
        url: '/api/service-accounts',
        token: admin,
        payload: { name: 'Bot', ownerId: p.id, role: 'user' },
      });
      const id = sa.json<{ id: string }>().id;
      const minted = await t.request({
        method: 'POST',
        url: `/api/service-accounts/${id}/tokens`,
        token: p.session,
        payload: { name: 'ci' },
      });
      const secret = minted.json<{ token: string }>().token;
      expect(await tokenStatus(secret)).toBe(200);
      const off = await t.request({
        method: 'PATCH',
        url: `/api/service-accounts/${id}`,
        token: admin,
        payload: { status: 'disabled' },
      });
      expect(off.statusCode, off.body).toBe(200);
      expect(off.json()).toMatchObject({ status: 'disabled', tokensRevoked: 1 });
      await t.request({
        method: 'PATCH',
        url: `/api/service-accounts/${id}`,
        token: admin,
        payload: { status: 'active' },
      });
      expect(await tokenStatus(secret)).toBe(401);
      // No new tokens for a disabled account: they would come alive when it is enabled.
      await t.request({
        method: 'PATCH',
        url: `/api/service-accounts/${id}`,
        token: admin,
        payload: { status: 'disabled' },
      });
      const refused = await t.request({
        method: 'POST',
        url: `/api/service-accounts/${id}/tokens`,
        token: p.session,
        payload: { name: 'late' },
      });
      expect(refused.statusCode, refused.body).toBe(400);
    });

    it("a password set by the CSV import (an administrator's reset) revokes the user's tokens", async () => {
      const p = await person();
      const upload = await t.request({
        method: 'POST',
        url: '/api/users/import?onExisting=update',
        token: su,
        headers: { 'content-type': 'text/csv' },
        payload: `name,email,password\nP,${p.email},imported-password-1\n`,
      });
      expect(upload.statusCode, upload.body).toBe(200);
      const confirm = await t.request({
        method: 'POST',
        url: `/api/users/import/${upload.json<{ id: string }>().id}/confirm`,
        token: su,
        payload: { onExisting: 'update' },
      });
      expect(confirm.statusCode, confirm.body).toBe(200);
      expect(await tokenStatus(p.secret)).toBe(401);
      expect(JSON.parse((await revocations(p.id))[0]!.data!)).toMatchObject({
        reason: 'password_reset',
      });
    });

    it('the upgrade revokes the tokens of accounts disabled before it, so enabling them does not revive', async () => {
      const p = await person();
      // As a release before this one left it: disabled, its token not revoked.
      await t.services.db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('id', '=', p.id)
        .execute();
      await revokeTokensOfDisabled(t.services.dialect.name).up(t.services.db);
      await t.services.db
        .updateTable('users')
        .set({ status: 'active' })
        .where('id', '=', p.id)
        .execute();
      expect(await tokenStatus(p.secret)).toBe(401);
      const entries = await revocations(p.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorType: 'system' });
      expect(JSON.parse(entries[0]!.data!)).toMatchObject({ reason: 'account_disabled', count: 1 });
      const verify = await t.request({ method: 'GET', url: '/api/audit/verify', token: su });
      expect(verify.json()).toMatchObject({ ok: true });
    });

    it('a token minted while its account is being disabled is refused or revoked, never left alive', async () => {
      const p = await person();
      const sa = await t.request({
        method: 'POST',
        url: '/api/service-accounts',
        token: admin,
        payload: { name: 'Racer', ownerId: p.id, role: 'user' },
      });
      const id = sa.json<{ id: string }>().id;
      const status = (value: string) =>
        t.request({
          method: 'PATCH',
          url: `/api/service-accounts/${id}`,
          token: admin,
          payload: { status: value },
        });
      for (let round = 0; round < 10; round++) {
        const mints = Array.from({ length: 4 }, () =>
          t.request({
            method: 'POST',
            url: `/api/service-accounts/${id}/tokens`,
            token: p.session,
            payload: { name: `race ${String(round)}` },
          }),
        );
        const results = await Promise.all([...mints, status('disabled')]);
        for (const res of results) expect([200, 400], res.body).toContain(res.statusCode);
        expect((await status('active')).statusCode).toBe(200);
        const live = await t.services.db
          .selectFrom('api_tokens')
          .select('id')
          .where('userId', '=', id)
          .where('revokedAt', '=', '')
          .execute();
        expect(live, `round ${String(round)}`).toEqual([]);
      }
    });
  });
}
