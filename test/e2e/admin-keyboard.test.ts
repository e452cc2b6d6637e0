// E2E (issue 16, item 11): one admin flow with the keyboard only — no click, no fill, no drag:
// Tab, Shift+Tab, arrows, Enter, Escape and typing. Sign in, Create Group, nest it under another
// with "Move to…" (its what-if read before Save), walk the tree with the arrows (collapse, expand,
// into a child, select), assign a role on the Roles tab, and add a member on the Members tab.
// Each step is checked on the server; a focused tree item shows its focus ring.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  apiOf,
  buildUi,
  chromiumPath,
  launchBrowser,
  newPage,
  startGatehouse,
  type Gatehouse,
} from './browser.js';
import { eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };

interface GroupRow {
  id: string;
  name: string;
  parent: string;
  roles: string[];
}

describe.skipIf(!CHROMIUM)('e2e: an admin flow by keyboard only', () => {
  let ui: { dir: string } | undefined;
  let server: Gatehouse | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: string[];
  let api: ReturnType<typeof apiOf>;
  let su = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ui = await buildUi();
    server = await startGatehouse(ui.dir);
    api = apiOf(server.url);
    expect((await api('/api/setup', { method: 'POST', body: ADA })).status).toBe(200);
    su = (
      (
        await api('/api/collections/_superusers/auth-with-password', {
          method: 'POST',
          body: { identity: ADA.email, password: ADA.password },
        })
      ).json as { token: string }
    ).token;
    const create = async (collection: string, body: object) => {
      const res = await api(`/api/collections/${collection}/records`, {
        method: 'POST',
        token: su,
        body,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return (res.json as { id: string }).id;
    };
    ids.reviewer = await create('roles', {
      name: 'Report Reviewer',
      level: 4,
      permissions: { reports: { actions: ['view', 'export'], scope: 'shared' } },
    });
    ids.org = await create('groups', { name: 'Organization' });
    ids.security = await create('groups', { name: 'Security Team', parent: ids.org });
    ids.pat = await create('users', {
      name: 'Pat Planner',
      email: 'pat@example.com',
      password: 'a-long-password-1',
      passwordConfirm: 'a-long-password-1',
      role: 'readonly',
    });
    browser = await launchBrowser(CHROMIUM!);
    ({ page, problems } = await newPage(browser));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (ui) fs.rmSync(ui.dir, { recursive: true, force: true });
    expect(problems, 'browser console errors (script errors, CSP refusals)').toEqual([]);
  });

  const isFocused = async (target: Locator) =>
    (await target.and(page.locator(':focus')).count()) > 0;

  /** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
  const tabTo = async (target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 80) => {
    await target.waitFor();
    for (let i = 0; i < max; i++) {
      if (await isFocused(target)) return;
      await page.keyboard.press(key);
    }
    throw new Error(`${String(target)} never got focus with ${key}`);
  };
  /** The group name of the focused tree item, or null when focus is not on one. */
  const focusedTreeItem = () =>
    page.evaluate<string | null>(`(() => {
      const el = document.activeElement;
      if (!el || el.getAttribute('role') !== 'treeitem') return null;
      return el.querySelector('.gh-tree-label > :first-child')?.textContent ?? '';
    })()`);
  const group = async (name: string) => {
    const list = await api(
      `/api/collections/groups/records?filter=${encodeURIComponent(`name="${name}"`)}`,
      { token: su },
    );
    return (list.json as { items: GroupRow[] }).items[0];
  };
  const tree = () => page.getByRole('tree', { name: 'Groups' });
  const item = (name: string) =>
    tree().getByRole('treeitem', { name: new RegExp(`^${name}( ·|$)`) });

  it('creates a group, nests it, assigns a role and adds a member without the mouse', async () => {
    const base = server!.url;
    await page.goto(`${base}/admin/groups`);
    // Sign in: focus starts in the email field's page; Tab to it and type.
    await tabTo(page.getByLabel('Email'));
    await page.keyboard.type(ADA.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADA.password);
    await page.keyboard.press('Enter');
    await item('Organization').waitFor();

    // Create Group (top level first), then Save with Enter.
    await tabTo(page.getByRole('button', { name: 'Create Group' }));
    await page.keyboard.press('Enter');
    const create = page.getByRole('dialog', { name: 'Create Group' });
    await create.getByRole('textbox', { name: 'Name' }).waitFor();
    // The modal moves focus into itself on a timer, after its content is there.
    await eventually(() => isFocused(create.getByRole('textbox', { name: 'Name' }))).toBe(true);
    await page.keyboard.type('Keyboard Crew');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Made without a mouse.');
    await tabTo(create.getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Selected group' });
    await panel.getByRole('heading', { name: 'Keyboard Crew', level: 2 }).waitFor();
    const crew = await group('Keyboard Crew');
    expect(crew).toMatchObject({ parent: '', description: 'Made without a mouse.' });

    // Nest it under Security Team with Move to…: search, arrow to the option, Enter; the what-if
    // is shown before Save.
    await tabTo(panel.getByRole('button', { name: 'Move to…' }));
    await page.keyboard.press('Enter');
    const move = page.getByRole('dialog', { name: 'Move “Keyboard Crew” to…' });
    await move.waitFor();
    expect(
      await move
        .getByRole('checkbox', { name: 'Move it to the top level (no parent)' })
        .isChecked(),
    ).toBe(false);
    await tabTo(move.getByRole('combobox', { name: 'New parent' }));
    await page.keyboard.type('Security');
    await expect
      .poll(() => page.getByRole('option').allTextContents())
      .toEqual(['Organization / Security Team']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await move.getByRole('combobox', { name: 'New parent' }).inputValue()).toBe(
      'Organization / Security Team',
    );
    await move.getByText('No one gains or loses access with this change.').waitFor();
    await tabTo(move.getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText('Moved “Keyboard Crew” under Organization / Security Team.')
      .waitFor();
    expect((await group('Keyboard Crew'))?.parent).toBe(ids.security);

    // The tree by arrows: Tab lands on the selected group (revealed under its parents).
    await eventually(() => item('Security Team').getAttribute('aria-expanded')).toBe('true');
    await item('Keyboard Crew').waitFor();
    await tabTo(item('Keyboard Crew'), 'Shift+Tab');
    await page.keyboard.press('ArrowLeft'); // to its parent
    expect(await focusedTreeItem()).toBe('Security Team');
    expect(
      await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle'),
    ).toBe('solid');
    await page.keyboard.press('ArrowLeft'); // collapse it
    expect(await item('Security Team').getAttribute('aria-expanded')).toBe('false');
    expect(await item('Keyboard Crew').count()).toBe(0);
    await page.keyboard.press('ArrowRight'); // expand it
    await item('Keyboard Crew').waitFor();
    expect(await item('Security Team').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowUp');
    expect(await focusedTreeItem()).toBe('Organization');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight'); // into its first child
    expect(await focusedTreeItem()).toBe('Keyboard Crew');
    await page.keyboard.press('Enter');
    // Selecting goes through the router (?group=…): the tree marks it once the URL has changed.
    await eventually(() => item('Keyboard Crew').getAttribute('aria-selected')).toBe('true');

    // Roles tab (arrows in the tab list), a role chosen by typing, the what-if, Save Changes.
    await tabTo(panel.getByRole('tab', { name: 'Details' }));
    await page.keyboard.press('ArrowRight');
    // The tab is kept in the URL (?tab=…): it is selected once the router has navigated.
    await eventually(() =>
      panel.getByRole('tab', { name: 'Roles' }).getAttribute('aria-selected'),
    ).toBe('true');
    await tabTo(panel.getByRole('combobox', { name: 'Roles' }));
    await page.keyboard.type('Report');
    await page.getByRole('option', { name: 'Report Reviewer' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await panel.getByText('No one gains or loses access with this change.').waitFor();
    await tabTo(panel.getByRole('button', { name: 'Save Changes' }));
    await page.keyboard.press('Enter');
    await page.getByText('Roles of “Keyboard Crew” saved.').waitFor();
    expect((await group('Keyboard Crew'))?.roles).toEqual([ids.reviewer]);

    // Members tab: search a user, pick with the arrows, Add to group.
    await tabTo(panel.getByRole('tab', { name: 'Roles' }), 'Shift+Tab');
    await page.keyboard.press('ArrowRight');
    await tabTo(panel.getByRole('combobox', { name: 'Add members' }));
    await page.keyboard.type('pat');
    // The server's answer to "pat" (not the first page shown before it) is the only option.
    // An admin reads the directory, so the picker shows the email too.
    await expect
      .poll(() => page.getByRole('option').allTextContents())
      .toEqual(['Pat Planner (pat@example.com)']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await tabTo(panel.getByRole('button', { name: 'Add to group' }));
    await page.keyboard.press('Enter');
    await page.getByText('1 user added to “Keyboard Crew”.').waitFor();
    await panel.getByRole('link', { name: 'Pat Planner' }).waitFor();
    const pat = await api(`/api/collections/users/records/${ids.pat!}`, { token: su });
    expect((pat.json as { groups: string[] }).groups).toEqual([crew!.id]);
  });
});
