// E2E (issue 16, item 9): Admin > Security > Audit Log. An admin sees the entry of a change made
// over the API, filters by an action prefix (kept in the URL), expands a row to its old → new
// values, verifies the chain, exports JSON; a plain user has no "Audit Log" in the navigation.
// axe in light and dark, no sideways scroll at 390 px.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkScreen, chromiumPath, startGatehouse, apiOf, signInAs } from './browser.js';
import { browserSuite, eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const RENAMES = 55;
const UMA = { name: 'Uma User', email: 'uma@example.com', password: 'uma-password-123' };

/** A fresh server with Ada set up (role admin) and Uma (role user), renamed by Ada over the API. */
async function world(uiDir: string) {
  const server = await startGatehouse(uiDir, {});
  const api = apiOf(server.url);
  expect((await api('/api/setup', { method: 'POST', body: ADA })).status).toBe(200);
  const su = (
    (await api('/api/collections/_superusers/auth-with-password', {
      method: 'POST',
      body: { identity: ADA.email, password: ADA.password },
    })) as { json: { token: string } }
  ).json.token;
  const created = await api('/api/collections/users/records', {
    method: 'POST',
    token: su,
    body: { ...UMA, passwordConfirm: UMA.password, role: 'user' },
  });
  expect(created.status).toBe(200);
  const uma = created.json as { id: string };
  // More renames than one page holds (50), so "Load more" has a second page to fetch.
  for (let i = 1; i <= RENAMES; i += 1) {
    const renamed = await api(`/api/collections/users/records/${uma.id}`, {
      method: 'PATCH',
      token: su,
      body: { name: `Uma ${i}` },
    });
    expect(renamed.status).toBe(200);
  }
  return { server, uma };
}

describe.skipIf(!CHROMIUM)('e2e: audit log', () => {
  const suite = browserSuite(world);
  const { open } = suite;
  /** The entries' labels ("action #seq"), in the order shown. */
  const labels = async (page: Page) => {
    const items = await page.getByRole('list', { name: 'Audit entries' }).locator('> li').all();
    return Promise.all(items.map(async (li) => (await li.getAttribute('aria-label')) ?? ''));
  };

  it('lets an admin list, filter, expand, verify and export the audit log', async () => {
    const { server } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    // One "Admin" section holds Access Review and Audit Log.
    await nav.getByRole('link', { name: 'Audit Log', exact: true }).waitFor();
    expect(await nav.getByText('Admin', { exact: true }).count()).toBe(1);
    await nav.getByRole('link', { name: 'Access Review', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Audit Log', exact: true }).click();
    await page.getByRole('heading', { name: 'Audit Log', level: 1 }).waitFor();
    const entries = page.getByRole('list', { name: 'Audit entries' });
    await entries.getByText('user.update', { exact: true }).first().waitFor();
    // Newest first: one page of 50, the sequence numbers falling.
    const seqs = (await labels(page)).map((a) => Number(a.split('#')[1]));
    expect(seqs).toHaveLength(50);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    await page.mouse.move(5, 890); // not hovering the navigation link just clicked
    expect(await checkScreen(page, 'audit log')).toEqual([]);

    // Filter by an action prefix: the URL keeps it, only user.* entries remain.
    await page.getByLabel('Action').fill('user.*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=user\.\*/);
    await expect
      .poll(async () => (await labels(page)).every((a) => a.startsWith('user.')))
      .toBe(true);
    await page.reload();
    await eventually(() => page.getByLabel('Action').inputValue()).toBe('user.*');
    // The next page, from the cursor: the rest of the user.* entries, the creation last.
    await eventually(async () => (await labels(page)).length).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(async () => (await labels(page)).length).toBe(RENAMES + 1);
    const all = await labels(page);
    expect(all.every((a) => a.startsWith('user.'))).toBe(true);
    expect(all.at(-1)).toMatch(/^user\.create #/);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // Expand the rename: its old → new name.
    const row = entries.locator('> li', { hasText: 'user.update' }).first();
    await row.getByRole('button', { name: /Show changes/ }).click();
    await row.getByText(`Uma ${RENAMES - 1} → Uma ${RENAMES}`).waitFor();
    await page.mouse.move(5, 890);
    expect(await checkScreen(page, 'audit log expanded')).toEqual([]);
    // The target links to the user's page.
    expect(
      await row.getByRole('link', { name: /^users? [a-z0-9]{15}$/ }).getAttribute('href'),
    ).toMatch(/^\/admin\/users\/[a-z0-9]{15}$/);

    // Verify chain: intact.
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('Chain intact').waitFor();
    await page.getByText(/^All \d+ entries verified\.$/).waitFor();

    // Export JSON of the filtered entries.
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Export JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('audit-log.json');
    const body = fs.readFileSync(await download.path(), 'utf8');
    const exported = JSON.parse(body) as { action: string }[] | { items: { action: string }[] };
    const list = Array.isArray(exported) ? exported : exported.items;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((e) => e.action.startsWith('user.'))).toBe(true);
    expect(list.filter((e) => e.action === 'user.update')).toHaveLength(RENAMES);

    // And CSV: a header line, then the same entries.
    await page.getByRole('button', { name: 'Export' }).click();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('audit-log.csv');
    const lines = fs
      .readFileSync(await csv.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/action/);
    expect(lines.filter((l) => l.includes('user.update'))).toHaveLength(RENAMES);

    // A broken chain names its first broken entry (the server's report, stubbed here).
    await page.route('**/api/audit/verify', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          ok: false,
          checked: 60,
          broken: { seq: 7, id: 'abc123', problems: ['hash'], reason: 'its hash does not match' },
          brokenEntries: [],
          brokenCount: 2,
        }),
      }),
    );
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('Chain broken').waitFor();
    await page
      .getByText(
        'First broken entry: #7 (abc123) — its hash does not match. 2 broken of 60 checked.',
      )
      .waitFor();
    await page.mouse.move(5, 890);
    expect(await checkScreen(page, 'audit log broken chain')).toEqual([]);
  }, 120_000);

  it('shows no Audit Log to a plain user', async () => {
    const { server } = suite.w;
    const page = await open();
    await signInAs(page, server.url, UMA, '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Account Settings' }).waitFor();
    // The grants have loaded once the resource links show.
    await nav.getByRole('link', { name: 'Systems', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Audit Log' }).count()).toBe(0);
    // Typing the address: the server refuses, and the screen says so.
    await page.goto(`${server.url}/admin/audit`);
    await page.getByRole('alert').getByText('Could not load the audit log').waitFor();
    expect(await page.getByRole('list', { name: 'Audit entries' }).count()).toBe(0);
  }, 60_000);
});
