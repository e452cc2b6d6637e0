import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLI } from '../access/index.js';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { writeSettingRow } from './settings.repo.js';
import { SETTINGS_SECTIONS } from './settings.schema.js';
import { SettingsService } from './settings.service.js';

for (const dialect of DIALECTS) {
  describe(`settings API (${dialect})`, () => {
    let t: TestApp;
    let su: string;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
    });
    afterEach(async () => {
      await t.close();
    });

    const patch = (payload: unknown) =>
      t.request({ method: 'PATCH', url: '/api/settings', token: su, payload: payload as object });

    it('changes a setting, audits old and new values, and applies it', async () => {
      const res = await patch({ auth: { passwordMinLength: 12 } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        auth: { passwordMinLength: 12, lockout: { accountThreshold: 5 } },
      });
      const audit = await t.services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'settings.update')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.changes ?? '{}')).toEqual({ 'auth.passwordMinLength': [8, 12] });
      const create = await t.request({
        method: 'POST',
        url: '/api/collections/users/records',
        token: su,
        payload: { email: 'n@example.com', password: 'eleven-char' },
      });
      expect(create.statusCode).toBe(400);
      expect(create.json()).toMatchObject({
        data: { password: { message: 'Must be at least 12 characters.' } },
      });
      // A no-op patch writes no audit entry.
      await patch({ auth: { passwordMinLength: 12 } });
      expect(
        await t.services.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'settings.update')
          .execute(),
      ).toHaveLength(1);
    });

    it.each([
      [{ auth: { passwordMinLength: 4 } }, 'auth.passwordMinLength'],
      [{ auth: { passwordMinLength: '12' } }, 'auth.passwordMinLength'],
      [{ auth: { lockout: { accountThreshold: 0 } } }, 'auth.lockout.accountThreshold'],
      [{ auth: { lockout: { baseSeconds: 7200, maxSeconds: 3600 } } }, 'auth.lockout.baseSeconds'],
      [{ auth: { colour: 'blue' } }, 'auth.colour'],
      [{ secret: 'mine' }, 'secret'],
      [{ console: { allowedIps: ['999.1.1.1'] } }, 'console.allowedIps.0'],
      [[], 'body'],
    ])('refuses %j naming %s, changing nothing', async (payload, field) => {
      const res = await patch(payload);
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json<{ data: object }>().data)).toEqual([field]);
      expect(
        (await t.request({ method: 'GET', url: '/api/settings', token: su })).json(),
      ).toMatchObject({
        auth: { passwordMinLength: 8, lockout: { baseSeconds: 60, maxSeconds: 86400 } },
      });
    });

    it('reads a change made elsewhere at once, and shares one frozen parse while nothing changes', async () => {
      const first = await t.services.settings.get();
      expect(await t.services.settings.get()).toBe(first);
      expect(Object.isFrozen(first.auth.lockout)).toBe(true);
      if (dialect === 'sqlite') {
        // Another process (the CLI) writes the row: read on every call, it holds at once.
        await writeSettingRow(t.services.db, 'auth', { ...first.auth, passwordMinLength: 13 });
        const next = await t.services.settings.get();
        expect(next).not.toBe(first);
        expect(next.auth.passwordMinLength).toBe(13);
        return;
      }
      // PostgreSQL holds settings between changes: another instance's change is announced by
      // NOTIFY when it commits, and this one drops what it held.
      const { config } = t.services;
      const other = new SettingsService(t.services.db, {
        dialect: t.services.dialect,
        connection: { url: config.db, schema: config.dbSchema },
      });
      await other.update(
        { principal: CLI, ip: '', userAgent: '' },
        { auth: { passwordMinLength: 13 } },
      );
      await vi.waitFor(
        async () => {
          expect((await t.services.settings.get()).auth.passwordMinLength).toBe(13);
        },
        { timeout: 2000, interval: 20 },
      );
      await other.stop();
    });

    it('never exposes the token-signing secret', async () => {
      const res = await t.request({ method: 'GET', url: '/api/settings', token: su });
      expect(Object.keys(res.json<object>()).sort()).toEqual([...SETTINGS_SECTIONS].sort());
    });
  });
}
