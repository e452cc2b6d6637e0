// E2E (issue 15, item 6): keyboard only. The sign-in page, Account Settings' tabs and the Generate
// Token dialog walked with Tab, Shift+Tab, arrows, Enter and Escape: every stop shows that it has
// focus (it looks different focused and not), the dialog keeps focus inside and gives it back.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  type Gatehouse,
  buildUi,
  chromiumPath,
  launchBrowser,
  newPage,
  startGatehouse,
} from './browser.js';
import { eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };

describe.skipIf(!CHROMIUM)('e2e: keyboard only', () => {
  let ui: { dir: string } | undefined;
  let server: Gatehouse | undefined;
  let browser: Browser | undefined;
  let base = '';
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ui = await buildUi();
    server = await startGatehouse(ui.dir);
    base = server.url;
    const setup = await fetch(`${base}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADA),
    });
    expect(setup.status).toBe(200);
    browser = await launchBrowser(CHROMIUM!);
    ({ page, problems } = await newPage(browser));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (ui) fs.rmSync(ui.dir, { recursive: true, force: true });
    expect(problems, 'browser console errors (script errors, CSP refusals)').toEqual([]);
  });

  /** The focused element as the accessibility tree names it, e.g. `button "Sign in"`. */
  const focused = async () => {
    const snapshot = await page.locator('*:focus').ariaSnapshot();
    // '- textbox "Token name": typed text' → 'textbox "Token name"'
    return /^- (\w+(?: "[^"]*")?)/.exec(snapshot)?.[1] ?? snapshot;
  };

  /**
   * Whether the focused element looks different focused and not: a picture of it (with a margin
   * for an outline) focused, then blurred, then focused again so that Tab goes on from it.
   */
  const focusIsVisible = async () => {
    const el = page.locator('*:focus');
    const box = await el.boundingBox();
    if (!box) return false;
    const clip = { x: box.x - 6, y: box.y - 6, width: box.width + 12, height: box.height + 12 };
    const withFocus = await page.screenshot({ clip, animations: 'disabled' });
    const handle = await el.elementHandle();
    await page.evaluate('document.activeElement.blur()');
    const without = await page.screenshot({ clip, animations: 'disabled' });
    await handle.focus();
    return !withFocus.equals(without);
  };

  /** Presses `key` and says where focus went, checking that it shows there. */
  const press = async (key: string) => {
    await page.keyboard.press(key);
    const name = await focused();
    expect(await focusIsVisible(), `focus visible on ${name}`).toBe(true);
    return name;
  };

  const walk = async (key: string, count: number) => {
    const names: string[] = [];
    for (let i = 0; i < count; i++) names.push(await press(key));
    return names;
  };

  /** Tabs until `name` has focus (at most `limit` stops), each stop showing its focus. */
  const tabTo = async (name: string, limit = 25) => {
    const seen: string[] = [];
    while (seen.length < limit) {
      seen.push(await press('Tab'));
      if (seen.at(-1) === name) return seen;
    }
    throw new Error(`Tab never reached ${name}: ${seen.join(', ')}`);
  };

  it('walks and submits the sign-in page', async () => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    const order = [
      'button "Switch to dark mode"',
      'textbox "Email"',
      'textbox "Password"',
      'button "Sign in"',
    ];
    expect(await walk('Tab', 4)).toEqual(order);
    expect(await walk('Shift+Tab', 3)).toEqual(order.slice(0, 3).reverse());

    // An empty form refused by Enter puts its messages on the fields; then type and Enter.
    await press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Enter your email.').waitFor();
    await page.keyboard.type(ADA.email);
    await press('Tab');
    await page.keyboard.type(ADA.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Welcome, ${ADA.name}`, level: 1 }).waitFor();
  });

  it("moves through Account Settings' tabs with the keyboard", async () => {
    await tabTo('link "Account Settings"');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
    await tabTo('tab "Profile"');
    expect(await press('ArrowRight')).toBe('tab "Password"');
    await page.getByRole('textbox', { name: 'Current password' }).waitFor();
    expect(await press('ArrowRight')).toBe('tab "Sessions"');
    expect(await press('ArrowRight')).toBe('tab "API Tokens"');
    // Focus moves at once; the selection goes through the router (?tab=…) and follows it.
    await eventually(() =>
      page.getByRole('tab', { name: 'API Tokens' }).getAttribute('aria-selected'),
    ).toBe('true');
    await eventually(() => new URL(page.url()).searchParams.get('tab')).toBe('tokens');
    await tabTo('button "Generate Token"');
  });

  it('keeps focus inside the Generate Token dialog and gives it back', async () => {
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Generate Token' });
    await dialog.waitFor();
    // The modal moves focus into itself on a timer, after it is shown.
    await eventually(focused).toBe('textbox "Token name"');
    await page.keyboard.type('Keyboard CI');

    // Round the dialog both ways: every stop is inside it, and the round comes back to the start.
    const inside = async (key: string, count: number) => {
      const names: string[] = [];
      for (let i = 0; i < count; i++) {
        names.push(await press(key));
        expect(await dialog.locator('*:focus').count(), `${names.at(-1)} in the dialog`).toBe(1);
      }
      return names;
    };
    // The close button comes first, then the form: past either end, focus wraps to the other.
    const name = 'textbox "Token name"';
    const round = [
      'combobox "Expiration"',
      'combobox "Scopes (optional)"',
      'button "Generate Token"',
      'button "Close"',
      name,
    ];
    expect(await inside('Tab', 10)).toEqual([...round, ...round]);
    expect(await inside('Shift+Tab', 5)).toEqual([...round.slice(0, 4).reverse(), name]);

    // Escape closes it, and focus is back on the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused()).toBe('button "Generate Token"');

    // Again, to the end: Enter generates, Tab reaches Done, Enter closes; focus comes back.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    // As above: type once the focus is in the dialog, not on the button behind it.
    await eventually(focused).toBe('textbox "Token name"');
    await page.keyboard.type('Keyboard CI');
    await page.keyboard.press('Enter');
    const secret = page.getByRole('dialog', { name: 'Your new API token' });
    await secret.getByText('Copy this token now').waitFor();
    await tabTo('button "Done"');
    expect(await secret.locator('*:focus').count()).toBe(1);
    await page.keyboard.press('Enter');
    await secret.waitFor({ state: 'detached' });
    expect(await focused()).toBe('button "Generate Token"');
    await page.getByRole('cell', { name: 'Keyboard CI', exact: true }).waitFor();
  });
});
