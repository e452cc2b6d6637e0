// E2E (issue 16, item 7): Admin > Users & Access > Import Users, from the seed's steps — download
// the template CSV, fill it in, upload it, review and confirm — then the invitation link: opened in
// a fresh browser, the new user sets a password and signs in. Also: the dry run's rows filtered by
// what they would do, an option changed and the dry run changing with it, a server refusal shown in
// its words, an old /#/ link still working, a 5,000-row file with progress, the screen hidden from a
// manager without admin.import, and axe (light and dark, 390 and 1440 px) on every step.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  apiOf,
  checkScreen,
  chromiumPath,
  signInAs,
  startGatehouse,
  type Account,
} from './browser.js';
import { browserSuite, eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const PAM = { name: 'Pam Manager', email: 'pam@example.com', password: 'pam-password-123' };
const OLGA = { name: 'Olga Old', email: 'olga@example.com', password: 'olga-password-123' };
const SAME = { name: 'Sam Same', email: 'sam@example.com', password: 'sam-password-123' };

/** The seed's example rows, an existing user renamed, one unchanged, one in an unknown group. */
const CSV =
  'name,email,groups\r\n' +
  'John Smith,john.smith@example.com,"Security Team/Senior Consultants,Managers"\r\n' +
  'Jane Doe,jane.doe@example.com,Managers\r\n' +
  'Olga Renamed,olga@example.com,\r\n' +
  'Sam Same,sam@example.com,\r\n' +
  'Nia New,nia@example.com,Red Team\r\n';

/** A fresh server: Ada (admin); groups Security Team > Senior Consultants and Managers; Olga and
 * Sam (users); Pam, a Project Manager (users.manage without admin.import). */
async function world(uiDir: string) {
  const server = await startGatehouse(uiDir);
  const api = apiOf(server.url);
  expect((await api('/api/setup', { method: 'POST', body: ADA })).status).toBe(200);
  const su = (
    (
      await api('/api/collections/_superusers/auth-with-password', {
        method: 'POST',
        body: { identity: ADA.email, password: ADA.password },
      })
    ).json as { token: string }
  ).token;
  const create = async (collection: string, body: object) => {
    const created = await api(`/api/collections/${collection}/records`, {
      method: 'POST',
      token: su,
      body,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    return created.json as { id: string };
  };
  const team = await create('groups', { name: 'Security Team' });
  await create('groups', { name: 'Senior Consultants', parent: team.id });
  await create('groups', { name: 'Managers' });
  for (const [who, role] of [
    [OLGA, 'user'],
    [SAME, 'user'],
    [PAM, 'Project Manager'],
  ] as const)
    await create('users', { ...who, passwordConfirm: who.password, role });
  const user = async (email: string) => {
    const list = await api(
      `/api/collections/users/records?filter=${encodeURIComponent(`email="${email}"`)}&expand=groups`,
      { token: su },
    );
    return (list.json as { items: { id: string; name: string; groups: string[] }[] }).items[0];
  };
  return { server, api, su, user };
}

describe.skipIf(!CHROMIUM)('e2e: import users', () => {
  const suite = browserSuite(world);
  const { openWithContext: open, shot } = suite;
  /** Chooses `csv` in the upload step's file input, as a user picks a file. */
  const choose = async (page: Page, name: string, csv: string) => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'CSV file' }).click(),
    ]);
    await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  };
  const status = (page: Page) => page.getByRole('status').filter({ hasText: / rows?: / });
  /** The review's filter: its segment clicked (the radio inside is visually hidden). */
  const filter = (page: Page, label: string) => ({
    check: async () => {
      const group = page.getByRole('radiogroup', { name: 'Show rows' });
      await group.getByText(label, { exact: true }).click();
      expect(await group.getByRole('radio', { name: label }).isChecked()).toBe(true);
    },
  });
  const rowsTable = (page: Page) => page.getByRole('table', { name: 'Rows of the dry run' });

  it('imports the seed’s CSV: template, upload, review, options, Confirm, invitation links', async () => {
    const { server, user } = suite.w;
    const { page, context } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    // The seed: Admin > Users & Access > Users > Import Users.
    await signInAs(page, server.url, ADA, '/admin/users');
    await page.getByRole('link', { name: 'Import Users' }).click();
    await page.waitForURL(/\/admin\/users\/import$/);
    await page.getByRole('heading', { name: 'Import Users', level: 2 }).waitFor();

    // 1. Download the template CSV: a file whose first line is the header the import reads.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /template/i }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('users-import-template.csv');
    const template = fs.readFileSync(await download.path(), 'utf8');
    expect(template.split(/\r?\n/)[0]).toBe('name,email,groups,role,password');
    expect(await checkScreen(page, 'import: template')).toEqual([]);
    await shot(page, 'template');

    // 2. Upload the completed CSV: the browser previews its first rows before anything is sent.
    await page.getByRole('button', { name: 'Next: upload the file' }).click();
    await choose(page, 'users.csv', CSV);
    const preview = page.getByRole('table', { name: /First rows of the file/ });
    await preview
      .getByRole('cell', { name: 'Security Team/Senior Consultants,Managers' })
      .waitFor();
    expect(await preview.getByRole('row').count()).toBe(6);
    expect(await checkScreen(page, 'import: upload')).toEqual([]);
    await shot(page, 'upload');

    // 3. Review: the server's dry run with default options (skip existing, unknown group = error).
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await status(page)
      .filter({ hasText: '5 rows: 2 to create, 0 to update, 2 to skip, 1 with errors' })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Confirm', exact: true }).isDisabled()).toBe(
      true,
    );
    // Changing an option runs the dry run again: Olga is now an update, Sam stays a skip.
    await page.getByRole('radio', { name: /Update the account/ }).check();
    await status(page)
      .filter({ hasText: '5 rows: 2 to create, 1 to update, 1 to skip, 1 with errors' })
      .waitFor();
    // Filter the review by what each row does, with its reasons.
    await filter(page, 'Error (1)').check();
    await rowsTable(page).getByText('nia@example.com').waitFor();
    await rowsTable(page)
      .getByText(/Unknown group "Red Team"/)
      .waitFor();
    // The rows of the filter are fetched; until then the previous rows (Nia's among them) stay.
    await eventually(() => rowsTable(page).getByRole('row').count()).toBe(2);
    expect(await checkScreen(page, 'import: review with errors')).toEqual([]);
    await shot(page, 'review-errors');
    await filter(page, 'Update (1)').check();
    await rowsTable(page).getByText('olga@example.com').waitFor();
    await rowsTable(page).getByText('changes name').waitFor();
    await filter(page, 'Skip (1)').check();
    await rowsTable(page).getByText('sam@example.com').waitFor();
    await rowsTable(page).getByText('exists, no changes').waitFor();
    await filter(page, 'Create (2)').check();
    await rowsTable(page).getByText('john.smith@example.com').waitFor();
    expect(await rowsTable(page).getByText('gets an invitation link').count()).toBe(2);
    // Create unknown groups: Nia's row is fine now, and Confirm is offered.
    await page.getByRole('radio', { name: 'Create the group' }).check();
    await status(page)
      .filter({ hasText: '5 rows: 3 to create, 1 to update, 1 to skip, 0 with errors' })
      .waitFor();
    await filter(page, 'All (5)').check();
    await rowsTable(page).getByText('creates group "Red Team"').waitFor();
    expect(await checkScreen(page, 'import: review')).toEqual([]);
    await shot(page, 'review');

    // 4. Confirm: the results, with the invitation links of the three new users.
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByText('Created 3 users, updated 1, skipped 1. New groups: Red Team.').waitFor();
    const links = page.getByRole('list', { name: 'Invitation links' });
    expect(await links.getByRole('listitem').count()).toBe(3);
    expect(await checkScreen(page, 'import: results')).toEqual([]);
    await shot(page, 'results');
    expect(await user('olga@example.com')).toMatchObject({ name: 'Olga Renamed' });
    const john = await user('john.smith@example.com');
    expect(john?.groups).toHaveLength(2);

    // Copy John's link (the clipboard holds it), and keep Jane's for the old-style link below.
    await page.getByRole('button', { name: 'Copy link for john.smith@example.com' }).click();
    await page.getByRole('button', { name: 'Copied for john.smith@example.com' }).waitFor();
    const johnLink = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(johnLink).toMatch(new RegExp(`^${server.url}/invitation/[\\w.-]+$`));
    const janeLink =
      (await links
        .getByRole('listitem')
        .filter({ hasText: 'jane.doe@example.com' })
        .locator('pre, code')
        .first()
        .textContent()) ?? '';
    expect(janeLink).toMatch(/\/invitation\//);

    // The link in a fresh browser: whom it invites, a password set, signed in.
    const fresh = await open();
    await fresh.page.goto(johnLink);
    await fresh.page.getByRole('heading', { name: 'Welcome, John Smith' }).waitFor();
    await fresh.page.getByText('john.smith@example.com').first().waitFor();
    expect(await checkScreen(fresh.page, 'invitation')).toEqual([]);
    await shot(fresh.page, 'invitation');
    await fresh.page.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
    await fresh.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await fresh.page
      .getByText(/At least \d+ characters|must be at least/i)
      .first()
      .waitFor();
    await fresh.page
      .getByRole('textbox', { name: 'Password', exact: true })
      .fill('john-new-pass-1');
    // By keyboard: the confirmation typed, Enter submits.
    await fresh.page.getByRole('textbox', { name: 'Confirm password' }).fill('john-new-pass-1');
    await fresh.page.keyboard.press('Enter');
    // Signed in: the hub's home page greets him (the invitation page's heading is gone).
    await fresh.page.waitForURL((url) => url.pathname === '/');
    await fresh.page.getByRole('heading', { name: 'Welcome, John Smith', level: 1 }).waitFor();
    await fresh.page
      .getByRole('button', { name: 'Set password and sign in' })
      .waitFor({ state: 'detached' });
    await fresh.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Account Settings' })
      .waitFor();

    // The link works once: opened again it says so, plainly.
    const again = await open();
    await again.page.goto(johnLink);
    await again.page.getByText('This invitation link cannot be used').waitFor();
    await again.page.getByText('Invalid, used or expired invitation.').waitFor();
    expect(await checkScreen(again.page, 'invitation: used')).toEqual([]);
    await shot(again.page, 'invitation-used');

    // John signs in through the sign-in page with the password he chose.
    const signed = await open();
    await signInAs(
      signed.page,
      server.url,
      {
        name: 'John Smith',
        email: 'john.smith@example.com',
        password: 'john-new-pass-1',
      } satisfies Account,
      '/account',
    );
    await signed.page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();

    // A link in the old form (/#/invitation/<token>) opens the same page.
    const token = janeLink.split('/invitation/')[1] ?? '';
    const old = await open();
    await old.page.goto(`${server.url}/#/invitation/${token}`);
    await old.page.getByRole('heading', { name: 'Welcome, Jane Doe' }).waitFor();
    expect(new URL(old.page.url()).pathname).toBe(`/invitation/${token}`);
  }, 180_000);

  it('shows the server’s refusal of a file in its words, and a 5,000-row file with progress', async () => {
    const { server, api, su } = suite.w;
    const { page } = await open();
    await signInAs(page, server.url, ADA, '/admin/users/import');
    // By keyboard: Next, the file picker opened with Enter, Review pressed with Enter.
    await page.getByRole('button', { name: 'Next: upload the file' }).focus();
    await page.keyboard.press('Enter');
    // The new step's heading takes the focus; Tab goes on to the file input.
    await eventually(() =>
      page.evaluate<string | null>('document.activeElement?.textContent ?? null'),
    ).toBe('Step 2 of 4: upload it');
    // (Listening for the chooser first: the browser must be told to hand it over before Enter.)
    const chosen = page.waitForEvent('filechooser');
    await page.keyboard.press('Tab');
    await eventually(() =>
      page.evaluate<string | null>('document.activeElement?.textContent ?? null'),
    ).toBe('Choose a .csv file');
    await page.keyboard.press('Enter');
    const chooser = await chosen;
    // A spreadsheet saved with semicolons: refused, with the server's reason.
    await chooser.setFiles({
      name: 'semicolons.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name;email\nAl;al@example.com\n'),
    });
    await page.getByRole('table', { name: /First rows of the file/ }).waitFor();
    await page.getByRole('button', { name: 'Review', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .getByText(/separates columns with semicolons/)
      .waitFor();
    expect(await checkScreen(page, 'import: refused')).toEqual([]);

    // 5,000 rows: the upload and the confirm show progress, then the results (paged links).
    const rows = Array.from({ length: 5000 }, (_, i) => `Bulk ${i},bulk${i}@example.com,Managers`);
    await choose(page, 'bulk.csv', `name,email,groups\n${rows.join('\n')}\n`);
    await page.getByText('The first 5 rows; the server reads and checks them all.').waitFor();
    // Slow the answers a little so the progress is seen whatever the machine's speed.
    await page.route(/\/api\/users\/import(\?|\/[^/]+\/confirm)/, async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page.getByRole('progressbar').waitFor();
    await shot(page, 'progress');
    await status(page)
      .filter({ hasText: '5,000 rows: 5,000 to create, 0 to update, 0 to skip, 0 with errors' })
      .waitFor({ timeout: 60_000 });
    // The new step's heading has the focus (the Review button pressed is gone).
    await eventually(() =>
      page.evaluate<string | null>('document.activeElement?.textContent ?? null'),
    ).toBe('Step 3 of 4: review the dry run');
    // The review pages the rows on the server: 50 at a time.
    await page.getByText('Page 1 of 100 (5,000 rows)').waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await rowsTable(page).getByText('bulk50@example.com').waitFor();
    // The filter by keyboard: arrows move between its segments.
    const show = page.getByRole('radiogroup', { name: 'Show rows' });
    await show.getByRole('radio', { name: 'All (5,000)' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await show.getByRole('radio', { name: 'Create (5,000)' }).isChecked()).toBe(true);
    await page.getByText('Page 1 of 100 (5,000 rows)').waitFor();
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByRole('progressbar').waitFor();
    await page.getByText(/Importing 5000 users/).waitFor();
    await page.getByText('Created 5,000 users, updated 0, skipped 0.').waitFor({ timeout: 90_000 });
    await page.getByRole('heading', { name: 'Invitation links (5,000)' }).waitFor();
    await page.getByText('Page 1 of 250 (5,000 links)').waitFor();
    const count = await api('/api/collections/users/records?perPage=1&filter=email~"bulk"', {
      token: su,
    });
    expect((count.json as { totalItems: number }).totalItems).toBe(5000);

    // A file over the size limit (setting imports.maxBytes): the server's reason, not a network error.
    const limit = { imports: { maxBytes: 64 * 1024 } };
    expect((await api('/api/settings', { method: 'PATCH', token: su, body: limit })).status).toBe(
      200,
    );
    await page.unroute(/\/api\/users\/import/);
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('button', { name: 'Next: upload the file' }).click();
    const big = Array.from({ length: 20_000 }, (_, i) => `Big ${i},big${i}@example.com`);
    await choose(page, 'big.csv', `name,email\n${big.join('\n')}\n`);
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/larger than the import limit of 65536 bytes/)
      .waitFor();
    const back = { imports: { maxBytes: 32 * 1024 * 1024 } };
    expect((await api('/api/settings', { method: 'PATCH', token: su, body: back })).status).toBe(
      200,
    );
  }, 240_000);

  it('sends a session that ended before the upload to sign-in, as every hub call does', async () => {
    const { server, api } = suite.w;
    const { page } = await open();
    await signInAs(page, server.url, ADA, '/admin/users/import');
    await page.getByRole('button', { name: 'Next: upload the file' }).click();
    await choose(page, 'users.csv', 'name,email\nLee,lee@example.com\n');
    // Ada signs out everywhere else from another device: this browser's session ends.
    const other = (
      (
        await api('/api/collections/users/auth-with-password', {
          method: 'POST',
          body: { identity: ADA.email, password: ADA.password },
        })
      ).json as { token: string }
    ).token;
    expect((await api('/api/sessions', { method: 'DELETE', token: other })).status).toBe(200);
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page.waitForURL(/\/sign-in\?/);
    expect(new URL(page.url()).searchParams.get('reason')).toBe('expired');
  }, 60_000);

  it('is not offered to a manager without admin.import; the server refuses them too', async () => {
    const { server, api } = suite.w;
    const { page } = await open();
    await signInAs(page, server.url, PAM, '/admin/users/import');
    await page
      .getByText('Importing users needs admin.users.manage and admin.import; ask an administrator.')
      .waitFor();
    expect(await page.getByRole('button', { name: /template/i }).count()).toBe(0);
    expect(await checkScreen(page, 'import: not allowed')).toEqual([]);
    const token = (
      (
        await api('/api/collections/users/auth-with-password', {
          method: 'POST',
          body: { identity: PAM.email, password: PAM.password },
        })
      ).json as { token: string }
    ).token;
    const res = await fetch(`${server.url}/api/users/import`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'text/csv' },
      body: 'name,email\nX,x@example.com\n',
    });
    expect(res.status).toBe(403);
  }, 60_000);
});
