// SPEC §9: no secret ever appears in the audit log — nor anywhere else in the database. Drives every
// path that handles a password, a one-time code or a token secret, then searches every column of
// every table for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ADMIN, DIALECTS, createTestApp, setupAdmin, signIn, type TestApp } from './harness.js';
import { runCli } from '../src/cli/index.js';

const SECRETS = {
  wrong: 'Wrong-Secret-Pass-1234',
  created: 'Created-Secret-Pass-5678',
  changed: 'Changed-Secret-Pass-9012',
  cli: 'Cli-Secret-Pass-3456',
  /** A password typed into the identity field by mistake. */
  asIdentity: 'hunter2-secret-pass',
};

async function dumpDatabase(t: TestApp): Promise<string> {
  const tables =
    t.services.dialect.name === 'postgres'
      ? (
          await sql<{ name: string }>`
            SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = current_schema()`.execute(t.services.db)
        ).rows
      : (
          await sql<{ name: string }>`
            SELECT name FROM sqlite_master WHERE type = 'table'`.execute(t.services.db)
        ).rows;
  let dump = '';
  for (const { name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(
      t.services.db,
    );
    dump += `${name}\n${JSON.stringify(rows)}\n`;
  }
  return dump;
}

for (const dialect of DIALECTS) {
  describe(`no secret is ever stored (${dialect})`, () => {
    let t: TestApp;
    const secrets: string[] = [ADMIN.password, ...Object.values(SECRETS)];
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('after setup, sign-ins, password changes, one-time codes and API tokens', async () => {
      await setupAdmin(t);
      const su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const failed = await t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity: ADMIN.email, password: SECRETS.wrong },
      });
      expect(failed.statusCode).toBe(400);
      for (const collection of ['users', '_superusers']) {
        const mistyped = await t.request({
          method: 'POST',
          url: `/api/collections/${collection}/auth-with-password`,
          payload: { identity: SECRETS.asIdentity, password: ADMIN.password },
        });
        expect(mistyped.statusCode).toBe(400);
      }

      const created = await t.request({
        method: 'POST',
        url: '/api/collections/users/records',
        token: su,
        payload: {
          email: 'person@example.com',
          password: SECRETS.created,
          passwordConfirm: SECRETS.created,
          role: 'user',
        },
      });
      expect(created.statusCode).toBe(200);
      const person = await signIn(t, 'users', 'person@example.com', SECRETS.created);
      const changed = await t.request({
        method: 'PATCH',
        url: `/api/collections/users/records/${person.record.id}`,
        token: person.token,
        payload: {
          oldPassword: SECRETS.created,
          password: SECRETS.changed,
          passwordConfirm: SECRETS.changed,
        },
      });
      expect(changed.statusCode).toBe(200);
      const again = await signIn(t, 'users', 'person@example.com', SECRETS.changed);

      const minted = await t.request({
        method: 'POST',
        url: '/api/tokens',
        token: again.token,
        payload: { name: 'ci' },
      });
      expect(minted.statusCode).toBe(200);
      const { token: apiToken, id: tokenId } = minted.json<{ token: string; id: string }>();
      secrets.push(apiToken);
      const used = await t.request({
        method: 'GET',
        url: '/api/collections/systems/records',
        headers: { authorization: `Bearer ${apiToken}` },
      });
      expect(used.statusCode).toBe(200);
      const revoked = await t.request({
        method: 'DELETE',
        url: `/api/tokens/${tokenId}`,
        token: again.token,
      });
      expect(revoked.statusCode).toBe(204);

      const db = [
        '--db',
        t.config.db,
        ...(t.config.dbSchema ? ['--db-schema', t.config.dbSchema] : []),
      ];
      const out: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
      expect(await runCli([...db, 'superuser', 'upsert', 'ops@example.com', SECRETS.cli], io)).toBe(
        0,
      );
      expect(await runCli([...db, 'superuser', 'otp', 'ops@example.com'], io)).toBe(0);
      const code = /One-time code for "ops@example.com": (\S+)/.exec(out.join('\n'))?.[1];
      const otpId = /otpId: (\S+)/.exec(out.join('\n'))?.[1];
      if (!code || !otpId) throw new Error(`no code in ${out.join('\n')}`);
      secrets.push(code);
      const otp = await t.request({
        method: 'POST',
        url: '/api/collections/_superusers/auth-with-otp',
        payload: { otpId, password: code },
      });
      expect(otp.statusCode).toBe(200);
      // Session tokens (JWTs) are bearer secrets too.
      secrets.push(su, person.token, again.token, otp.json<{ token: string }>().token);

      const dump = await dumpDatabase(t);
      expect(dump).toContain('audit_log');
      expect(dump).toContain('auth.signin');
      expect(dump).toContain('token.create');
      expect(dump).toContain('person@example.com');
      for (const secret of secrets) expect(dump.includes(secret), secret.slice(0, 12)).toBe(false);
    });
  });
}
