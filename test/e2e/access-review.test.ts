// E2E (issue 16, item 10): Admin > Access Review. An admin sees a never-signed-in user and a token
// without expiry, disables the user (a refusal first shows the server's reason), revokes the token
// and completes the review (the counts recorded); a plain user sees no Access Review entry and the
// page shows the server's refusal. axe in light and dark, no sideways scroll at 390 px.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  checkScreen,
  chromiumPath,
  startGatehouse,
  apiOf,
  signInAs,
  type Account,
} from './browser.js';
import { browserSuite } from './suite.js';

const CHROMIUM = chromiumPath();
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const UMA = { name: 'Uma User', email: 'uma@example.com', password: 'uma-password-123' };
const NORA = { name: 'Nora Never', email: 'nora@example.com', password: 'nora-password-123' };
const RORY = { name: 'Rory Readonly', email: 'rory@example.com', password: 'rory-password-123' };
const DAY_MS = 86_400_000;

/** A fresh server: Ada set up; Uma (user) with a token that never expires; Nora, created 200 days
 * ago and never signed in; Rory (readonly). */
async function world(uiDir: string) {
  const server = await startGatehouse(uiDir);
  const api = apiOf(server.url);
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
    [NORA, 'user'],
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
  const minted = await api('/api/tokens', {
    method: 'POST',
    token: uma.token,
    body: { name: 'Nightly backup script', expiresAt: 'never' },
  });
  expect(minted.status).toBe(200);
  // Nora's account is old: created 200 days ago, never signed in since.
  const db = new Database(path.join(server.dir, 'data.db'));
  const old = new Date(Date.now() - 200 * DAY_MS).toISOString().replace('T', ' ');
  db.prepare('UPDATE users SET created = ? WHERE email = ?').run(old, NORA.email);
  db.close();
  const token = minted.json as { id: string; prefix: string };
  // A service account's token that never expires (revoked through the service account's route).
  const ada = await signIn('users', ADA);
  const bot = await api('/api/service-accounts', {
    method: 'POST',
    token: ada.token,
    body: { name: 'Jenkins CI Bot' },
  });
  expect(bot.status).toBe(200);
  const botId = (bot.json as { id: string }).id;
  const botMinted = await api(`/api/service-accounts/${botId}/tokens`, {
    method: 'POST',
    token: ada.token,
    body: { name: 'Deploy key', expiresAt: 'never' },
  });
  expect(botMinted.status).toBe(200);
  const botToken = botMinted.json as { id: string; prefix: string };
  return { server, api, su, uma, token, botId, botToken };
}

describe.skipIf(!CHROMIUM)('e2e: access review', () => {
  const suite = browserSuite(world);
  const { open } = suite;
  const section = (page: Page, name: RegExp) => page.getByRole('region', { name });

  it('lets an admin disable a stale user, revoke a token and complete the review', async () => {
    const { server, api, su, token, botId, botToken } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Access Review' }).click();
    await page.getByRole('heading', { name: 'Access Review', level: 1 }).waitFor();
    await page.waitForURL(/\/admin\/access-review$/);

    const inactive = section(page, /^Accounts with no sign-in \(/);
    await inactive.getByText('Never signed in').waitFor();
    expect(await inactive.getByRole('heading').textContent()).toBe('Accounts with no sign-in (1)');
    await inactive.getByText('Nora Never').first().waitFor();
    const noExpiry = section(page, /^Tokens without expiry \(/);
    await noExpiry.getByText(`Nightly backup script (${token.prefix}…)`).waitFor();
    await noExpiry.getByText(`Deploy key (${botToken.prefix}…)`).waitFor();
    expect(await checkScreen(page, 'access review')).toEqual([]);

    // A refused remedy shows the server's reason (here a refusal the client cannot foresee).
    await page.route('**/api/collections/users/records/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 403,
            contentType: 'application/json',
            body: JSON.stringify({
              status: 403,
              message: 'You may not manage a user at a higher level than yours.',
              data: {},
            }),
          })
        : route.fallback(),
    );
    await inactive.getByRole('button', { name: 'Disable Nora Never' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable user' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('You may not manage a user at a higher level than yours.').waitFor();
    expect(await alert.textContent()).toContain('User not disabled');
    await page.unrouteAll();

    // Disable, with a confirmation.
    await inactive.getByRole('button', { name: 'Disable Nora Never' }).click();
    await page.getByRole('dialog').getByText('their sessions and API tokens stop').waitFor();
    expect(await checkScreen(page, 'access review disable dialog')).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Disable user' }).click();
    await inactive.getByText('None.').waitFor();
    const users = (await api(`/api/collections/users/records?filter=email='${NORA.email}'`, {
      token: su,
    })) as { json: { items: { status: string }[] } };
    expect(users.json.items.map((u) => u.status)).toEqual(['disabled']);

    // Revoke the token that never expires.
    await noExpiry
      .getByRole('button', { name: `Revoke token Nightly backup script (${token.prefix}…)` })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await noExpiry
      .getByText(`Nightly backup script (${token.prefix}…)`)
      .waitFor({ state: 'detached' });
    const all = (await api('/api/tokens?all=1', { token: su })) as {
      json: { items: { id: string }[] };
    };
    expect(all.json.items.map((t) => t.id)).not.toContain(token.id);
    await noExpiry
      .getByRole('button', { name: `Revoke token Deploy key (${botToken.prefix}…)` })
      .click();
    const viaServiceAccount = page.waitForRequest(
      (r) =>
        r.method() === 'DELETE' &&
        r.url().endsWith(`/api/service-accounts/${botId}/tokens/${botToken.id}`),
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await viaServiceAccount;
    await noExpiry.getByText('None.').waitFor();
    const botTokens = (await api(`/api/service-accounts/${botId}/tokens`, { token: su })) as {
      json: { items: { id: string; revokedAt?: string }[] };
    };
    expect(botTokens.json.items.filter((t) => t.id === botToken.id && !t.revokedAt)).toEqual([]);

    // "Open": a privileged account's details, in place.
    const privileged = section(page, /^Privileged users \(/);
    await privileged.getByRole('button', { name: 'Details for Ada Admin' }).click();
    await privileged.getByText(ADA.email).waitFor();
    expect(
      await privileged
        .getByRole('button', { name: 'Hide details for Ada Admin' })
        .getAttribute('aria-expanded'),
    ).toBe('true');

    // "Open" goes to the account's own page.
    await privileged.getByRole('link', { name: 'Open Ada Admin' }).click();
    await page.waitForURL(/\/admin\/users\/[a-z0-9]{15}$/);
    await page.goBack();
    await section(page, /^Privileged users \(/).waitFor();

    // The window is the days input; a narrower one is asked of the server.
    const days = page.getByLabel('Days without sign-in or use');
    await days.fill('30');
    await page.getByText('not in the last 30 days').waitFor();

    // Complete review: the counts the server recorded, and its audit entry.
    await page.getByRole('button', { name: 'Complete review' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Review recorded' });
    await done.getByText('Accounts with no sign-in: 0').waitFor();
    await done.getByText('Tokens without expiry: 0').waitFor();
    expect(await done.textContent()).toContain('for 30 days');
    expect(await checkScreen(page, 'access review completed')).toEqual([]);
    const audit = (await api('/api/audit?action=access.review', { token: su })) as {
      status: number;
      json: { items?: { action: string; data: { days: number; counts: object } }[] };
    };
    expect(audit.status).toBe(200);
    const entry = audit.json.items?.find((e) => e.action === 'access.review');
    expect(entry?.data.days).toBe(30);
    expect(entry?.data.counts).toMatchObject({ inactiveAccounts: 0, tokensWithoutExpiry: 0 });
  }, 120_000);

  it('shows a plain user no Access Review entry, and the page refuses them', async () => {
    const { server } = suite.w;
    const page = await open();
    await signInAs(page, server.url, RORY, '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Account Settings' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Access Review' }).count()).toBe(0);
    expect(await nav.getByText('Admin', { exact: true }).count()).toBe(0);

    await page.goto(`${server.url}/admin/access-review`);
    const alert = page.getByRole('alert');
    await alert.getByText('The access review needs admin.users.manage.').waitFor();
    expect(await alert.textContent()).toContain('Could not load the access review');
    expect(await page.getByRole('button', { name: 'Complete review' }).isDisabled()).toBe(true);
    expect(await checkScreen(page, 'access review refused')).toEqual([]);
  }, 60_000);
});
