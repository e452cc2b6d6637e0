// E2E (issue 15, item 4): the records screen, generated from the schema — list, search, sort,
// create (client checks, the server's field errors, one record per double click), edit and delete
// systems as a `user`; readonly's view (no "New system", yet an alert on a system it sees);
// SHARE_ALL_SYSTEMS; axe in light and dark on the list and the form, no sideways scroll at 390 px.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  buildUi,
  checkScreen,
  chromiumPath,
  launchBrowser,
  newPage,
  startGatehouse,
  apiOf,
  signInAs,
  type Account,
} from './browser.js';
import { eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const UMA = { name: 'Uma User', email: 'uma@example.com', password: 'uma-password-123' };
const RORY = { name: 'Rory Readonly', email: 'rory@example.com', password: 'rory-password-123' };

/** A fresh server with Ada set up, Uma (role `user`) and Rory (`readonly`); tokens for the API. */
async function world(uiDir: string, env: Record<string, string> = {}) {
  const server = await startGatehouse(uiDir, env);
  const api = apiOf(server.url);
  /** The names of the systems `token` sees (PocketBase's list). */
  const systems = async (token: string, query = '') =>
    (
      (await api(`/api/collections/systems/records${query}`, { token })).json as {
        items: { id: string; name: string; info: unknown }[];
      }
    ).items;
  const signIn = async (collection: string, who: Account) =>
    (
      await api(`/api/collections/${collection}/auth-with-password`, {
        method: 'POST',
        body: { identity: who.email, password: who.password },
      })
    ).json as { token: string; record: { id: string } };
  expect((await api('/api/setup', { method: 'POST', body: ADA })).status).toBe(200);
  const su = (await signIn('_superusers', ADA)).token;
  for (const [who, role] of [
    [UMA, 'user'],
    [RORY, 'readonly'],
  ] as const) {
    const created = await api('/api/collections/users/records', {
      method: 'POST',
      token: su,
      body: { ...who, passwordConfirm: who.password, role },
    });
    expect(created.status).toBe(200);
  }
  const uma = await signIn('users', UMA);
  const rory = await signIn('users', RORY);
  return { server, api, systems, su, uma, rory };
}

describe.skipIf(!CHROMIUM)('e2e: records (systems, alerts)', () => {
  let ui: { dir: string } | undefined;
  let w: Awaited<ReturnType<typeof world>> | undefined;
  let shareAll: Awaited<ReturnType<typeof world>> | undefined;
  let browser: Browser | undefined;
  const problems: string[][] = [];

  beforeAll(async () => {
    ui = await buildUi();
    w = await world(ui.dir);
    browser = await launchBrowser(CHROMIUM!);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await w?.server.stop();
    await shareAll?.server.stop();
    if (ui) fs.rmSync(ui.dir, { recursive: true, force: true });
    expect(problems.flat(), 'browser console errors (script errors, CSP refusals)').toEqual([]);
  });

  const open = async () => {
    const opened = await newPage(browser!);
    problems.push(opened.problems);
    return opened.page;
  };
  const heading = (page: Page, name: string) =>
    page.getByRole('heading', { name, level: 1 }).waitFor();
  /** The records' names in the list (the links to them), in order. */
  const names = (page: Page) => page.getByRole('row').locator('td a').allTextContents();

  it('lists, searches, sorts, creates, edits and deletes systems as a user', async () => {
    const { server, api, systems, uma } = w!;
    const page = await open();
    await signInAs(page, server.url, UMA, '/records/systems');
    await heading(page, 'Systems');
    await page.getByText('No systems yet: create one with “New system”.').waitFor();
    // The navigation lists what a `user` reaches, with the seeds' names.
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Systems', 'Alerts', 'Projects', 'Reports', 'Findings', 'Assets']) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    expect(await checkScreen(page, 'systems empty')).toEqual([]);

    // Create: the client's checks first, next to their fields.
    await page.getByRole('link', { name: 'New system' }).click();
    await heading(page, 'New system');
    await page.getByRole('button', { name: 'Create system' }).click();
    expect(await page.getByText('Missing required value.').count()).toBe(2);
    await page.getByLabel('Name').fill('web-1');
    await page.getByLabel('Host').fill('10.0.0.1');
    await page.getByLabel('Port').fill('70000');
    await page.getByRole('button', { name: 'Create system' }).click();
    await page.getByText('Must be no more than 65535.').waitFor();
    await page.getByLabel('Port').fill('22');
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'up', exact: true }).click();
    await page.getByLabel('Info').fill('{"os": "debian"}');
    expect(await checkScreen(page, 'system form')).toEqual([]);

    // The server's field error shows next to its field (a refusal the client cannot foresee).
    await page.route('**/api/collections/systems/records', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              status: 400,
              message: 'Failed to create record.',
              data: { host: { code: 'validation_invalid', message: 'Host is not reachable.' } },
            }),
          })
        : route.fallback(),
    );
    await page.getByRole('button', { name: 'Create system' }).click();
    await page.getByText('Host is not reachable.').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('System not created');
    expect(await checkScreen(page, 'system form error')).toEqual([]);
    await page.unrouteAll();

    // A double click creates one record.
    await page.getByRole('button', { name: 'Create system' }).dblclick();
    await heading(page, 'Systems');
    await page.getByRole('link', { name: 'web-1' }).waitFor();
    const all = await systems(uma.token);
    expect(all.map((s) => [s.name, s.info])).toEqual([['web-1', { os: 'debian' }]]);

    for (const [name, host] of [
      ['db-1', '10.0.0.2'],
      ['cache-1', '10.0.0.3'],
    ]) {
      const made = await api('/api/collections/systems/records', {
        method: 'POST',
        token: uma.token,
        body: { name, host, status: 'down' },
      });
      expect(made.status).toBe(200);
    }
    await page.reload();
    await page.getByRole('link', { name: 'cache-1' }).waitFor();
    expect(await checkScreen(page, 'systems')).toEqual([]);

    // Search: a filter over the text fields, kept in the URL.
    await page.getByLabel('Search systems').fill('10.0.0.2');
    await page.waitForURL(/q=10\.0\.0\.2/);
    await page.getByRole('link', { name: 'web-1' }).waitFor({ state: 'detached' });
    expect(await names(page)).toEqual(['db-1']);
    await page.getByLabel('Search systems').fill('nothing-like-it');
    await page.getByText('No systems match “nothing-like-it”.').waitFor();
    await page.getByLabel('Search systems').fill('');
    await page.getByRole('link', { name: 'web-1' }).waitFor();

    // Sort: ascending on the first click, then descending.
    const nameHeader = page.getByRole('columnheader', { name: /^Name/ });
    await nameHeader.getByRole('button').click();
    await page.waitForURL(/sort=name/);
    await eventually(() => names(page)).toEqual(['cache-1', 'db-1', 'web-1']);
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await nameHeader.getByRole('button').click();
    await eventually(() => names(page)).toEqual(['web-1', 'db-1', 'cache-1']);
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');

    // Edit.
    await page.getByRole('link', { name: 'web-1' }).click();
    await heading(page, 'System web-1');
    expect(await page.getByLabel('Info').inputValue()).toContain('"os": "debian"');
    await page.getByLabel('Host').fill('web-1.example.com');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await heading(page, 'Systems');
    await page.getByRole('cell', { name: 'web-1.example.com' }).waitFor();

    // Delete, after a confirmation.
    await page.getByRole('button', { name: 'Delete db-1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete system' }).click();
    await page.getByRole('link', { name: 'db-1' }).waitFor({ state: 'detached' });
    const left = await systems(uma.token);
    expect(left.map((s) => s.name).sort()).toEqual(['cache-1', 'web-1']);
  });

  it('shows readonly no buttons its grants lack, yet lets it create an alert on a system it sees', async () => {
    const { server, api, systems, uma, rory } = w!;
    const web = (await systems(uma.token)).find((s) => s.name === 'web-1');
    const shared = await api(`/api/collections/systems/records/${web?.id ?? ''}`, {
      method: 'PATCH',
      token: uma.token,
      body: { 'users+': rory.record.id },
    });
    expect(shared.status).toBe(200);

    const page = await open();
    await signInAs(page, server.url, RORY, '/records/systems');
    await heading(page, 'Systems');
    await page.getByRole('link', { name: 'web-1' }).waitFor();
    expect(await names(page)).toEqual(['web-1']);
    for (const name of ['New system', 'Share selected', 'Share web-1', 'Delete web-1']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
      expect(await page.getByRole('link', { name }).count(), name).toBe(0);
    }
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await checkScreen(page, 'readonly systems')).toEqual([]);
    // The record opens read-only.
    await page.getByRole('link', { name: 'web-1' }).click();
    await heading(page, 'System web-1');
    await page.getByText('Your roles let you view this system, not change it.').waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);

    // Alerts: readonly may create one, on a system it sees, picked by a server-side search.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Alerts' })
      .click();
    await heading(page, 'Alerts');
    await page.getByRole('link', { name: 'New alert' }).click();
    await heading(page, 'New alert');
    // The picker starts as the signed-in user; its box shows the name after a render of its own.
    await eventually(() => page.getByRole('combobox', { name: 'User' }).inputValue()).toBe(
      RORY.name,
    );
    await page.getByRole('combobox', { name: 'System' }).click();
    await page.getByRole('combobox', { name: 'System' }).fill('web');
    await page.getByRole('option', { name: 'web-1' }).click();
    await page.getByLabel('Name').fill('CPU above 90%');
    await page.getByLabel('Value', { exact: true }).fill('90');
    expect(await checkScreen(page, 'alert form')).toEqual([]);
    await page.getByRole('button', { name: 'Create alert' }).click();
    await heading(page, 'Alerts');
    const row = page.getByRole('row').filter({ hasText: 'CPU above 90%' });
    await row.waitFor();
    expect(await row.textContent()).toContain('web-1');
    expect(await row.textContent()).toContain(RORY.name);
    // The alert's system links to it.
    expect(await row.getByRole('link', { name: 'web-1' }).count()).toBe(1);
    expect(await checkScreen(page, 'alerts')).toEqual([]);
  });

  it('creates a project with dates and a finding under it (date inputs, a relation picker)', async () => {
    const { server, api, uma } = w!;
    const page = await open();
    await signInAs(page, server.url, UMA, '/records/projects/new');
    await heading(page, 'New project');
    await page.getByLabel('Name').fill('Acme pentest');
    await page.getByLabel('Starts').fill('2027-01-04T09:30');
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'active', exact: true }).click();
    await page.getByRole('button', { name: 'Create project' }).click();
    await heading(page, 'Projects');
    await page.getByRole('link', { name: 'Acme pentest' }).waitFor();
    // The server holds the UTC instant of the local time typed (the browser's time zone).
    const projects = (await api('/api/collections/projects/records', { token: uma.token }))
      .json as { items: { id: string; starts: string }[] };
    const starts = projects.items[0]?.starts ?? '';
    expect(new Date(starts.replace(' ', 'T')).getTime()).toBe(
      await page.evaluate<number>("new Date('2027-01-04T09:30').getTime()"),
    );
    await page.getByRole('link', { name: 'Acme pentest' }).click();
    await heading(page, 'Project Acme pentest');
    expect(await page.getByLabel('Starts').inputValue()).toBe('2027-01-04T09:30');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Findings' })
      .click();
    await heading(page, 'Findings');
    await page.getByRole('link', { name: 'New finding' }).click();
    await heading(page, 'New finding');
    await page.getByRole('combobox', { name: 'Project' }).click();
    await page.getByRole('combobox', { name: 'Project' }).fill('acme');
    await page.getByRole('option', { name: 'Acme pentest' }).click();
    await page.getByLabel('Title').fill('Outdated TLS');
    await page.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('option', { name: 'high', exact: true }).click();
    await page.getByLabel('Cvss').fill('7.5');
    await page.getByRole('button', { name: 'Create finding' }).click();
    await heading(page, 'Findings');
    const row = page.getByRole('row').filter({ hasText: 'Outdated TLS' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Acme pentest');
    // In the browser's locale (7.5 or 7,5).
    expect(await row.textContent()).toContain(
      await page.evaluate<string>('new Intl.NumberFormat().format(7.5)'),
    );
  });

  it('sorts by keyboard with visible focus; shows a load error with a retry, and a 404', async () => {
    const { server } = w!;
    const page = await open();
    await signInAs(page, server.url, UMA, '/records/nope');
    await heading(page, 'Not found');
    await page.getByText('There is no collection “nope”, or your roles do not reach it.').waitFor();

    // The list's request is refused (the first try and TanStack Query's two retries): the error
    // says why, and "Try again" loads it.
    let failures = 3;
    await page.route('**/api/collections/systems/records?**', (route) =>
      failures-- > 0
        ? route.fulfill({
            status: 429,
            contentType: 'application/json',
            body: JSON.stringify({ status: 429, message: 'Too Many Requests.', data: {} }),
          })
        : route.fallback(),
    );
    await page.goto(`${server.url}/records/systems`);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load systems' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('Too Many Requests.');
    expect(await checkScreen(page, 'systems load error')).toEqual([]);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('link', { name: 'web-1' }).waitFor();
    await page.unrouteAll();

    // Keyboard: from the search box, Tab reaches "select all", then the Name header's sort button.
    await page.getByLabel('Search systems').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toContain('Name');
    const outline = await page.evaluate<string>(
      'getComputedStyle(document.activeElement).outlineStyle',
    );
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=name/);
    await eventually(() => names(page)).toEqual(['cache-1', 'web-1']);
  });

  it('shows every system to everyone with SHARE_ALL_SYSTEMS, still read-only for readonly', async () => {
    shareAll = await world(ui!.dir, { GATEHOUSE_SHARE_ALL_SYSTEMS: 'true' });
    const { server, api, uma } = shareAll;
    for (const name of ['alpha', 'beta']) {
      const made = await api('/api/collections/systems/records', {
        method: 'POST',
        token: uma.token,
        body: { name, host: `${name}.example.com` },
      });
      expect(made.status).toBe(200);
    }
    const page = await open();
    await signInAs(page, server.url, RORY, '/records/systems?sort=name');
    await heading(page, 'Systems');
    await eventually(() => names(page)).toEqual(['alpha', 'beta']);
    expect(await page.getByRole('link', { name: 'New system' }).count()).toBe(0);
  });
});
