import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createSiblingApp,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';
import { RESERVATION_SECONDS, lockSeconds, lockoutKeys, reservationPeriod } from './lockout.js';
import { releaseAttempt, reserveAttempt, settleFailureWrite } from './lockout.repo.js';
import { LOCKOUT_PURGE_INTERVAL_MS } from './lockout.attempts.js';
import { timestampIn } from '../lib/time.js';

const POLICY = {
  accountThreshold: 5,
  ipThreshold: 20,
  windowSeconds: 900,
  baseSeconds: 60,
  maxSeconds: 86400,
};

describe('lockout policy', () => {
  it('doubles each lockout up to the maximum', () => {
    expect([0, 1, 2, 3].map((level) => lockSeconds(POLICY, level))).toEqual([60, 120, 240, 480]);
    expect(lockSeconds(POLICY, 20)).toBe(86400);
    expect(lockSeconds(POLICY, 5000)).toBe(86400);
  });
});

for (const dialect of DIALECTS) {
  describe(`brute-force throttling (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
    });
    afterEach(async () => {
      await t.close();
    });

    const attempt = (app: TestApp, identity: string, password: string, ip = '127.0.0.1') =>
      app.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity, password },
        remoteAddress: ip,
      });

    it('locks an account after 5 failures, even against the right password, for unknown emails alike', async () => {
      for (const identity of [ADMIN.email, 'ghost@example.com']) {
        for (let i = 0; i < 5; i++)
          expect((await attempt(t, identity, `wrong-${i}`)).statusCode).toBe(400);
        const locked = await attempt(t, identity, ADMIN.password);
        expect(locked.statusCode).toBe(429);
        expect(locked.json<{ message: string }>().message).toMatch(
          /^Too many failed sign-in attempts\. Try again in \d+ seconds\.$/,
        );
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(55);
        expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
      // Another account from the same IP is unaffected (10 failures stay under the IP threshold).
      expect((await signInSuper()).token).toBeTruthy();
    });

    async function signInSuper() {
      return signIn(t, '_superusers', ADMIN.email, ADMIN.password);
    }

    it('holds across instances sharing the database', async () => {
      const sibling = await createSiblingApp(t);
      try {
        for (let i = 0; i < 3; i++) await attempt(t, ADMIN.email, `wrong-${i}`);
        for (let i = 0; i < 2; i++) await attempt(sibling, ADMIN.email, `wrong-${i}`);
        expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(429);
        expect((await attempt(sibling, ADMIN.email, ADMIN.password)).statusCode).toBe(429);
      } finally {
        await sibling.close();
      }
    });

    it('doubles the lockout each time it is reached again', async () => {
      for (let i = 0; i < 5; i++) await attempt(t, ADMIN.email, `wrong-${i}`);
      // Let the first lockout expire as if a minute had passed.
      const expire = () =>
        t.services.db
          .updateTable('lockouts')
          .set({ lockedUntil: '2000-01-01 00:00:00.000Z' })
          .where('key', '=', lockoutKeys('users', ADMIN.email, '').account)
          .execute();
      await expire();
      for (let i = 0; i < 5; i++)
        expect((await attempt(t, ADMIN.email, `again-${i}`)).statusCode).toBe(400);
      const second = await attempt(t, ADMIN.email, ADMIN.password);
      expect(second.statusCode).toBe(429);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(115);
      expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(120);
    });

    it('locks in the failure that reaches the threshold, level after level up to the maximum', async () => {
      const policy = { ...POLICY, accountThreshold: 2, baseSeconds: 60, maxSeconds: 200 };
      const keys = lockoutKeys('users', 'levels@example.com', '10.9.9.9');
      const now = Date.now();
      const reservation = { keys, periods: { account: 0, ip: 0 } };
      const fail = () => settleFailureWrite(reservation, policy, now).execute(t.services.db);
      const row = (key: string) =>
        t.services.db
          .selectFrom('lockouts')
          .select(['failures', 'lockLevel', 'lockedUntil'])
          .where('key', '=', key)
          .executeTakeFirstOrThrow();
      await fail(); // no row yet: the insert counts it
      expect(await row(keys.account)).toEqual({ failures: 1, lockLevel: 0, lockedUntil: null });
      for (const [level, seconds] of [60, 120, 200, 200].entries()) {
        await fail();
        expect(await row(keys.account)).toEqual({
          failures: 0,
          lockLevel: level + 1,
          lockedUntil: timestampIn(seconds, now),
        });
        await fail();
      }
      expect(await row(keys.ip)).toMatchObject({ failures: 9, lockLevel: 0, lockedUntil: null });
      // A threshold of one locks at the first failure, even of a row the reservation did not make.
      const single = lockoutKeys('users', 'single@example.com', '10.9.9.8');
      await settleFailureWrite(
        { keys: single, periods: { account: 0, ip: 0 } },
        { ...policy, accountThreshold: 1 },
        now,
      ).execute(t.services.db);
      expect(await row(single.account)).toEqual({
        failures: 0,
        lockLevel: 1,
        lockedUntil: timestampIn(60, now),
      });
    });

    it('forgets failures after a successful sign-in', async () => {
      for (let i = 0; i < 4; i++) await attempt(t, ADMIN.email, `wrong-${i}`);
      expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++)
        expect((await attempt(t, ADMIN.email, `wrong-${i}`)).statusCode).toBe(400);
      expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
    });

    it('locks an IP that tries many accounts, without locking other IPs', async () => {
      const su = await signInSuper();
      const patch = await t.request({
        method: 'PATCH',
        url: '/api/settings',
        token: su.token,
        payload: { auth: { lockout: { ipThreshold: 6 } } },
      });
      expect(patch.statusCode).toBe(200);
      for (let i = 0; i < 6; i++)
        expect(
          (await attempt(t, `spray${i}@example.com`, 'Password1!', '10.9.9.9')).statusCode,
        ).toBe(400);
      expect((await attempt(t, ADMIN.email, ADMIN.password, '10.9.9.9')).statusCode).toBe(429);
      expect((await attempt(t, ADMIN.email, ADMIN.password, '10.1.1.1')).statusCode).toBe(200);
    });

    it('answers parallel right sign-ins of one account without a 5xx (no deadlock on PostgreSQL)', async () => {
      const su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
      const raised = await t.request({
        method: 'PATCH',
        url: '/api/settings',
        token: su,
        payload: { auth: { lockout: { accountThreshold: 1000, ipThreshold: 1000 } } },
      });
      expect(raised.statusCode).toBe(200);
      // Reservations (identity, then IP) race settlements of the same two rows.
      const codes: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = 0; i < 25; i++)
            codes.push((await attempt(t, ADMIN.email, ADMIN.password)).statusCode);
        }),
      );
      expect(codes.filter((c) => c !== 200)).toEqual([]);
    });

    it('counts concurrent failures without losing any', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => attempt(t, 'race@example.com', `wrong-${i}`)),
      );
      const counted = results.filter((r) => r.statusCode === 400).length;
      expect(counted + results.filter((r) => r.statusCode === 429).length).toBe(8);
      const row = await t.services.db
        .selectFrom('lockouts')
        .selectAll()
        .where('key', '=', lockoutKeys('users', 'race@example.com', '').account)
        .executeTakeFirstOrThrow();
      // Every counted failure is either still pending or was consumed by a lockout of 5.
      expect(row.lockLevel * 5 + row.failures).toBe(counted);
      expect(row.lockLevel).toBe(1);
    });
  });
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * `processes` other processes on the test's database, each reserving `count` attempts for `keys`
 * at once, all started together once every one is connected. Resolves to the reservations granted.
 */
async function reserveInProcesses(
  t: TestApp,
  keys: { account: string; ip: string },
  policy: object,
  processes: number,
  count: number,
): Promise<number> {
  const code = `
    import { connect } from ${JSON.stringify(path.join(HERE, '../db/connect.ts'))};
    import { reserveAttempt } from ${JSON.stringify(path.join(HERE, 'lockout.repo.ts'))};
    const { db, close } = await connect(process.env.DB_URL, process.env.DB_SCHEMA);
    const keys = JSON.parse(process.env.KEYS), policy = JSON.parse(process.env.POLICY);
    process.stdout.write('ready\\n');
    process.stdin.once('data', async () => {
      const results = await Promise.all(
        Array.from({ length: ${count} }, () => reserveAttempt(db, keys, policy)),
      );
      process.stdout.write('granted ' + results.filter((r) => r !== null).length + '\\n');
      await close();
    });`;
  const children = Array.from({ length: processes }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      env: {
        ...process.env,
        DB_URL: t.config.db,
        DB_SCHEMA: t.config.dbSchema,
        KEYS: JSON.stringify(keys),
        POLICY: JSON.stringify(policy),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const seen = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) resolve(match);
        };
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          check();
        });
        child.on('exit', (status) => {
          reject(new Error(`child exited (${String(status)}): ${out}`));
        });
        check();
      });
    return { child, ready: seen(/ready/), granted: seen(/granted (\d+)/) };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin.end('go\n');
  const granted = await Promise.all(children.map((c) => c.granted));
  return granted.reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Audit reasons of every failed sign-in so far, counted. */
async function reasons(app: TestApp): Promise<Record<string, number>> {
  const rows = await app.services.db
    .selectFrom('audit_log')
    .select('data')
    .where('action', '=', 'auth.signin')
    .where('result', '=', 'failure')
    .execute();
  const counts: Record<string, number> = {};
  for (const { data } of rows) {
    const reason = (JSON.parse(data ?? '{}') as { reason?: string }).reason ?? '';
    counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

for (const dialect of DIALECTS) {
  describe(`brute-force bursts (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await t.close();
    });

    const attempt = (app: TestApp, identity: string, password: string, ip = '127.0.0.1') =>
      app.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity, password },
        remoteAddress: ip,
      });

    /** Every password verification of these instances (argon2id, or the dummy for unknowns). */
    const countVerifications = (...apps: TestApp[]) => {
      const spies = apps.map((app) => vi.spyOn(app.services.hasher, 'verify'));
      return () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    };

    /**
     * 29 wrong passwords at once, spread over `apps` in turn, then the right one while they are
     * being verified (once accountThreshold of them are: a right password among the first
     * accountThreshold evaluated would rightly succeed).
     */
    const wrongThenRight = async (apps: TestApp[], verifications: () => number) => {
      const wrong = Array.from({ length: 29 }, (_, i) =>
        attempt(apps[i % apps.length]!, ADMIN.email, `wrong-${i}`),
      );
      for (let waited = 0; verifications() < 5; waited += 2) {
        if (waited > 20_000) throw new Error(`only ${verifications()} verifications started`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const right = attempt(apps[29 % apps.length]!, ADMIN.email, ADMIN.password);
      return Promise.all([...wrong, right]);
    };

    /** 100 attempts from one IP, each for another (unknown) identity, at once. */
    const spray = (apps: TestApp[]) =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          attempt(apps[i % apps.length]!, `spray${i}@example.com`, 'Password1!', '10.7.7.7'),
        ),
      );

    it('evaluates at most accountThreshold passwords of a burst on one account', async () => {
      const verifications = countVerifications(t);
      const results = await wrongThenRight([t], verifications);
      expect(verifications()).toBeLessThanOrEqual(5);
      const codes = results.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 400).length).toBeLessThanOrEqual(5);
      expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(25);
      // The right password came after the limit: it gets the locked answer, not a session.
      expect(codes[29]).toBe(429);
      // (Locked by then, or refused while the first five were still being verified.)
      expect(results[29]!.json<{ message: string }>().message).toMatch(
        /^Too many (failed sign-in attempts\. Try again in \d+ seconds|sign-in attempts at once\. Try again in a second)\.$/,
      );
      const counted = await reasons(t);
      expect(counted.invalid_credentials).toBeLessThanOrEqual(5);
      expect((counted.invalid_credentials ?? 0) + (counted.locked ?? 0)).toBe(30);
      // And the account is locked now, as after 5 failures one by one.
      expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(429);
    });

    it('evaluates at most ipThreshold attempts of a burst from one IP', async () => {
      const verifications = countVerifications(t);
      const results = await spray([t]);
      expect(verifications()).toBeLessThanOrEqual(20);
      expect(results.filter((r) => r.statusCode === 400).length).toBeLessThanOrEqual(20);
      expect(results.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(80);
      const counted = await reasons(t);
      expect(counted.invalid_credentials).toBeLessThanOrEqual(20);
      expect((counted.invalid_credentials ?? 0) + (counted.locked ?? 0)).toBe(100);
      // The IP is locked; another IP is not.
      expect((await attempt(t, ADMIN.email, ADMIN.password, '10.7.7.7')).statusCode).toBe(429);
      expect((await attempt(t, ADMIN.email, ADMIN.password, '10.7.7.8')).statusCode).toBe(200);
    });

    it('evaluates at most accountThreshold one-time codes of a burst', async () => {
      const { otpId, code } = await t.services.superusers.otp(
        { principal: { type: 'cli' }, ip: '', userAgent: 'test' },
        ADMIN.email,
      );
      const wrong = code === '00000000' ? '00000001' : '00000000';
      const withCode = (password: string) =>
        t.request({
          method: 'POST',
          url: '/api/collections/_superusers/auth-with-otp',
          payload: { otpId, password },
        });
      // A burst of wrong codes: at most five are evaluated, whatever order the pool runs them in.
      const results = await Promise.all(Array.from({ length: 29 }, () => withCode(wrong)));
      expect(results.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(24);
      const counted = await reasons(t);
      expect(counted.invalid_otp).toBeLessThanOrEqual(5);
      // The right code after the burst meets the lock, not a session.
      expect((await withCode(code)).statusCode).toBe(429);
    });

    // (PostgreSQL only: two instances in one process over one SQLite file would block each other's
    // thread on SQLite's busy handler; the statements themselves are the same.)
    // Declared only where it runs, so that the suite's summary shows no skips.
    const onPostgres = dialect === 'postgres' ? it : () => undefined;
    onPostgres('holds the limits for a burst split between two instances', async () => {
      const sibling = await createSiblingApp(t);
      try {
        const verifications = countVerifications(t, sibling);
        const burst = await wrongThenRight([t, sibling], verifications);
        expect(verifications()).toBeLessThanOrEqual(5);
        expect(burst[29]!.statusCode).toBe(429);
        const sprayed = await spray([t, sibling]);
        // The account burst already counted ≤5 failures against 127.0.0.1, not 10.7.7.7.
        expect(verifications()).toBeLessThanOrEqual(5 + 20);
        expect(sprayed.filter((r) => r.statusCode === 400).length).toBeLessThanOrEqual(20);
      } finally {
        await sibling.close();
      }
    });

    it('holds across processes racing on the same database', async () => {
      const policy = (await t.services.settings.get()).auth.lockout;
      const keys = lockoutKeys('users', 'raced@example.com', '10.3.3.3');
      // 3 × 30 reservations never released: exactly accountThreshold of them are granted.
      expect(await reserveInProcesses(t, keys, policy, 3, 30)).toBe(5);
    }, 60_000);

    it('does not count successes against a shared IP', async () => {
      const su = await signIn(t, '_superusers', ADMIN.email, ADMIN.password);
      await t.request({
        method: 'PATCH',
        url: '/api/settings',
        token: su.token,
        payload: { auth: { lockout: { ipThreshold: 3 } } },
      });
      for (let i = 0; i < 6; i++)
        expect((await attempt(t, ADMIN.email, ADMIN.password, '10.5.5.5')).statusCode).toBe(200);
      const together = await Promise.all(
        Array.from({ length: 3 }, () => attempt(t, ADMIN.email, ADMIN.password, '10.5.5.5')),
      );
      expect(together.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      for (let i = 0; i < 2; i++)
        expect((await attempt(t, ADMIN.email, `wrong-${i}`, '10.5.5.5')).statusCode).toBe(400);
      expect((await attempt(t, ADMIN.email, ADMIN.password, '10.5.5.5')).statusCode).toBe(200);
    });

    it('forgets a reservation that was never settled (a crash) after at most two periods', async () => {
      const policy = (await t.services.settings.get()).auth.lockout;
      const keys = lockoutKeys('users', ADMIN.email, '127.0.0.1');
      // Five attempts reserved and never verified nor released, as if the server had died.
      for (let i = 0; i < 5; i++)
        expect(await reserveAttempt(t.services.db, keys, policy)).not.toBeNull();
      expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(429);
      const period = Math.floor(Date.now() / 1000 / RESERVATION_SECONDS);
      await t.services.db
        .updateTable('lockouts')
        .set({ pendingSlot: period - 1 })
        .where('key', 'in', [keys.account, keys.ip])
        .execute();
      // One period old: still held (a slow verification may still settle it).
      expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(429);
      await t.services.db
        .updateTable('lockouts')
        .set({ pendingSlot: period - 2 })
        .where('key', 'in', [keys.account, keys.ip])
        .execute();
      expect((await attempt(t, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
    });

    it('keeps counting across a period boundary when instance clocks differ by a moment', async () => {
      const policy = (await t.services.settings.get()).auth.lockout;
      const keys = lockoutKeys('users', 'skew@example.com', '10.4.4.4');
      const turn = (reservationPeriod(Date.now()) + 1) * RESERVATION_SECONDS * 1000;
      const reserve = (now: number) => reserveAttempt(t.services.db, keys, policy, now);
      // One instance already in the next period, another a few milliseconds behind.
      const ahead = [await reserve(turn + 3), await reserve(turn + 4), await reserve(turn + 5)];
      const behind = [await reserve(turn - 3), await reserve(turn - 2), await reserve(turn - 1)];
      expect(ahead.every((r) => r !== null)).toBe(true);
      expect(behind.filter((r) => r !== null)).toHaveLength(2);
      // Taking one back (from the period its row counted it in) frees exactly one place.
      await releaseAttempt(t.services.db, behind[0]!);
      expect(await reserve(turn - 1)).not.toBeNull();
      expect(await reserve(turn + 6)).toBeNull();
    });

    it('deletes rows quiet for a day, hourly, and keeps every row that still holds something', async () => {
      const day = 86_400_000;
      const old = timestampIn((-2 * day) / 1000);
      const lapsed = reservationPeriod(Date.now()) - 2;
      const row = (key: string, over: Partial<Record<string, unknown>> = {}) => ({
        key,
        failures: 0,
        lockLevel: 0,
        lockedUntil: null,
        lastFailure: old,
        pending: 0,
        pendingPrev: 0,
        pendingSlot: lapsed,
        ...over,
      });
      const insert = (rows: ReturnType<typeof row>[]) =>
        t.services.db.insertInto('lockouts').values(rows).execute();
      await insert([
        row('ip:idle'),
        row('ip:locked', { lockLevel: 3, lockedUntil: timestampIn(3600) }),
        row('ip:failed', { failures: 2, lastFailure: timestampIn(-60) }),
        row('ip:in-flight', { pending: 1, pendingSlot: lapsed + 1 }),
      ]);
      const keys = async () =>
        (await t.services.db.selectFrom('lockouts').select('key').orderBy('key').execute()).map(
          (r) => r.key,
        );
      // This instance's first sign-in purges.
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
      expect(await keys()).not.toContain('ip:idle');
      expect(await keys()).toEqual(
        expect.arrayContaining(['ip:locked', 'ip:failed', 'ip:in-flight', 'ip:127.0.0.1']),
      );
      await insert([row('ip:idle-again')]);
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
      expect(await keys()).toContain('ip:idle-again');
      const later = Date.now() + LOCKOUT_PURGE_INTERVAL_MS + 1000;
      const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
      try {
        await signIn(t, 'users', ADMIN.email, ADMIN.password);
      } finally {
        clock.mockRestore();
      }
      expect(await keys()).not.toContain('ip:idle-again');
    });

    it('keys the identity counter by a digest, never by the text typed', async () => {
      await attempt(t, 'hunter2-secret-pass', 'whatever-1');
      await attempt(t, ' Ghost@Example.com ', 'whatever-2');
      const keys = (await t.services.db.selectFrom('lockouts').select('key').execute()).map(
        (r) => r.key,
      );
      expect(keys.join('\n')).not.toMatch(/hunter2|ghost/i);
      expect(keys).toContain(lockoutKeys('users', 'ghost@example.com', '127.0.0.1').account);
    });
  });
}
