// E2E (issue 15, item 3): Account Settings — profile, password, Sessions, API Tokens (the secret
// shown once, working over the API, gone from the page after; revoke) — with axe on every tab.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  type Gatehouse,
  buildUi,
  checkScreen,
  chromiumPath,
  describedBy,
  launchBrowser,
  newPage,
  sidewaysScrollers,
  startGatehouse,
} from './browser.js';
import { eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const NEW_PASSWORD = 'staple-battery-horse-correct';
const NEW_EMAIL = 'ada.lovelace@example.com';
const YEAR = String(new Date().getFullYear());

describe.skipIf(!CHROMIUM)('e2e: Account Settings', () => {
  let ui: { dir: string } | undefined;
  let server: Gatehouse | undefined;
  let browser: Browser | undefined;
  let base = '';
  let page: Page;
  let problems: string[];

  const api = async (
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    });

  beforeAll(async () => {
    ui = await buildUi();
    server = await startGatehouse(ui.dir);
    base = server.url;
    expect((await api('/api/setup', { method: 'POST', body: JSON.stringify(ADA) })).status).toBe(
      200,
    );
    browser = await launchBrowser(CHROMIUM!);
    ({ page, problems } = await newPage(browser));
    await page.goto(`${base}/account`);
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (ui) fs.rmSync(ui.dir, { recursive: true, force: true });
    expect(problems, 'browser console errors (script errors, CSP refusals)').toEqual([]);
  });

  const tab = (name: string) => page.getByRole('tab', { name }).click();

  /** On a phone (390 px): `check` sees the screen; nothing may scroll sideways, page or box. */
  const onPhone = async (check: () => Promise<void>) => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await check();
      // Right after a resize the layout may be a frame behind (AppShell moves its offsets in JS).
      await eventually(() => sidewaysScrollers(page)).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  };

  it('changes the profile name', async () => {
    expect(await checkScreen(page, 'profile')).toEqual([]);
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    await page.reload();
    await page.getByLabel('Name').waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Ada Lovelace');
  });

  it('refuses a wrong current password next to the field, then changes it', async () => {
    await tab('Password');
    await page.getByRole('textbox', { name: 'Current password' }).fill('not-it');
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('textbox', { name: 'Confirm new password' }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Missing or invalid old password.').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Password not changed');
    expect(await checkScreen(page, 'password error')).toEqual([]);

    await page.getByRole('textbox', { name: 'Current password' }).fill(ADA.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    // Still signed in, on the new password's session.
    await page.reload();
    await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
    const old = await api('/api/collections/users/auth-with-password', {
      method: 'POST',
      body: JSON.stringify({ identity: ADA.email, password: ADA.password }),
    });
    expect(old.status).toBe(400);
  });

  it('lists Sessions, revokes another one, and signs out everywhere else', async () => {
    const signIn = async () => {
      const res = await api('/api/collections/users/auth-with-password', {
        method: 'POST',
        headers: { 'user-agent': 'e2e-other-device' },
        body: JSON.stringify({ identity: ADA.email, password: NEW_PASSWORD }),
      });
      return ((await res.json()) as { token: string }).token;
    };
    const other = await signIn();
    await page.goto(`${base}/account?tab=sessions`);
    const row = page.getByRole('row').filter({ hasText: 'e2e-other-device' });
    await row.waitFor();
    await page.getByRole('row').filter({ hasText: 'This session' }).waitFor();
    expect(await checkScreen(page, 'sessions')).toEqual([]);
    // On a phone each session is a card that still says when it signed in and was last seen.
    await onPhone(async () => {
      const card = page
        .getByRole('list', { name: 'Sessions' })
        .getByRole('listitem')
        .filter({ hasText: 'e2e-other-device' });
      await card.waitFor();
      expect(await card.getByRole('term').allTextContents()).toEqual([
        'IP address',
        'Signed in',
        'Last seen',
      ]);
      const [, created, lastSeen] = await card.getByRole('definition').allTextContents();
      expect(created).toContain(YEAR);
      expect(lastSeen).toContain(YEAR);
      await card.getByRole('button', { name: /^Revoke session/ }).waitFor();
    });
    await row.getByRole('button', { name: /^Revoke session/ }).click();
    await page.getByText('Session revoked.').waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await api('/api/sessions', { headers: { authorization: other } })).status).toBe(401);

    const third = await signIn();
    await page.reload();
    await row.waitFor();
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Sign out everywhere else' })
      .click();
    await page.getByText('Signed out everywhere else.').waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await api('/api/sessions', { headers: { authorization: third } })).status).toBe(401);
  });

  it('generates an API token, shows the secret once, and revokes it', async () => {
    await tab('API Tokens');
    await page.getByText('You have no API tokens yet.').waitFor();
    expect(await checkScreen(page, 'tokens empty')).toEqual([]);
    await page.getByRole('button', { name: 'Generate Token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Generate Token' }).click();
    await dialog.getByText('Give the token a name.').waitFor();
    await dialog.getByLabel('Token name').fill('Jenkins CI Bot');
    expect(await checkScreen(page, 'generate token')).toEqual([]);
    // A double click creates one token, not two.
    await dialog.getByRole('button', { name: 'Generate Token' }).dblclick();
    await dialog.getByText('Copy this token now').waitFor();
    const secret = (await dialog.getByLabel('New API token').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^gth_[0-9A-Za-z]{40,}$/);
    expect(await checkScreen(page, 'token secret')).toEqual([]);

    // The secret works over the API, as a Bearer token.
    const listed = await api('/api/tokens', { headers: { authorization: `Bearer ${secret}` } });
    expect(listed.status).toBe(200);
    const items = ((await listed.json()) as { items: { name: string }[] }).items;
    expect(items.map((t) => t.name)).toEqual(['Jenkins CI Bot']);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: 'Jenkins CI Bot' });
    await row.waitFor();
    expect(await row.textContent()).toContain(secret.slice(0, 8));
    expect(await checkScreen(page, 'tokens')).toEqual([]);
    await onPhone(async () => {
      const card = page.getByRole('list', { name: 'API tokens' }).getByRole('listitem');
      await card.filter({ hasText: 'Jenkins CI Bot' }).waitFor();
      expect(await card.getByRole('term').allTextContents()).toEqual([
        'Scopes',
        'Expires',
        'Last used',
      ]);
      expect(await card.textContent()).toContain(secret.slice(0, 8));
    });
    // After the dialog closes the secret is nowhere: not on the page, not in storage.
    expect(await page.content()).not.toContain(secret);
    const storage = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
    );
    expect(storage).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke token Jenkins CI Bot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('You have no API tokens yet.').waitFor();
    const after = await api('/api/tokens', { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
  });

  it('changes the email with the current password; the new email signs in', async () => {
    await page.goto(`${base}/account`);
    const email = page.getByRole('textbox', { name: 'Email' });
    await email.fill(NEW_EMAIL);
    const current = page.getByRole('textbox', { name: 'Current password' });
    await current.fill('not-the-password');
    await page.getByRole('button', { name: 'Save profile' }).click();
    // The server's message, on the field it names.
    await page.getByText('Missing or invalid old password.').waitFor();
    expect(await describedBy(current)).toContain('Missing or invalid old password.');
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').textContent()).toContain('Not saved');
    expect(await checkScreen(page, 'profile email error')).toEqual([]);

    await current.fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    const signIn = (identity: string) =>
      api('/api/collections/users/auth-with-password', {
        method: 'POST',
        body: JSON.stringify({ identity, password: NEW_PASSWORD }),
      });
    expect((await signIn(NEW_EMAIL)).status).toBe(200);
    expect((await signIn(ADA.email)).status).toBe(400);

    // This browser was signed in again with the new email; out and in with it works too.
    await page.reload();
    expect(await email.inputValue()).toBe(NEW_EMAIL);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByLabel('Email').fill(NEW_EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome/, level: 1 }).waitFor();
  });
});
