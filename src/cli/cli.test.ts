import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { runCli } from './index.js';

/** Runs the CLI against `t`'s database, capturing its output. */
async function cli(t: TestApp | null, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const db = t
    ? ['--db', t.config.db, ...(t.config.dbSchema ? ['--db-schema', t.config.dbSchema] : [])]
    : [];
  const code = await runCli([...db, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('gatehouse CLI usage', () => {
  it('prints help for every command and exits 0', async () => {
    for (const args of [
      ['--help'],
      ['superuser', '--help'],
      ['serve', '--help'],
      ['migrate', '--help'],
      ['superuser', 'upsert', '--help'],
    ]) {
      const result = await cli(null, ...args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.out, args.join(' ')).toMatch(/Usage: gatehouse/);
    }
    const superuser = await cli(null, 'superuser', '--help');
    for (const sub of ['upsert', 'create', 'update', 'delete', 'otp', 'ips'])
      expect(superuser.out).toContain(sub);
    expect((await cli(null, 'serve', '--help')).out).toMatch(
      /--http <host:port>[\s\S]*GATEHOUSE_HTTP/,
    );
    const serve = (await cli(null, 'serve', '--help')).out;
    for (const flag of [
      /--trust-proxy \[hops\|addresses\][\s\S]*GATEHOUSE_TRUST_PROXY/,
      /--public-url <url>[\s\S]*GATEHOUSE_PUBLIC_URL/,
      /--headers-timeout <seconds>[\s\S]*GATEHOUSE_HEADERS_TIMEOUT/,
      /--request-timeout <seconds>[\s\S]*GATEHOUSE_REQUEST_TIMEOUT/,
      /--keep-alive-timeout <seconds>[\s\S]*GATEHOUSE_KEEP_ALIVE_TIMEOUT/,
      /--upload-idle-timeout <seconds>[\s\S]*GATEHOUSE_UPLOAD_IDLE_TIMEOUT/,
    ])
      expect(serve).toMatch(flag);
  });

  it('exits 2 with one clear line on usage errors', async () => {
    const missing = await cli(null, 'superuser', 'upsert', 'a@example.com');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing required argument 'password'/);
    expect((await cli(null, 'frobnicate')).code).toBe(2);
    expect((await cli(null, 'superuser', 'nope')).code).toBe(2);
    expect((await cli(null, '--db', 'mysql://x', 'migrate')).code).toBe(1);
  });
});

for (const dialect of DIALECTS) {
  describe(`gatehouse superuser (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
    });
    afterEach(async () => {
      await t.close();
    });

    it('upsert creates then updates, and never touches the user of the same email', async () => {
      const created = await cli(t, 'superuser', 'upsert', 'ops@example.com', 'ops-password-1');
      expect(created).toMatchObject({
        code: 0,
        out: 'Successfully created superuser "ops@example.com".',
      });
      await signIn(t, '_superusers', 'ops@example.com', 'ops-password-1');

      const updated = await cli(t, 'superuser', 'upsert', ADMIN.email, 'reset-password-1');
      expect(updated).toMatchObject({
        code: 0,
        out: `Successfully updated superuser "${ADMIN.email}".`,
      });
      await signIn(t, '_superusers', ADMIN.email, 'reset-password-1');
      // The hub account of the same email keeps its password.
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
      await expect(signIn(t, 'users', ADMIN.email, 'reset-password-1')).rejects.toThrow(/400/);

      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('actorType', '=', 'cli')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['superuser.create', 'superuser.update']);
      expect(JSON.stringify(audit)).not.toContain('reset-password-1');
    });

    it('create fails on an existing email, update fails on a missing one', async () => {
      const create = await cli(t, 'superuser', 'create', ADMIN.email, 'another-pass-1');
      expect(create).toMatchObject({
        code: 1,
        err: `Error: Superuser ${ADMIN.email} already exists.`,
      });
      const update = await cli(t, 'superuser', 'update', 'ghost@example.com', 'another-pass-1');
      expect(update).toMatchObject({
        code: 1,
        err: 'Error: No superuser with email ghost@example.com.',
      });
      expect(await cli(t, 'superuser', 'update', ADMIN.email, 'another-pass-1')).toMatchObject({
        code: 0,
      });
      await signIn(t, '_superusers', ADMIN.email, 'another-pass-1');
    });

    it('refuses a bad email or a weak password with one line and exit 1', async () => {
      const email = await cli(t, 'superuser', 'create', 'not-an-email', 'long-enough-1');
      expect(email.code).toBe(1);
      expect(email.err).toMatch(/^Error: Invalid email address "not-an-email"/);
      const weak = await cli(t, 'superuser', 'create', 'x@example.com', 'short');
      expect(weak.code).toBe(1);
      expect(weak.err).toMatch(/^Error: Invalid password: Must be at least 8 characters\./);
      expect(await t.services.db.selectFrom('_superusers').selectAll().execute()).toHaveLength(1);
    });

    it('delete is idempotent, ends sessions, and keeps the last superuser', async () => {
      await cli(t, 'superuser', 'create', 'ops@example.com', 'ops-password-1');
      const token = (await signIn(t, '_superusers', 'ops@example.com', 'ops-password-1')).token;
      expect(await cli(t, 'superuser', 'delete', 'ops@example.com')).toMatchObject({
        code: 0,
        out: 'Successfully deleted superuser "ops@example.com".',
      });
      expect((await t.request({ method: 'GET', url: '/api/settings', token })).statusCode).toBe(
        401,
      );
      expect(await cli(t, 'superuser', 'delete', 'ops@example.com')).toMatchObject({
        code: 0,
        out: 'Superuser "ops@example.com" does not exist; nothing to delete.',
      });
      expect(await cli(t, 'superuser', 'delete', ADMIN.email)).toMatchObject({
        code: 1,
        err: 'Error: Cannot delete the last superuser.',
      });
      // The user of the same email is untouched by all of this.
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
    });

    it('otp makes a single-use console code', async () => {
      const result = await cli(t, 'superuser', 'otp', ADMIN.email);
      expect(result.code).toBe(0);
      const code = /: (\d{8})$/m.exec(result.out)?.[1];
      const otpId = /^otpId: (\w+)/m.exec(result.out)?.[1];
      expect(code).toBeDefined();
      const signInWithCode = () =>
        t.request({
          method: 'POST',
          url: '/api/collections/_superusers/auth-with-otp',
          payload: { otpId, password: code },
        });
      const first = await signInWithCode();
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ record: { email: ADMIN.email } });
      expect((await signInWithCode()).statusCode).toBe(400);
      expect((await cli(t, 'superuser', 'otp', 'ghost@example.com')).code).toBe(1);
      const db = await t.services.db.selectFrom('superuser_otps').selectAll().execute();
      expect(JSON.stringify(db)).not.toContain(code);
    });

    it('ips restricts superuser access by address; no arguments clears it', async () => {
      const token = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      expect(await cli(t, 'superuser', 'ips', '10.0.0.0/8', '192.168.1.7')).toMatchObject({
        code: 0,
        out: 'Superuser access is allowed only from: 10.0.0.0/8, 192.168.1.7',
      });
      const from = (ip: string) =>
        t.request({ method: 'GET', url: '/api/settings', token, remoteAddress: ip });
      // The CLI is another instance: on PostgreSQL the server hears of the change by NOTIFY, within
      // milliseconds (settings.service.ts); on SQLite it reads the settings on every call.
      const status = async (ip: string) => (await from(ip)).statusCode;
      await expect.poll(() => status('127.0.0.1'), { timeout: 2000, interval: 20 }).toBe(403);
      expect((await from('10.2.3.4')).statusCode).toBe(200);
      const login = await t.request({
        method: 'POST',
        url: '/api/collections/_superusers/auth-with-password',
        payload: { identity: ADMIN.email, password: ADMIN.password },
      });
      expect(login.statusCode).toBe(403);
      // Users are not affected by the console allow-list.
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
      expect(await cli(t, 'superuser', 'ips', 'nonsense')).toMatchObject({ code: 1 });
      expect(await cli(t, 'superuser', 'ips')).toMatchObject({
        code: 0,
        out: 'Superuser access is allowed from any IP address.',
      });
      await expect.poll(() => status('127.0.0.1'), { timeout: 2000, interval: 20 }).toBe(200);
    });

    it('migrate reports an up-to-date database', async () => {
      expect(await cli(t, 'migrate')).toMatchObject({
        code: 0,
        out: 'The database is up to date.',
      });
    });
  });
}
