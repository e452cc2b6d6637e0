// E2E (issue 15, item 2): first run, sign-in and its errors, sign-out, 401 → sign-in → back, an
// ended session (on load and under a form), and the console's separate superuser sign-in; axe and
// layout on every screen.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  type Gatehouse,
  buildUi,
  checkScreen,
  chromiumPath,
  launchBrowser,
  newPage,
  startGatehouse,
} from './browser.js';

const CHROMIUM = chromiumPath();
if (!CHROMIUM) {
  console.warn(
    'e2e skipped: no Chromium found (apt-get install -y chromium, or set GATEHOUSE_CHROMIUM)',
  );
}

const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };

describe.skipIf(!CHROMIUM)('e2e: first run, sign-in, sign-out, sessions that end', () => {
  let ui: { dir: string } | undefined;
  let base = '';
  let server: Gatehouse | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ui = await buildUi();
    server = await startGatehouse(ui.dir);
    base = server.url;
    browser = await launchBrowser(CHROMIUM!);
    ({ page, problems } = await newPage(browser));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (ui) fs.rmSync(ui.dir, { recursive: true, force: true });
    expect(problems, 'browser console errors (script errors, CSP refusals)').toEqual([]);
  });

  const heading = (name: string | RegExp) => page.getByRole('heading', { name, level: 1 });

  it('shows the first-run form at / while setup is open, and creates the account', async () => {
    await page.goto(`${base}/`);
    await heading('Set up Gatehouse').waitFor();
    expect(await checkScreen(page, 'first run')).toEqual([]);

    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter a valid email address.').waitFor();

    await page.getByLabel('Name').fill(ADA.name);
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADA.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading(`Welcome, ${ADA.name}`).waitFor();
    expect(await checkScreen(page, 'home')).toEqual([]);

    // Setup is closed now: the first-run page sends you on.
    await page.goto(`${base}/setup`);
    await heading(`Welcome, ${ADA.name}`).waitFor();
  });

  it('reloads a deep page (the SPA fallback) and loads its lazy screen', async () => {
    await page.goto(`${base}/account`);
    await heading('Account Settings').waitFor();
  });

  it('signs out, then refuses a wrong password with the server message in an alert', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
    await page.getByText('You are signed out.').waitFor();
    expect(await checkScreen(page, 'sign-in')).toEqual([]);

    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Failed to authenticate.');
    expect(await checkScreen(page, 'sign-in error')).toEqual([]);
  });

  it('sends a signed-out visitor of a page to sign-in and back to that page', async () => {
    await page.goto(`${base}/account?from=test`);
    await heading('Sign in').waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/account?from=test');
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Account Settings').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('sends you to sign-in with a message when the session is revoked elsewhere', async () => {
    // Another session of the same user signs out everywhere else.
    const signIn = await fetch(`${base}/api/collections/users/auth-with-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: ADA.email, password: ADA.password }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const revoke = await fetch(`${base}/api/sessions`, {
      method: 'DELETE',
      headers: { authorization: token },
    });
    expect(revoke.status).toBe(200);

    await page.goto(`${base}/account`);
    await page.getByText('Your session has ended').waitFor();
    await heading('Sign in').waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/account');
  });

  it('treats an expired token as an ended session', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const expired = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ exp: past, id: 'x' })}.sig`;
    await page.evaluate(
      `localStorage.setItem('gatehouse_auth', ${JSON.stringify(
        JSON.stringify({ token: expired, record: { id: 'x', email: ADA.email } }),
      )})`,
    );
    await page.goto(`${base}/`);
    await page.getByText('Your session has ended').waitFor();
    await heading('Sign in').waitFor();
  });

  it('shows a 404 page for an unknown address', async () => {
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(`Welcome, ${ADA.name}`).waitFor();
    await page.goto(`${base}/no/such/page`);
    await heading('Page not found').waitFor();
    expect(await checkScreen(page, '404')).toEqual([]);
  });

  it('sends you to sign-in when a form finds the session revoked, and back after', async () => {
    await page.goto(`${base}/account`);
    await page.getByLabel('Name').fill('Ada Again');
    const other = await fetch(`${base}/api/collections/users/auth-with-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: ADA.email, password: ADA.password }),
    });
    const { token } = (await other.json()) as { token: string };
    await fetch(`${base}/api/sessions`, { method: 'DELETE', headers: { authorization: token } });

    // The page was loaded with a live session; its next call is refused.
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Your session has ended').waitFor();
    await heading('Sign in').waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/account');
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Account Settings').waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe(ADA.name);
  });

  it('signs a superuser in to the console at /_/, apart from the hub sign-in', async () => {
    await page.goto(`${base}/_`);
    expect(new URL(page.url()).pathname).toBe('/_/');
    await heading('Sign in to the console').waitFor();
    expect(await checkScreen(page, 'console sign-in')).toEqual([]);

    await page.getByLabel('Email').fill(ADA.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Failed to authenticate.');

    await page.getByRole('textbox', { name: 'Password' }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Console').waitFor();
    expect(await checkScreen(page, 'console')).toEqual([]);

    // The hub's sign-in is untouched by the console's, and the other way round.
    await page.goto(`${base}/`);
    await heading(`Welcome, ${ADA.name}`).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
    await page.goto(`${base}/_/`);
    await heading('Console').waitFor();
  });
});
