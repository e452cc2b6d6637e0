// `npm run screenshots`: the main screens of the web UI, taken from a fresh build and a fresh server,
// into docs/screenshots/ (light and dark, 1440 px and 390 px wide). Look at them after a UI change.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildUi, chromiumPath, launchBrowser, newPage, startGatehouse } from './browser.js';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };

const executable = chromiumPath();
if (!executable) {
  console.error('No Chromium found: apt-get install -y chromium (or set GATEHOUSE_CHROMIUM).');
  process.exit(1);
}

const ui = await buildUi();
const server = await startGatehouse(ui.dir);
const browser = await launchBrowser(executable);
const taken: string[] = [];

/** Takes `name`; a dialog's overlay covers only the viewport, so `fullPage: false` for one. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.waitForTimeout(200);
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  taken.push(path.relative(process.cwd(), file));
}

/** Takes `name` at 1440 px light, 1440 px dark and 390 px light. */
async function shots(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-390`);
  await page.setViewportSize({ width: 1440, height: 900 });
}

const heading = (page: Page, name: string) =>
  page.getByRole('heading', { name, level: 1 }).waitFor();

try {
  fs.mkdirSync(OUT, { recursive: true });
  const { page, problems } = await newPage(browser);
  const base = server.url;

  await page.goto(`${base}/`);
  await heading(page, 'Set up Gatehouse');
  await shots(page, 'first-run');
  await page.getByLabel('Name').fill(ADA.name);
  await page.getByLabel('Email').fill(ADA.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(ADA.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await heading(page, `Welcome, ${ADA.name}`);
  await shots(page, 'home');

  await page.goto(`${base}/account`);
  await heading(page, 'Account Settings');
  await shots(page, 'account');
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: 'Sign out everywhere else' }).waitFor();
  await shots(page, 'account-sessions');
  await page.getByRole('tab', { name: 'API Tokens' }).click();
  await page.getByRole('button', { name: 'Generate Token' }).click();
  await page.getByLabel('Token name').fill('Jenkins CI Bot');
  await shot(page, 'generate-token');
  await page.getByRole('dialog').getByRole('button', { name: 'Generate Token' }).click();
  await page.getByText('Copy this token now').waitFor();
  await shot(page, 'token-secret');
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('cell', { name: 'Jenkins CI Bot', exact: true }).waitFor();
  await shots(page, 'account-tokens');

  // Records: a few systems (made over the API as Ada), the list, and the form.
  const auth = await fetch(`${base}/api/collections/users/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: ADA.email, password: ADA.password }),
  });
  const { token } = (await auth.json()) as { token: string };
  const SYSTEMS = [
    { name: 'web-1', host: 'web-1.example.com', port: 443, status: 'up' },
    { name: 'db-primary', host: '10.0.4.12', port: 5432, status: 'up' },
    { name: 'build-agent-3', host: 'ci-3.internal', port: 22, status: 'paused' },
    { name: 'legacy-mail', host: 'mail.old.example.com', port: 25, status: 'down' },
  ];
  const post = async (url: string, body: unknown, as = token) =>
    (await (
      await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: as },
        body: JSON.stringify(body),
      })
    ).json()) as { id: string; token: string };
  const ids: Record<string, string> = {};
  for (const system of SYSTEMS) {
    ids[system.name] = (await post('/api/collections/systems/records', system)).id;
  }
  // Sharing: a nested group with a member, and web-1 shared with a person and the parent group.
  const su = (
    await post('/api/collections/_superusers/auth-with-password', {
      identity: ADA.email,
      password: ADA.password,
    })
  ).token;
  const roles = (await (
    await fetch(`${base}/api/collections/roles/records?perPage=100`, {
      headers: { authorization: su },
    })
  ).json()) as { items: { id: string; name: string }[] };
  const senior = roles.items.find((r) => r.name === 'Senior Consultant')!.id;
  const team = (
    await post('/api/collections/groups/records', { name: 'Security Team', roles: [senior] }, su)
  ).id;
  const seniors = (
    await post('/api/collections/groups/records', { name: 'Senior Consultants', parent: team }, su)
  ).id;
  const people: string[] = [];
  for (const [name, groups] of [
    ['Sam Senior', [seniors]],
    ['Uma User', []],
  ] as const) {
    const email = `${name.split(' ')[0]!.toLowerCase()}@example.com`;
    const password = `${email}-password`;
    const made = await post(
      '/api/collections/users/records',
      { name, email, password, passwordConfirm: password, role: 'user', groups },
      su,
    );
    people.push(made.id);
  }
  await post('/api/collections/systems/share', {
    records: [ids['web-1']],
    add: { users: [people[1]], groups: [team] },
  });
  await page.goto(`${base}/records/systems?sort=name`);
  await heading(page, 'Systems');
  await page.getByRole('link', { name: 'web-1' }).first().waitFor();
  await shots(page, 'records');
  await page.getByRole('button', { name: 'Share web-1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  await dialog.getByText('via group Security Team / Senior Consultants').waitFor();
  await shots(page, 'share');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'New system' }).click();
  await heading(page, 'New system');
  await page.getByRole('button', { name: 'Create system' }).click();
  await page.getByText('Missing required value.').first().waitFor();
  await shots(page, 'record-form');

  // Admin: the access review and the audit log (Ada holds the admin role).
  await page.goto(`${base}/admin/access-review`);
  await heading(page, 'Access Review');
  await page.getByRole('button', { name: 'Complete review' }).waitFor();
  await shots(page, 'access-review');
  await page.goto(`${base}/admin/audit`);
  await heading(page, 'Audit Log');
  await page.getByRole('button', { name: 'Verify chain' }).waitFor();
  await shots(page, 'audit-log');

  // Admin > Users & Access: the users list, Create User, a user's effective permissions and the explain path, a role's matrix.
  await page.goto(`${base}/admin/users?sort=name`);
  await page.getByRole('table', { name: 'Users' }).getByText('Sam Senior').waitFor();
  await shots(page, 'users');
  await page.getByRole('link', { name: 'Create User' }).click();
  await page.getByRole('textbox', { name: 'Full Name' }).waitFor();
  await shots(page, 'create-user');
  await page.goto(`${base}/admin/users/${people[0]!}?tab=permissions`);
  await page.getByText('Effective level:').waitFor();
  await shots(page, 'user-permissions');
  await page.getByRole('button', { name: 'Yes: projects.edit held (shared). Why?' }).click();
  await page.getByRole('dialog', { name: 'Why Sam Senior has projects.edit' }).waitFor();
  await shot(page, 'user-explain', false);
  await page.keyboard.press('Escape');
  await page.goto(`${base}/admin/roles`);
  await page.getByRole('table', { name: 'Roles' }).waitFor();
  await page.getByText('Level 2 · Manager').first().waitFor();
  await shots(page, 'roles');
  await page.getByRole('link', { name: 'Senior Consultant', exact: true }).click();
  await page.getByRole('heading', { name: 'Senior Consultant', level: 2 }).waitFor();
  await shots(page, 'role-editor');

  // Groups: the tree with Security Team open on Senior Consultants, its Roles tab.
  await page.goto(`${base}/admin/groups?group=${seniors}`);
  await page.getByRole('heading', { name: 'Senior Consultants', level: 2 }).waitFor();
  await page.getByRole('tree', { name: 'Groups' }).waitFor();
  await shots(page, 'groups');
  await page.getByRole('tab', { name: 'Roles' }).click();
  await page.getByText('Senior Consultant').first().waitFor();
  await shot(page, 'group-roles');

  // Import Users: the review of a dry run, one row refused with its reason.
  await page.goto(`${base}/admin/users/import`);
  await page.getByRole('heading', { name: 'Import Users', level: 2 }).waitFor();
  await page.getByRole('button', { name: 'Next: upload the file' }).click();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'CSV file' }).click(),
  ]);
  await chooser.setFiles({
    name: 'users.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'name,email,groups,role,password\n' +
        'John Smith,john.smith@example.com,Security Team/Senior Consultants,user,\n' +
        'Jane Doe,jane.doe@example.com,Security Team,readonly,\n' +
        'Sam Senior,sam@example.com,Security Team/Senior Consultants,user,\n' +
        'Nia Newton,nia@example.com,Red Team,user,\n',
    ),
  });
  await page.getByRole('table', { name: /First rows of the file/ }).waitFor();
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await page.getByRole('table', { name: 'Rows of the dry run' }).waitFor();
  await page.getByText(/Unknown group "Red Team"/).waitFor();
  await shots(page, 'import-review');

  // Service accounts: the seed's Jenkins CI Bot in the Automation group, with a token.
  const bot = await post('/api/service-accounts', {
    name: 'Jenkins CI Bot',
    description: 'Builds and deploys from the CI server',
    groups: [team],
  });
  await post(`/api/service-accounts/${bot.id}/tokens`, { name: 'Nightly deploy' });
  await page.goto(`${base}/admin/service-accounts`);
  await page.getByRole('link', { name: 'Jenkins CI Bot' }).first().waitFor();
  await shots(page, 'service-accounts');
  await page.goto(`${base}/admin/service-accounts/${bot.id}`);
  await page.getByRole('heading', { name: 'Jenkins CI Bot', level: 2 }).waitFor();
  await page.getByRole('tab', { name: 'API Tokens' }).click();
  await page.getByText('Nightly deploy').first().waitFor();
  await shots(page, 'service-account-tokens');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(ADA.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await shots(page, 'sign-in-error');

  await page.goto(`${base}/_/`);
  await heading(page, 'Sign in to the console');
  await shots(page, 'console-sign-in');
  await page.getByLabel('Email').fill(ADA.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(ADA.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'Console');
  await shots(page, 'console');

  if (problems.length) throw new Error(`browser console errors:\n${problems.join('\n')}`);
  console.log(`Wrote ${taken.length} screenshots:\n  ${taken.join('\n  ')}`);
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(ui.dir, { recursive: true, force: true });
}
