// The admin screens as a browser opens them (issue 16, "Speed"): the real UI in Chromium against a
// server holding 10k groups six levels deep and 100k users (bench/lib/admin-directory.ts). For each
// screen, every /api/ request the page makes until it is shown and the network is quiet, with the
// server's time for each (request sent → first byte, from the browser's own timing). Bounded means
// the same few requests whatever the directory's size — no "load everything".
//
//   npx tsx bench/admin-screens-ui.ts [--db postgres://postgres@127.0.0.1:5432/test]
//
// Writes bench/results/admin-screens-ui-<sqlite|postgres>.json. Needs Chromium (apt-get install chromium).
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Page, Request } from 'playwright-core';
import { PasswordHasher } from '../src/accounts/passwords.js';
import { createServices } from '../src/services.js';
import { newId, randomString } from '../src/lib/ids.js';
import { toTimestamp } from '../src/lib/time.js';
import {
  buildUi,
  chromiumPath,
  launchBrowser,
  newPage,
  signInAs,
  startGatehouse,
} from '../test/e2e/browser.js';
import { LEVELS, USERS, seed } from './lib/admin-directory.js';
import { freshConfig } from './lib/fresh-database.js';
import { environment, table, writeResults } from './lib/report.js';

const ADMIN = {
  name: 'Bench Admin',
  email: 'bench-admin@example.com',
  password: 'bench-admin-password-1',
};

interface Call {
  url: string;
  status: number;
  serverMs: number;
}

/** The /api/ requests `open` makes until `ready` shows and no request is pending for 500 ms. */
async function measure(
  page: Page,
  open: () => Promise<unknown>,
  ready: () => Promise<unknown>,
): Promise<{ calls: Call[]; shownMs: number }> {
  const requests: Request[] = [];
  let pending = 0;
  let lastSettled = performance.now();
  const onRequest = (r: Request) => {
    if (!new URL(r.url()).pathname.startsWith('/api/')) return;
    requests.push(r);
    pending++;
  };
  const onDone = (r: Request) => {
    if (!new URL(r.url()).pathname.startsWith('/api/')) return;
    pending--;
    lastSettled = performance.now();
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  const began = performance.now();
  try {
    await open();
    await ready();
    const shownMs = performance.now() - began;
    while (pending > 0 || performance.now() - lastSettled < 500) await page.waitForTimeout(100);
    const calls: Call[] = [];
    for (const r of requests) {
      const response = await r.response();
      const t = r.timing();
      calls.push({
        url: new URL(r.url()).pathname + new URL(r.url()).search,
        status: response?.status() ?? 0,
        serverMs: Math.max(0, t.responseStart - t.requestStart),
      });
    }
    return { calls, shownMs };
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string', default: '' } } });
  const executable = chromiumPath();
  if (!executable) throw new Error('No Chromium: apt-get install -y chromium');
  const fresh = freshConfig(values.db);
  const began = performance.now();
  const setup = await createServices(fresh.config);
  const dialect = setup.dialect.name;
  const seeded = await seed(setup.db, dialect);
  const now = toTimestamp(new Date());
  await setup.db
    .insertInto('users')
    .values({
      id: newId(),
      email: ADMIN.email,
      emailVisibility: 0,
      verified: 1,
      name: ADMIN.name,
      username: null,
      role: 'admin',
      status: 'active',
      kind: 'user',
      passwordHash: await new PasswordHasher().hash(ADMIN.password),
      tokenKey: randomString(50),
      created: now,
      updated: now,
    })
    .execute();
  await setup.close();
  const seedSeconds = (performance.now() - began) / 1000;
  const ui = await buildUi();
  const server = await startGatehouse(ui.dir, {
    GATEHOUSE_DB: fresh.config.db,
    GATEHOUSE_DB_SCHEMA: fresh.config.dbSchema,
  });
  const browser = await launchBrowser(executable);
  try {
    const { page } = await newPage(browser);
    const base = server.url;
    await signInAs(page, base, ADMIN, '/');
    await page.getByRole('heading', { name: /Welcome/ }).waitFor({ timeout: 60_000 });
    const top = seeded.levels[0]![0]!;
    const deep = [top];
    while (deep.length < LEVELS.length) deep.push(seeded.childOf.get(deep.at(-1)!)![0]!);
    const go = (path: string) => () => page.goto(`${base}${path}`);
    const row = (name: string | RegExp) => () =>
      page.getByText(name).first().waitFor({ timeout: 60_000 });
    const screens: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ['Users (first page)', go('/admin/users'), row(/User 0000/)],
      [
        'Users in a top group and its sub-groups',
        go(`/admin/users?group=${top}&subgroups=true`),
        row(/User \d{6}/),
      ],
      ['Groups (top level)', go('/admin/groups'), row('g-1-0')],
      ['Groups (a group six levels down)', go(`/admin/groups?group=${deep.at(-1)!}`), row('g-6-0')],
      ['Roles', go('/admin/roles'), row('Bench Lead')],
      ['Users with a role', go(`/admin/roles/${seeded.roleId}?tab=users`), row(/User \d{6}/)],
    ];
    const results = [];
    for (const [name, open, ready] of screens) {
      const { calls, shownMs } = await measure(page, open, ready);
      const serverMs = calls.reduce((a, c) => a + c.serverMs, 0);
      results.push({ screen: name, requests: calls.length, serverMs, shownMs, calls });
    }
    console.log(
      `admin-screens-ui bench (${dialect}): ${LEVELS.reduce((a, b) => a + b)} groups (depth ${LEVELS.length}), ${USERS} users; seeded in ${seedSeconds.toFixed(1)} s`,
    );
    console.log(
      table(
        ['screen', 'requests', 'server ms', 'shown after ms'],
        results.map((r) => [
          r.screen,
          String(r.requests),
          r.serverMs.toFixed(0),
          r.shownMs.toFixed(0),
        ]),
      ),
    );
    for (const r of results) {
      console.log(`\n${r.screen}:`);
      for (const c of r.calls)
        console.log(
          `  ${String(c.status)} ${c.serverMs.toFixed(1).padStart(7)} ms  ${c.url.replace(/[a-z0-9]{15}/g, '<id>').slice(0, 200)}`,
        );
    }
    const file = writeResults(`admin-screens-ui-${dialect}`, {
      ...environment(),
      dataset: { groups: LEVELS.reduce((a, b) => a + b), depth: LEVELS.length, users: USERS },
      screens: results.map((r) => ({
        ...r,
        calls: r.calls.map((c) => ({ ...c, url: c.url.replace(/[a-z0-9]{15}/g, '<id>') })),
      })),
    });
    console.log(`\nwrote ${file}`);
  } finally {
    await browser.close();
    await server.stop();
    await fresh.dispose();
  }
}

await main();
