// E2E (issue 16, items 1, 6 and 7's export): Admin > Users & Access > Users, from the seed's steps.
// The list shows name, email, groups as paths, role, level, status and last sign-in; it searches by
// name or email, filters by group (with and without sub-groups), role and status, and sorts, all in
// the URL. Create User with a password and OAuth-only; a manager refused on a group that brings an
// admin role sees the server's reason on Groups. Bulk Actions > Assign to Group with the summary
// and Confirm; a manager's bulk Disable names the admin it refuses. Export downloads CSV. One step
// by keys only: select a row and run Bulk Actions > Enable. axe light and dark on the list, the
// create form and the bulk dialog.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  type Account,
  apiOf,
  checkScreen,
  chromiumPath,
  signInAs,
  startGatehouse,
} from './browser.js';
import { browserSuite, eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const person = (name: string): Account => ({
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
  password: `${name.split(' ')[0]!.toLowerCase()}-password-123`,
});
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const ANN = person('Ann Archer');
const BEN = person('Ben Baker');
const CAT = person('Cat Carter');
const DAN = person('Dan Dawson');
const ZED = person('Zed Zimmer');
const MAX = person('Max Manager');

type Api = ReturnType<typeof apiOf>;
interface Listed {
  id: string;
  name: string;
  email: string;
  status: string;
  groups: string[];
}

/**
 * A fresh server: Ada (admin). Groups Engineering → Platform → Infra, Sales, and Admins (which
 * brings the admin role). Ann in Platform, Ben in Infra, Cat in Sales (disabled), Dan with role
 * Lead and no group, Zed an admin, Max a People Manager (level 2, admin users.manage).
 */
async function world(uiDir: string) {
  const server = await startGatehouse(uiDir);
  const api = apiOf(server.url);
  const ok = async (path: string, init: Parameters<Api>[1]) => {
    const res = await api(path, init);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json as { id: string; token: string };
  };
  expect((await api('/api/setup', { method: 'POST', body: ADA })).status).toBe(200);
  const su = (
    await ok('/api/collections/_superusers/auth-with-password', {
      method: 'POST',
      body: { identity: ADA.email, password: ADA.password },
    })
  ).token;
  const record = (collection: string, body: object) =>
    ok(`/api/collections/${collection}/records`, { method: 'POST', token: su, body });
  await record('roles', { name: 'Lead', level: 3, permissions: {} });
  await record('roles', {
    name: 'People Manager',
    level: 2,
    permissions: { admin: { actions: ['users.view', 'users.manage'], scope: 'all' } },
  });
  const roles = (await api('/api/collections/roles/records?perPage=200', { token: su })).json as {
    items: { id: string; name: string }[];
  };
  const adminRole = roles.items.find((r) => r.name === 'admin')!.id;
  const g: Record<string, string> = {};
  g.Engineering = (await record('groups', { name: 'Engineering' })).id;
  g.Platform = (await record('groups', { name: 'Platform', parent: g.Engineering })).id;
  g.Infra = (await record('groups', { name: 'Infra', parent: g.Platform })).id;
  g.Sales = (await record('groups', { name: 'Sales' })).id;
  g.Admins = (await record('groups', { name: 'Admins', roles: [adminRole] })).id;
  const u: Record<string, string> = {};
  for (const [who, role, groups] of [
    [ANN, 'user', [g.Platform]],
    [BEN, 'user', [g.Infra]],
    [CAT, 'user', [g.Sales]],
    [DAN, 'Lead', []],
    [ZED, 'admin', []],
    [MAX, 'People Manager', []],
  ] as const) {
    u[who.email] = (
      await record('users', { ...who, passwordConfirm: who.password, role, groups })
    ).id;
  }
  expect(
    (
      await api('/api/users/bulk', {
        method: 'POST',
        token: su,
        body: { action: 'disable', ids: [u[CAT.email]] },
      })
    ).status,
  ).toBe(200);
  // Ann has signed in: her last sign-in shows.
  await ok('/api/collections/users/auth-with-password', {
    method: 'POST',
    body: { identity: ANN.email, password: ANN.password },
  });
  const find = async (email: string) =>
    (
      (
        await api(
          `/api/collections/users/records?filter=${encodeURIComponent(`email = '${email}'`)}`,
          { token: su },
        )
      ).json as { items: Listed[] }
    ).items[0];
  return { server, api, su, g, u, find };
}

describe.skipIf(!CHROMIUM)('e2e: admin users', () => {
  const suite = browserSuite(world);
  const { open, shot } = suite;
  const table = (page: Page) => page.getByRole('table', { name: 'Users' });
  const row = (page: Page, name: string) =>
    table(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name, exact: true }) });
  /** The names the table shows, in order. */
  const shown = async (page: Page) => {
    await page.waitForLoadState('networkidle');
    return table(page).locator('tbody th[scope="row"] a').allTextContents();
  };
  const until = async (page: Page, expected: string[]) => {
    for (let i = 0; i < 50; i += 1) {
      if (JSON.stringify(await shown(page)) === JSON.stringify(expected)) return;
      await page.waitForTimeout(100);
    }
    expect(await shown(page), page.url()).toEqual(expected);
  };
  const pickGroup = async (page: Page, label: string, search: string, path: string) => {
    await page.getByRole('combobox', { name: label }).fill(search);
    await page.getByRole('option', { name: path, exact: true }).click();
  };

  it('lists, searches, filters by group (with sub-groups), role and status, and sorts', async () => {
    const { server } = suite.w;
    const page = await open();
    // The seed: Admin > Users & Access.
    await signInAs(page, server.url, ADA, '/');
    await page.getByRole('link', { name: 'Users & Access' }).first().click();
    await page.waitForURL(/\/admin\/users/);
    await row(page, 'Ann Archer').waitFor();
    // The pointer rests on the link just clicked: the current page's link keeps its contrast
    // (Mantine's hover shade behind it was 4.12:1 in light mode).
    await page.getByRole('link', { name: 'Users & Access' }).first().hover();
    expect(await checkScreen(page, 'users list, pointer on the navigation')).toEqual([]);
    await page.mouse.move(900, 700);
    const ann = row(page, 'Ann Archer');
    await ann.getByText('ann@example.com').waitFor();
    await ann.getByText('Engineering / Platform').waitFor();
    await ann.getByText('Level 4 · Consultant').waitFor();
    expect(await ann.getByText('Never').count()).toBe(0);
    await row(page, 'Ben Baker').getByText('Never').waitFor();
    await row(page, 'Cat Carter').getByText('Disabled').waitFor();
    expect(await checkScreen(page, 'users list')).toEqual([]);
    await shot(page, 'users-list');

    await page.getByRole('searchbox', { name: 'Search' }).fill('dan@');
    await until(page, ['Dan Dawson']);
    expect(page.url()).toContain('q=dan%40');
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await until(page, [
      'Ada Admin',
      'Ann Archer',
      'Ben Baker',
      'Cat Carter',
      'Dan Dawson',
      'Max Manager',
      'Zed Zimmer',
    ]);

    // One group: its own members; with sub-groups: everyone beneath it too.
    await pickGroup(page, 'Group', 'Platform', 'Engineering / Platform');
    await until(page, ['Ann Archer']);
    await page.getByRole('checkbox', { name: 'Include sub-groups' }).check();
    await until(page, ['Ann Archer', 'Ben Baker']);
    expect(page.url()).toContain('subgroups=true');
    await page.getByRole('button', { name: 'Clear filters' }).click();

    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Lead', exact: true }).click();
    await until(page, ['Dan Dawson']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Disabled', exact: true }).click();
    await until(page, ['Cat Carter']);
    await page.getByRole('button', { name: 'Clear filters' }).click();

    // Sort by email, then the other way; the URL keeps it (a reload shows the same order).
    await page.getByRole('button', { name: /^Email/ }).click();
    await until(page, [
      'Ada Admin',
      'Ann Archer',
      'Ben Baker',
      'Cat Carter',
      'Dan Dawson',
      'Max Manager',
      'Zed Zimmer',
    ]);
    await page.getByRole('button', { name: /^Email/ }).click();
    // The sort reaches the URL through the router, a moment after the click.
    await eventually(() => page.url()).toContain('sort=-email');
    await page.reload();
    await until(page, [
      'Zed Zimmer',
      'Max Manager',
      'Dan Dawson',
      'Cat Carter',
      'Ben Baker',
      'Ann Archer',
      'Ada Admin',
    ]);

    // A click on the row opens the user's details.
    await row(page, 'Dan Dawson').getByText('dan@example.com').click();
    await page.waitForURL(/\/admin\/users\/\w+/);
  });

  it('creates a user with a password and an OAuth-only one (Create User → Save)', async () => {
    const { server, find } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/admin/users');
    await page.getByRole('link', { name: 'Create User' }).click();
    await page.waitForURL(/\/admin\/users\/new$/);
    await page.getByRole('textbox', { name: 'Full Name' }).fill('Eve Evans');
    await page.getByRole('textbox', { name: 'Email Address' }).fill('eve@example.com');
    await page.getByRole('textbox', { name: 'Password' }).fill('short');
    await pickGroup(page, 'Groups', 'Infra', 'Engineering / Platform / Infra');
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Lead (level 3)' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    // The password rule refuses before the server is asked.
    await page
      .getByText(/at least/i)
      .first()
      .waitFor();
    expect(await checkScreen(page, 'create user')).toEqual([]);
    await shot(page, 'create-user');
    await page.getByRole('textbox', { name: 'Password' }).fill('eve-password-123');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/users\/(?!new)\w+$/);
    const eve = await find('eve@example.com');
    expect(page.url()).toContain(eve!.id);
    expect(eve!.groups).toEqual([suite.w.g.Infra]);

    // A duplicate email: the server's message on Email Address.
    await page.goto(`${server.url}/admin/users/new`);
    await page.getByRole('textbox', { name: 'Full Name' }).fill('Eve Again');
    await page.getByRole('textbox', { name: 'Email Address' }).fill('eve@example.com');
    await page.getByRole('switch', { name: 'OAuth-only' }).check();
    expect(await page.getByRole('textbox', { name: 'Password' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Value must be unique.').waitFor();
    await page.getByRole('textbox', { name: 'Email Address' }).fill('olive@example.com');
    await page.getByRole('textbox', { name: 'Full Name' }).fill('Olive OAuth');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/users\/(?!new)\w+$/);
    expect((await find('olive@example.com'))?.name).toBe('Olive OAuth');
    // No password: signing in with one fails.
    const tried = await suite.w.api('/api/collections/users/auth-with-password', {
      method: 'POST',
      body: { identity: 'olive@example.com', password: 'anything-at-all' },
    });
    expect(tried.status).toBe(400);
  });

  it("shows a manager the server's reason on the field: a group that brings an admin role", async () => {
    const { server, find } = suite.w;
    const page = await open();
    await signInAs(page, server.url, MAX, '/admin/users/new');
    await page.getByRole('textbox', { name: 'Full Name' }).fill('Sly Sneak');
    await page.getByRole('textbox', { name: 'Email Address' }).fill('sly@example.com');
    await page.getByRole('textbox', { name: 'Password' }).fill('sly-password-123');
    // Only the roles at or below level 2 are offered.
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'People Manager (level 2)' }).waitFor();
    expect(await page.getByRole('option', { name: 'admin (level 1)' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await pickGroup(page, 'Groups', 'Admins', 'Admins');
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not saved' });
    await alert.waitFor();
    const reason = (await alert.textContent()) ?? '';
    expect(reason).toContain('through group "Admins"');
    expect(await page.getByText(/through group "Admins"/).count()).toBe(2); // alert + field
    expect(await find('sly@example.com')).toBeUndefined();
  });

  it('Bulk Actions > Assign to Group: a summary, Confirm, one call; a refusal names the user', async () => {
    const { server, g, u, find } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/admin/users');
    for (const name of ['Ann Archer', 'Cat Carter', 'Dan Dawson'])
      await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await page.getByText('3 selected').waitFor();
    await page.getByRole('button', { name: 'Bulk Actions' }).click();
    await page.getByRole('menuitem', { name: 'Assign to Group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign to Group' });
    await expect(dialog.getByRole('button', { name: 'Confirm' }).isDisabled()).resolves.toBe(true);
    await pickGroup(page, 'Target group', 'Platform', 'Engineering / Platform');
    await dialog.getByText('Assign 3 users to Engineering / Platform').waitFor();
    expect(await checkScreen(page, 'bulk dialog')).toEqual([]);
    await shot(page, 'bulk-dialog');
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/users/bulk')) calls.push(r.method());
    });
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog
      .getByText('Assigned 2 users to Engineering / Platform. 1 was already in it.')
      .waitFor();
    expect(calls).toEqual(['POST']);
    expect((await find(CAT.email))!.groups).toEqual([g.Sales, g.Platform]);
    expect((await find(DAN.email))!.groups).toEqual([g.Platform]);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // A manager (level 2) disabling Dan and Zed (an admin): all or nothing, Zed named.
    const manager = await open();
    await signInAs(manager, server.url, MAX, '/admin/users');
    for (const name of ['Dan Dawson', 'Zed Zimmer'])
      await manager.getByRole('checkbox', { name: `Select ${name}` }).check();
    await manager.getByRole('button', { name: 'Bulk Actions' }).click();
    await manager.getByRole('menuitem', { name: 'Disable' }).click();
    const refused = manager.getByRole('dialog', { name: 'Disable' });
    await refused.getByText('Disable 2 users').waitFor();
    await refused.getByRole('button', { name: 'Confirm' }).click();
    const failure = refused.getByRole('alert', { name: 'Nothing was changed' });
    await failure.waitFor();
    const text = (await failure.textContent()) ?? '';
    expect(text).toContain('(Zed Zimmer)');
    expect(text).not.toContain('(Dan Dawson)');
    expect(text).not.toContain(u[ZED.email]!);
    expect((await find(DAN.email))!.status).toBe('active');
    expect((await find(ZED.email))!.status).toBe('active');
  });

  it('exports the users as CSV (a download)', async () => {
    const { server } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/admin/users');
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Export as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('users.csv');
    const file = await download.path();
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv).toContain('ann@example.com');
    expect(csv.split('\n')[0]).toContain('email');
  });

  it('selects a row and runs Bulk Actions > Enable by keys only', async () => {
    const { server, find } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/admin/users?status=disabled');
    await until(page, ['Cat Carter']);
    // Tab from the search box to Cat's checkbox, Space selects her.
    await page.getByRole('searchbox', { name: 'Search' }).focus();
    const focused = () =>
      page.evaluate<string>(
        `document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? ''`,
      );
    for (let i = 0; i < 20 && (await focused()) !== 'Select Cat Carter'; i += 1)
      await page.keyboard.press('Tab');
    expect(await focused()).toBe('Select Cat Carter');
    await page.keyboard.press('Space');
    await page.getByText('1 selected').waitFor();
    // Back to Bulk Actions, open its menu, go down to Enable.
    for (let i = 0; i < 20 && (await focused()) !== 'Bulk Actions'; i += 1)
      await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Bulk Actions');
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Enable' }).waitFor();
    for (let i = 0; i < 10 && (await focused()) !== 'Enable'; i += 1)
      await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Enable' });
    await dialog.getByText('Enable 1 user').waitFor();
    for (let i = 0; i < 10 && (await focused()) !== 'Confirm'; i += 1)
      await page.keyboard.press('Tab');
    expect(await focused()).toBe('Confirm');
    await page.keyboard.press('Enter');
    await dialog.getByText('Enabled 1 user.').waitFor();
    expect((await find(CAT.email))!.status).toBe('active');
  });
});
