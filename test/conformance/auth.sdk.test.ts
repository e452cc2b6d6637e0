// The official `pocketbase` SDK, unmodified, against a listening Gatehouse: sign-in on both auth
// collections, refresh, auth methods, self-service profile and password changes, one-time codes,
// disabling, and sessions (SPEC §1, §5, §6).
import PocketBase, { ClientResponseError, getTokenPayload, type RecordModel } from 'pocketbase';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, DIALECTS, startTestServer } from '../harness.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

interface TokenClaims {
  id: string;
  type: string;
  collectionId: string;
  sid: string;
  exp: number;
}

interface SessionItem {
  id: string;
  ip: string;
  userAgent: string;
  created: string;
  lastSeen: string;
  expires: string;
  current: boolean;
}

const AUTH_FAILED = { status: 400, message: 'Failed to authenticate.', data: {} };
const UNAUTHORIZED = {
  status: 401,
  message: 'The request requires valid record authorization token.',
  data: {},
};
const SECRETS = /passwordHash|tokenKey|argon2/;

/** The ClientResponseError `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientResponseError) return error;
    throw error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

function claimsOf(token: string): TokenClaims {
  return getTokenPayload(token) as TokenClaims;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

for (const dialect of DIALECTS) {
  describe(`pocketbase SDK: authentication (${dialect})`, () => {
    let server: TestServer;
    /** Every JSON body the clients made by `client()` received, as text. */
    let received: string[];

    beforeEach(async () => {
      server = await startTestServer(dialect);
      received = [];
      const res = await fetch(`${server.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      if (res.status !== 200) throw new Error(`setup failed: ${await res.text()}`);
    });
    afterEach(async () => {
      await server.close();
    });

    /** A fresh SDK client (its own auth store) that records every response body it gets. */
    function client(): PocketBase {
      const pb = new PocketBase(server.url);
      pb.afterSend = (_response: Response, data: unknown) => {
        received.push(JSON.stringify(data));
        return data;
      };
      return pb;
    }

    async function superuserClient(): Promise<PocketBase> {
      const pb = client();
      await pb.collection('_superusers').authWithPassword(ADMIN.email, ADMIN.password);
      return pb;
    }

    /** A superuser creates a regular user with the SDK; returns the created record. */
    async function createUser(
      su: PocketBase,
      email: string,
      password: string,
      name: string,
    ): Promise<RecordModel> {
      return su.collection('users').create({ email, password, passwordConfirm: password, name });
    }

    it('signs a user in with authWithPassword and fills the auth store (not as superuser)', async () => {
      const pb = client();
      const auth = await pb.collection('users').authWithPassword(ADMIN.email, ADMIN.password);

      expect(pb.authStore.isValid).toBe(true);
      expect(pb.authStore.isSuperuser).toBe(false);
      expect(pb.authStore.token).toBe(auth.token);
      expect(auth.token.split('.')).toHaveLength(3);
      expect(auth.record).toMatchObject({
        collectionId: '_pb_users_auth_',
        collectionName: 'users',
        email: ADMIN.email,
        name: ADMIN.name,
        role: 'admin',
        status: 'active',
      });
      expect(auth.record.id).toMatch(/^[a-z0-9]{15}$/);
      expect(pb.authStore.record).toEqual(auth.record);
      expect(claimsOf(auth.token)).toMatchObject({
        type: 'auth',
        id: auth.record.id,
        collectionId: '_pb_users_auth_',
      });

      // The superuser of the same email is a separate account with another id.
      const su = await superuserClient();
      expect(su.authStore.record?.id).not.toBe(auth.record.id);

      expect(received.length).toBeGreaterThanOrEqual(2);
      for (const body of received) expect(body).not.toMatch(SECRETS);
      expect(Object.keys(auth.record)).not.toContain('passwordHash');
      expect(Object.keys(auth.record)).not.toContain('tokenKey');
    });

    it('signs a superuser in with authWithPassword on _superusers (isSuperuser)', async () => {
      const pb = client();
      const auth = await pb.collection('_superusers').authWithPassword(ADMIN.email, ADMIN.password);

      expect(pb.authStore.isValid).toBe(true);
      expect(pb.authStore.isSuperuser).toBe(true);
      expect(auth.record).toMatchObject({
        collectionId: 'pbc_3142635823',
        collectionName: '_superusers',
        email: ADMIN.email,
      });
      expect(claimsOf(auth.token)).toMatchObject({
        type: 'auth',
        id: auth.record.id,
        collectionId: 'pbc_3142635823',
      });
      for (const body of received) expect(body).not.toMatch(SECRETS);
    });

    it('refreshes tokens in their own collection only, and guards superuser-only routes', async () => {
      const user = client();
      const first = await user.collection('users').authWithPassword(ADMIN.email, ADMIN.password);
      const su = client();
      const suFirst = await su
        .collection('_superusers')
        .authWithPassword(ADMIN.email, ADMIN.password);
      // Token `exp` has one-second resolution: wait so that a refreshed token must differ.
      await sleep(1100);

      const refreshed = await user.collection('users').authRefresh();
      expect(refreshed.token).not.toBe(first.token);
      expect(user.authStore.token).toBe(refreshed.token);
      expect(user.authStore.isValid).toBe(true);
      expect(user.authStore.isSuperuser).toBe(false);
      expect(refreshed.record).toEqual(first.record);
      expect(claimsOf(refreshed.token).sid).toBe(claimsOf(first.token).sid);
      expect(claimsOf(refreshed.token).exp).toBeGreaterThan(claimsOf(first.token).exp);

      const suRefreshed = await su.collection('_superusers').authRefresh();
      expect(suRefreshed.token).not.toBe(suFirst.token);
      expect(su.authStore.isValid).toBe(true);
      expect(su.authStore.isSuperuser).toBe(true);
      expect(suRefreshed.record).toEqual(suFirst.record);
      expect(claimsOf(suRefreshed.token).exp).toBeGreaterThan(claimsOf(suFirst.token).exp);

      // Both the first and the refreshed token keep working (same session).
      const again = await user.collection('users').authRefresh();
      expect(again.record.id).toBe(first.record.id);

      // A token of one store never acts in the other: 403 naming the token's collection, as
      // PocketBase's RequireSameCollectionContextAuth.
      const crossUser = await rejection(user.collection('_superusers').authRefresh());
      expect(crossUser.status).toBe(403);
      expect(crossUser.response).toEqual({
        status: 403,
        message: 'The request requires auth record from users collection.',
        data: {},
      });
      const crossSu = await rejection(su.collection('users').authRefresh());
      expect(crossSu.status).toBe(403);
      expect(crossSu.response).toEqual({
        status: 403,
        message: 'The request requires auth record from _superusers collection.',
        data: {},
      });

      // Without any token, refresh is a 401 too.
      const guest = await rejection(client().collection('users').authRefresh());
      expect(guest.status).toBe(401);

      // /api/settings is for superusers: a user (even role admin) gets 403, a superuser 200.
      const forbidden = await rejection(user.send('/api/settings', {}));
      expect(forbidden.status).toBe(403);
      expect(forbidden.response).toEqual({
        status: 403,
        message: 'Only superusers can perform this action.',
        data: {},
      });
      const anonymous = await rejection(client().send('/api/settings', {}));
      expect(anonymous.status).toBe(401);
      const settings = await su.send<{ auth: Record<string, unknown>; console: unknown }>(
        '/api/settings',
        {},
      );
      expect(settings.auth).toMatchObject({ passwordMinLength: 8 });
      expect(settings.console).toEqual({ allowedIps: [] });
      expect(JSON.stringify(settings)).not.toContain(await server.services.settings.tokenSecret());
      for (const body of received) expect(body).not.toMatch(SECRETS);
    });

    it('answers a wrong password and an unknown email with the same 400', async () => {
      const wrong = await rejection(
        client().collection('users').authWithPassword(ADMIN.email, 'not-the-password'),
      );
      const unknown = await rejection(
        client().collection('users').authWithPassword('nobody@example.com', 'not-the-password'),
      );
      expect(wrong.status).toBe(400);
      expect(unknown.status).toBe(400);
      expect(wrong.response).toEqual(AUTH_FAILED);
      expect(unknown.response).toEqual(wrong.response);

      const suWrong = await rejection(
        client().collection('_superusers').authWithPassword(ADMIN.email, 'not-the-password'),
      );
      const suUnknown = await rejection(
        client()
          .collection('_superusers')
          .authWithPassword('nobody@example.com', 'not-the-password'),
      );
      expect(suWrong.status).toBe(400);
      expect(suWrong.response).toEqual(AUTH_FAILED);
      expect(suUnknown.status).toBe(400);
      expect(suUnknown.response).toEqual(AUTH_FAILED);

      // A failed sign-in leaves the store empty.
      const pb = client();
      await rejection(pb.collection('users').authWithPassword(ADMIN.email, 'nope-nope-nope'));
      expect(pb.authStore.isValid).toBe(false);
      expect(pb.authStore.token).toBe('');
    });

    it('lists the auth methods with password sign-in enabled', async () => {
      const users = await client().collection('users').listAuthMethods();
      expect(users.password).toEqual({ enabled: true, identityFields: ['email'] });
      expect(users.oauth2.enabled).toBe(false);
      expect(users.mfa.enabled).toBe(false);
      expect(users.otp.enabled).toBe(false);

      const superusers = await client().collection('_superusers').listAuthMethods();
      expect(superusers.password).toEqual({ enabled: true, identityFields: ['email'] });
      expect(superusers.otp).toEqual({ enabled: true, duration: 180 });

      const missing = await rejection(client().collection('nope').listAuthMethods());
      expect(missing.status).toBe(404);
    });

    it('lets a superuser create a user who then edits their own name and password', async () => {
      const su = await superuserClient();
      const created = await createUser(su, 'bob@example.com', 'bobs-first-secret', 'Bob');
      expect(created).toMatchObject({
        collectionName: 'users',
        email: 'bob@example.com',
        name: 'Bob',
        role: 'user',
        status: 'active',
      });
      expect(JSON.stringify(created)).not.toMatch(SECRETS);

      const bob = client();
      const signedIn = await bob
        .collection('users')
        .authWithPassword('bob@example.com', 'bobs-first-secret');
      expect(signedIn.record.id).toBe(created.id);
      expect(bob.authStore.isSuperuser).toBe(false);

      const renamed = await bob.collection('users').update(created.id, { name: 'Robert' });
      expect(renamed).toMatchObject({ id: created.id, name: 'Robert', email: 'bob@example.com' });
      // The SDK merges the updated record into its auth store.
      expect(bob.authStore.record?.name).toBe('Robert');
      expect((await bob.collection('users').getOne(created.id)).name).toBe('Robert');

      // A user may not change their own role.
      const promote = await rejection(
        bob.collection('users').update(created.id, { role: 'admin' }),
      );
      expect(promote.status).toBe(403);
      expect(promote.response.data).toHaveProperty('role');

      // A wrong (or missing) old password is a 400 naming oldPassword, and changes nothing.
      const wrongOld = await rejection(
        bob.collection('users').update(created.id, {
          oldPassword: 'not-my-password',
          password: 'bobs-second-secret',
          passwordConfirm: 'bobs-second-secret',
        }),
      );
      expect(wrongOld.status).toBe(400);
      expect(wrongOld.response.data).toEqual({
        oldPassword: {
          code: 'validation_invalid_old_password',
          message: 'Missing or invalid old password.',
        },
      });
      const missingOld = await rejection(
        bob.collection('users').update(created.id, {
          password: 'bobs-second-secret',
          passwordConfirm: 'bobs-second-secret',
        }),
      );
      expect(missingOld.status).toBe(400);
      expect(missingOld.response.data).toHaveProperty('oldPassword');
      // Still signed in with the first password.
      await bob.collection('users').authRefresh();

      const oldToken = bob.authStore.token;
      await bob.collection('users').update(created.id, {
        oldPassword: 'bobs-first-secret',
        password: 'bobs-second-secret',
        passwordConfirm: 'bobs-second-secret',
      });

      // The token from before the change is dead on its next use.
      expect(bob.authStore.token).toBe(oldToken);
      const dead = await rejection(bob.collection('users').authRefresh());
      expect(dead.status).toBe(401);
      expect(dead.response).toEqual(UNAUTHORIZED);

      const oldPassword = await rejection(
        client().collection('users').authWithPassword('bob@example.com', 'bobs-first-secret'),
      );
      expect(oldPassword.status).toBe(400);
      expect(oldPassword.response).toEqual(AUTH_FAILED);

      const fresh = client();
      const again = await fresh
        .collection('users')
        .authWithPassword('bob@example.com', 'bobs-second-secret');
      expect(again.record).toMatchObject({ id: created.id, name: 'Robert' });
      expect(fresh.authStore.isValid).toBe(true);

      // The superuser of the same email as the admin user is untouched by user changes.
      await superuserClient();
      for (const body of received) expect(body).not.toMatch(SECRETS);
    });

    it('signs a superuser in once with a one-time code from the CLI', async () => {
      const { otpId, code } = await server.services.superusers.otp(
        { principal: { type: 'cli' }, ip: '', userAgent: 'test' },
        ADMIN.email,
      );
      expect(code).toMatch(/^\d{8}$/);

      const pb = client();
      const auth = await pb.collection('_superusers').authWithOTP(otpId, code);
      expect(pb.authStore.isValid).toBe(true);
      expect(pb.authStore.isSuperuser).toBe(true);
      expect(auth.record).toMatchObject({ collectionName: '_superusers', email: ADMIN.email });
      // The token works for superuser-only routes.
      await pb.send('/api/settings', {});

      const reused = await rejection(client().collection('_superusers').authWithOTP(otpId, code));
      expect(reused.status).toBe(400);
      expect(reused.response).toEqual(AUTH_FAILED);

      // Codes are for the console only: the users collection refuses them.
      const second = await server.services.superusers.otp(
        { principal: { type: 'cli' }, ip: '', userAgent: 'test' },
        ADMIN.email,
      );
      const onUsers = await rejection(
        client().collection('users').authWithOTP(second.otpId, second.code),
      );
      expect(onUsers.status).toBe(400);
      // A wrong code for a valid id is refused, too.
      const wrongCode = second.code === '00000000' ? '00000001' : '00000000';
      const wrong = await rejection(
        client().collection('_superusers').authWithOTP(second.otpId, wrongCode),
      );
      expect(wrong.status).toBe(400);
      expect(wrong.response).toEqual(AUTH_FAILED);
    });

    it('cuts off a disabled user at once: refresh is 401 and password sign-in is refused', async () => {
      const su = await superuserClient();
      const created = await createUser(su, 'carol@example.com', 'carols-secret-pw', 'Carol');
      const carol = client();
      await carol.collection('users').authWithPassword('carol@example.com', 'carols-secret-pw');
      await carol.collection('users').authRefresh();

      const disabled = await su.collection('users').update(created.id, { status: 'disabled' });
      expect(disabled).toMatchObject({ id: created.id, status: 'disabled' });

      const refresh = await rejection(carol.collection('users').authRefresh());
      expect(refresh.status).toBe(401);
      expect(refresh.response).toEqual(UNAUTHORIZED);
      const sessions = await rejection(carol.send('/api/sessions', {}));
      expect(sessions.status).toBe(401);

      const signIn = await rejection(
        client().collection('users').authWithPassword('carol@example.com', 'carols-secret-pw'),
      );
      // The right password of a disabled account looks like any other failure (it must not
      // reveal that the password is right), and so does a wrong one.
      expect(signIn.status).toBe(400);
      expect(signIn.response).toEqual(AUTH_FAILED);
      const wrong = await rejection(
        client().collection('users').authWithPassword('carol@example.com', 'not-her-password'),
      );
      expect(wrong.status).toBe(400);
      expect(wrong.response).toEqual(AUTH_FAILED);

      // The record stays; enabling it again lets her sign in.
      expect((await su.collection('users').getOne(created.id)).status).toBe('disabled');
      await su.collection('users').update(created.id, { status: 'active' });
      const back = client();
      await back.collection('users').authWithPassword('carol@example.com', 'carols-secret-pw');
      expect(back.authStore.isValid).toBe(true);
    });

    it("lists the caller's sessions and revokes one from another client", async () => {
      const first = client();
      await first.collection('users').authWithPassword(ADMIN.email, ADMIN.password);
      const second = client();
      await second.collection('users').authWithPassword(ADMIN.email, ADMIN.password);
      // The superuser's session is in the other store and not listed for the user.
      await superuserClient();

      const listed = await first.send<{ items: SessionItem[] }>('/api/sessions', {});
      expect(listed.items).toHaveLength(2);
      const current = listed.items.filter((s) => s.current);
      expect(current).toHaveLength(1);
      const mine = current[0]!;
      expect(mine.id).toBe(claimsOf(first.authStore.token).sid);
      expect(mine.ip).toBe('127.0.0.1');
      for (const s of listed.items) {
        expect(Object.keys(s).sort()).toEqual(
          ['created', 'current', 'expires', 'id', 'ip', 'lastSeen', 'userAgent'].sort(),
        );
      }

      const fromSecond = await second.send<{ items: SessionItem[] }>('/api/sessions', {});
      expect(fromSecond.items.map((s) => s.id).sort()).toEqual(
        listed.items.map((s) => s.id).sort(),
      );
      expect(fromSecond.items.find((s) => s.current)?.id).toBe(
        claimsOf(second.authStore.token).sid,
      );

      // The second client revokes the first client's session.
      await second.send(`/api/sessions/${mine.id}`, { method: 'DELETE' });

      const revoked = await rejection(first.send('/api/sessions', {}));
      expect(revoked.status).toBe(401);
      expect(revoked.response).toEqual(UNAUTHORIZED);
      const refresh = await rejection(first.collection('users').authRefresh());
      expect(refresh.status).toBe(401);

      // The second client is unaffected and sees one session left: its own.
      const left = await second.send<{ items: SessionItem[] }>('/api/sessions', {});
      expect(left.items).toHaveLength(1);
      expect(left.items[0]).toMatchObject({
        id: claimsOf(second.authStore.token).sid,
        current: true,
      });

      // Revoking it again (or any id that is not the caller's) is a 404.
      const again = await rejection(second.send(`/api/sessions/${mine.id}`, { method: 'DELETE' }));
      expect(again.status).toBe(404);
    });
  });
}
