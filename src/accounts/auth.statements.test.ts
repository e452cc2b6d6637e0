// What one password sign-in costs the database: statements, transactions and round trips (waits
// on the database, statements in flight together counted once), pinned so they cannot silently grow.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ADMIN,
  DIALECTS,
  createTestApp,
  setupAdmin,
  signIn,
  type TestApp,
} from '../../test/harness.js';

/** What the driver spies see: statements sent while counting, and how many are in flight. */
const seen = { counting: false, statements: [] as string[], inFlight: 0, roundTrips: 0 };

function sent(text: string): void {
  if (!seen.counting) return;
  // A statement sent while none is in flight waits for the database on its own.
  if (seen.inFlight === 0) seen.roundTrips++;
  seen.inFlight++;
  seen.statements.push(text.replace(/\s+/g, ' ').trim().slice(0, 60));
}

function settled(): void {
  if (seen.inFlight > 0) seen.inFlight--;
}

/** Spies on pg's Client.query and better-sqlite3's Statement run/all/get/iterate. */
function installSpies(): void {
  const probe = new BetterSqlite3(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<
    'run' | 'all' | 'get' | 'iterate',
    (this: { source: string }, ...args: unknown[]) => unknown
  >;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate'] as const) {
    const original = statement[method];
    vi.spyOn(statement, method).mockImplementation(function (this: { source: string }, ...args) {
      sent(this.source);
      settled();
      return original.apply(this, args);
    });
  }
  const query = Object.getOwnPropertyDescriptor(pg.Client.prototype, 'query')?.value as (
    this: pg.Client,
    ...args: unknown[]
  ) => Promise<unknown>;
  const counted = function (this: pg.Client, ...args: unknown[]): Promise<unknown> {
    const first = args[0];
    sent(typeof first === 'string' ? first : (first as { text: string }).text);
    return query.apply(this, args).finally(settled);
  };
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- Kysely calls query(text, params) and awaits the promise: the only overload used here.
  vi.spyOn(pg.Client.prototype, 'query').mockImplementation(counted);
}

/** Counts every statement sent to either driver while `body` runs. */
async function count(body: () => Promise<unknown>) {
  Object.assign(seen, { counting: true, statements: [], roundTrips: 0 });
  try {
    await body();
  } finally {
    seen.counting = false;
  }
  const { statements, roundTrips } = seen;
  const transactions = statements.filter((s) => /^begin\b/i.test(s)).length;
  return { statements, roundTrips, transactions };
}

/**
 * The figures per database, for a sign-in after the first (the expired-session and idle-lockout
 * purges run at most every 15 minutes and every hour). Lowering one is progress: lower it here.
 */
interface Cost {
  statements: number;
  roundTrips: number;
  transactions: number;
}

const EXPECTED: Record<'sqlite' | 'postgres', Record<'success' | 'failure', Cost>> = {
  sqlite: {
    success: { statements: 11, roundTrips: 11, transactions: 1 },
    failure: { statements: 9, roundTrips: 9, transactions: 1 },
  },
  postgres: {
    success: { statements: 4, roundTrips: 2, transactions: 0 },
    failure: { statements: 3, roundTrips: 2, transactions: 0 },
  },
};

beforeAll(installSpies);
afterAll(() => vi.restoreAllMocks());

for (const dialect of DIALECTS) {
  describe(`statements of one password sign-in (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(dialect);
      await setupAdmin(t);
      await signIn(t, 'users', ADMIN.email, ADMIN.password);
    });
    afterEach(async () => {
      await t.close();
    });

    const attempt = (password: string) =>
      t.request({
        method: 'POST',
        url: '/api/collections/users/auth-with-password',
        payload: { identity: ADMIN.email, password },
      });

    /** The sign-in's cost, with its statements as the message when it differs. */
    async function expectCost(password: string, status: number, expected: Cost) {
      const counted = await count(async () => {
        expect((await attempt(password)).statusCode).toBe(status);
      });
      const { statements, roundTrips, transactions } = counted;
      expect(
        { statements: statements.length, roundTrips, transactions },
        statements.join('\n'),
      ).toEqual(expected);
    }

    it('a successful sign-in', async () => {
      await expectCost(ADMIN.password, 200, EXPECTED[dialect].success);
    });

    it('a failed sign-in', async () => {
      await expectCost('wrong-password', 400, EXPECTED[dialect].failure);
    });
  });
}
