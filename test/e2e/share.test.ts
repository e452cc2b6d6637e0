// E2E (issue 15, item 5): sharing — share a system with a group and see it as a member of a child
// group ("via group Security Team / Senior Consultants"), remove the share, bulk share selected
// systems in one call, and the server's refusal shown when one of them went away; keyboard picking,
// axe in light and dark on the dialog.
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
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const UMA = { name: 'Uma User', email: 'uma@example.com', password: 'uma-password-123' };
const SAM = { name: 'Sam Senior', email: 'sam@example.com', password: 'sam-password-123' };
const VERA = { name: 'Vera Viewer', email: 'vera@example.com', password: 'vera-password-123' };

interface Account {
  name: string;
  email: string;
  password: string;
}

describe.skipIf(!CHROMIUM)('e2e: sharing', () => {
  let ui: { dir: string } | undefined;
  let server: Gatehouse | undefined;
  let browser: Browser | undefined;
  const problems: string[][] = [];
  const ids: Record<string, string> = {};
  let umaToken = '';

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body type
  const api = async <T = Record<string, unknown>>(
    path: string,
    init: { method?: string; body?: unknown; token?: string } = {},
  ) => {
    const res = await fetch(`${server!.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: init.token } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
  };
  const token = async (collection: string, who: Account) =>
    (
      await api<{ token: string }>(`/api/collections/${collection}/auth-with-password`, {
        method: 'POST',
        body: { identity: who.email, password: who.password },
      })
    ).json.token;

  beforeAll(async () => {
    ui = await buildUi();
    server = await startGatehouse(ui.dir);
    expect((await api('/api/setup', { method: 'POST', body: ADA })).status).toBe(200);
    const su = await token('_superusers', ADA);
    const group = async (name: string, parent = '') =>
      (
        await api<{ id: string }>('/api/collections/groups/records', {
          method: 'POST',
          token: su,
          body: { name, parent },
        })
      ).json.id;
    ids.team = await group('Security Team');
    ids.seniors = await group('Senior Consultants', ids.team);
    for (const [who, groups] of [
      [UMA, []],
      [SAM, [ids.seniors]],
      [VERA, []],
    ] as const) {
      const made = await api<{ id: string }>('/api/collections/users/records', {
        method: 'POST',
        token: su,
        body: { ...who, passwordConfirm: who.password, role: 'user', groups },
      });
      expect(made.status).toBe(200);
      ids[who.email] = made.json.id;
    }
    umaToken = await token('users', UMA);
    for (const name of ['web-1', 'db-1', 'cache-1', 'mail-1']) {
      const made = await api<{ id: string }>('/api/collections/systems/records', {
        method: 'POST',
        token: umaToken,
        body: { name, host: `${name}.example.com` },
      });
      ids[name] = made.json.id;
    }
    browser = await launchBrowser(CHROMIUM!);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (ui) fs.rmSync(ui.dir, { recursive: true, force: true });
    expect(problems.flat(), 'browser console errors (script errors, CSP refusals)').toEqual([]);
  });

  const signedIn = async (who: Account, path: string): Promise<Page> => {
    const opened = await newPage(browser!);
    problems.push(opened.problems);
    const page = opened.page;
    await page.goto(`${server!.url}${path}`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Systems', level: 1 }).waitFor();
    return page;
  };
  const systemsOf = async (who: Account) =>
    (
      await api<{ items: { name: string }[] }>('/api/collections/systems/records?sort=name', {
        token: await token('users', who),
      })
    ).json.items.map((s) => s.name);

  it('shares a system with a group; a member of its child group sees it, and how', async () => {
    const page = await signedIn(UMA, '/records/systems');
    await page.getByRole('button', { name: 'Share web-1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share' });
    await dialog.getByText('Uma User').waitFor();
    await dialog.getByText('directly').waitFor();
    expect(await checkScreen(page, 'share dialog')).toEqual([]);

    // Keyboard only: type, pick the group by its path, share.
    const picker = dialog.getByLabel('Users and groups');
    await picker.focus();
    await page.keyboard.type('consult');
    await dialog
      .page()
      .getByRole('option', { name: 'Security Team / Senior Consultants' })
      .waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    await dialog
      .getByRole('button', { name: 'Remove group Security Team / Senior Consultants' })
      .waitFor();
    const sam = dialog.getByRole('listitem').filter({ hasText: 'Sam Senior' });
    await sam.getByText('via group Security Team / Senior Consultants').waitFor();
    expect(await checkScreen(page, 'share dialog shared')).toEqual([]);
    expect(await systemsOf(SAM)).toEqual(['web-1']);

    // Now share with the parent group instead: Sam still reaches it, through his own group.
    await dialog
      .getByRole('button', { name: 'Remove group Security Team / Senior Consultants' })
      .click();
    await dialog.getByText('Sam Senior').waitFor({ state: 'detached' });
    expect(await systemsOf(SAM)).toEqual([]);
    await picker.fill('security');
    await page.getByRole('option', { name: 'Security Team', exact: true }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    await sam.getByText('via group Security Team / Senior Consultants').waitFor();
    await dialog
      .getByText(/^Security Team/)
      .first()
      .waitFor();

    // Sam, signed in, sees it and who else has it.
    const samPage = await signedIn(SAM, '/records/systems');
    await samPage.getByRole('link', { name: 'web-1' }).waitFor();
    await samPage.getByRole('button', { name: 'Share web-1' }).click();
    const samDialog = samPage.getByRole('dialog', { name: 'Share' });
    await samDialog
      .getByRole('listitem')
      .filter({ hasText: 'Sam Senior' })
      .getByText('via group Security Team / Senior Consultants')
      .waitFor();
    await samPage.close();
    await page.close();
  });

  it('bulk shares the selected systems in one call, and shows the server’s refusal', async () => {
    const page = await signedIn(UMA, '/records/systems');
    await page.getByRole('checkbox', { name: 'Select db-1' }).check();
    await page.getByRole('checkbox', { name: 'Select cache-1' }).check();
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/share')) calls.push(r.url());
    });
    await page.getByRole('button', { name: /^Share selected/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Share 2 records' });
    await dialog.getByLabel('Users and groups').fill('vera');
    await page.getByRole('option', { name: /^Vera Viewer/ }).click();
    await page.keyboard.press('Escape');
    expect(await checkScreen(page, 'bulk share dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByText('Shared 2 records.').waitFor();
    expect(calls).toHaveLength(1);
    expect(await systemsOf(VERA)).toEqual(['cache-1', 'db-1']);

    // One of the selection goes away before the share: nothing is shared, and the dialog says why.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('checkbox', { name: 'Select db-1' }).uncheck();
    await page.getByRole('checkbox', { name: 'Select cache-1' }).uncheck();
    await page.getByRole('checkbox', { name: 'Select web-1' }).check();
    await page.getByRole('checkbox', { name: 'Select mail-1' }).check();
    const gone = await api(`/api/collections/systems/records/${ids['mail-1']!}`, {
      method: 'DELETE',
      token: umaToken,
    });
    expect(gone.status).toBe(204);
    await page.getByRole('button', { name: /^Share selected/ }).click();
    const second = page.getByRole('dialog', { name: 'Share 2 records' });
    await second.getByLabel('Users and groups').fill('vera');
    await page.getByRole('option', { name: /^Vera Viewer/ }).click();
    await page.keyboard.press('Escape');
    await second.getByRole('button', { name: 'Share', exact: true }).click();
    const alert = second.getByRole('alert');
    await alert.getByText(`Records not found: ${ids['mail-1']!}.`).waitFor();
    expect(await alert.textContent()).toContain('Nothing was shared');
    expect(await checkScreen(page, 'bulk share refused')).toEqual([]);
    expect(await systemsOf(VERA)).toEqual(['cache-1', 'db-1']);
    await page.close();
  });
});
