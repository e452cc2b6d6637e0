// E2E (issue 16, item 8): Admin > Users & Access > Service Accounts, from the seed's "dedicated
// service account user" with minimal permissions and a token. An admin creates "Jenkins CI Bot"
// (owner, groups, role; a refused field shows the server's words), edits it (Save Changes),
// generates its API token (the secret shown once, then working against the API), revokes it (then
// refused), disables the account (its token refused), and deletes it after typing its name. The
// list is server-paged and searched; a role change shows who gains what before saving. Its owner
// edits name and description and makes tokens; someone who may only view sees no edit controls;
// someone without the grant does not see the section. axe in light and dark, 390 px and 1440 px.
import { describe, expect, it } from 'vitest';
import {
  type Account,
  apiOf,
  checkScreen,
  chromiumPath,
  describedBy,
  signInAs,
  startGatehouse,
} from './browser.js';
import { browserSuite, eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const person = (name: string): Account => ({
  name,
  email: `${name.toLowerCase()}@example.com`,
  password: `${name.toLowerCase()}-password-123`,
});
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const OLIVE = person('Olive');
const BOB = person('Bob');
const VIC = person('Vic');
const BOT = 'Jenkins CI Bot';
/** Other service accounts, so the list has a second page (25 a page). */
const FILLER = 30;

type Api = ReturnType<typeof apiOf>;

interface Sa {
  id: string;
  name: string;
  description: string;
  ownerId: string | null;
  role: string;
  groups: string[];
  status: string;
}

/**
 * A fresh server: Ada (admin); Olive (user), the bot's owner to be; Bob (user, no admin grant);
 * Vic (admin:users.view only). Role "CI Runner" (level 4: systems view); groups Automation → CI.
 * 30 service accounts "Scanner 1…30" made through the API.
 */
async function world(uiDir: string) {
  const server = await startGatehouse(uiDir);
  const api = apiOf(server.url);
  const ok = async (path: string, init: Parameters<Api>[1]) => {
    const res = await api(path, init);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json as { id: string; token: string; record: { id: string } };
  };
  const signIn = (collection: string, who: Account) =>
    ok(`/api/collections/${collection}/auth-with-password`, {
      method: 'POST',
      body: { identity: who.email, password: who.password },
    });
  expect((await api('/api/setup', { method: 'POST', body: ADA })).status).toBe(200);
  const su = (await signIn('_superusers', ADA)).token;
  const record = (collection: string, body: object) =>
    ok(`/api/collections/${collection}/records`, { method: 'POST', token: su, body });
  await record('roles', {
    name: 'CI Runner',
    level: 4,
    permissions: { systems: { actions: ['view'], scope: 'all' } },
  });
  await record('roles', {
    name: 'User Viewer',
    level: 3,
    permissions: { admin: { actions: ['users.view'], scope: 'all' } },
  });
  const automation = (await record('groups', { name: 'Automation' })).id;
  const ci = (await record('groups', { name: 'CI', parent: automation })).id;
  const ids: Record<string, string> = {};
  for (const [who, role] of [
    [OLIVE, 'user'],
    [BOB, 'user'],
    [VIC, 'User Viewer'],
  ] as const) {
    ids[who.name] = (
      await record('users', {
        ...who,
        passwordConfirm: who.password,
        role,
        emailVisibility: true,
      })
    ).id;
  }
  const ada = await signIn('users', ADA);
  ids.Ada = ada.record.id;
  for (let n = 1; n <= FILLER; n++)
    await ok('/api/service-accounts', {
      method: 'POST',
      token: ada.token,
      body: { name: `Scanner ${String(n)}`, description: 'Nightly scan' },
    });
  await record('systems', { name: 'build-01', host: 'build-01.example.com' });
  return { server, api, su, ada: ada.token, ids, groups: { automation, ci } };
}

describe.skipIf(!CHROMIUM)('e2e: admin service accounts', () => {
  const suite = browserSuite(world);
  const { open, shot } = suite;
  /** The bot made in the first test, used by the next ones. */
  let bot: Sa | undefined;

  const saOf = async (id: string) =>
    suite.w.api(`/api/service-accounts/${id}`, { token: suite.w.ada });
  /** What a token may read: the systems list (the CI Runner role's grant). */
  const systemsWith = (secret: string) =>
    suite.w.api('/api/collections/systems/records', { token: `Bearer ${secret}` });
  /** 200 while the token acts as the bot, 401 once it is dead (a list would answer a guest). */
  const tokenStatus = async (secret: string) =>
    (await suite.w.api('/api/access/me', { token: `Bearer ${secret}` })).status;

  it('creates "Jenkins CI Bot" with an owner, groups and a role (Save)', async () => {
    const { server, ids, groups } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/admin/service-accounts');
    // Server-paged: 30 accounts, 25 on the first page.
    await page.getByText(`${String(FILLER)} service accounts, page 1 of 2`).waitFor();
    expect(await page.getByRole('link', { name: /^Scanner \d+$/ }).count()).toBe(25);
    expect(await checkScreen(page, 'service accounts list')).toEqual([]);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(`${String(FILLER)} service accounts, page 2 of 2`).waitFor();
    expect(await page.getByRole('link', { name: /^Scanner \d+$/ }).count()).toBe(FILLER - 25);

    await page.getByRole('link', { name: 'Create Service Account' }).click();
    await page.getByRole('heading', { name: 'Create Service Account' }).waitFor();
    const name = page.getByRole('textbox', { name: 'Name' });
    // The server's refusal shows on its field (a name longer than 255 characters).
    await name.fill('J'.repeat(256));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(name)).toMatch(/255/);

    await name.fill(BOT);
    // The refusal was about the name sent: it goes once the form changes.
    expect(await page.getByRole('alert').filter({ hasText: 'Not saved' }).count()).toBe(0);
    await page.getByLabel('Description').fill('Builds and deploys from Jenkins.');
    const owner = page.getByRole('combobox', { name: 'Owner' });
    await owner.click();
    await owner.fill('oliv');
    await page.getByRole('option', { name: 'Olive (olive@example.com)' }).click();
    await page.getByRole('combobox', { name: 'Groups' }).fill('CI');
    await page.getByRole('option', { name: 'Automation / CI' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'CI Runner (level 4)' }).click();
    expect(await checkScreen(page, 'create service account')).toEqual([]);
    await shot(page, 'sa-create');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`${BOT} was created.`).waitFor();
    await page.getByRole('heading', { name: BOT, level: 2 }).waitFor();
    const id = /\/admin\/service-accounts\/([a-z0-9]+)$/.exec(page.url())?.[1];
    expect(id).toBeTruthy();
    const created = await saOf(id!);
    expect(created.status).toBe(200);
    bot = created.json as Sa;
    expect(bot).toMatchObject({
      name: BOT,
      description: 'Builds and deploys from Jenkins.',
      ownerId: ids.Olive,
      groups: [groups.ci],
      role: 'CI Runner',
      status: 'active',
    });

    // Back in the list, searched on the server: the bot with its owner, group path and role.
    await page.getByRole('link', { name: '← All service accounts' }).click();
    await page.getByRole('searchbox', { name: 'Search service accounts' }).fill('jenkins');
    await page.getByText('1 service account', { exact: true }).waitFor();
    const row = page.getByRole('row').filter({ hasText: BOT });
    await row.getByText('Olive').waitFor();
    await row.getByText('Automation / CI').waitFor();
    await row.getByText('CI Runner').waitFor();
    await row.getByText('0 tokens').waitFor();
    expect(await checkScreen(page, 'service accounts searched')).toEqual([]);
    await shot(page, 'sa-list');
  }, 120_000);

  it('edits it and saves the changes (Save Changes)', async () => {
    const page = await open();
    await signInAs(page, suite.w.server.url, ADA, `/admin/service-accounts/${bot!.id}`);
    const save = page.getByRole('button', { name: 'Save Changes' });
    await save.waitFor();
    expect(await save.isDisabled()).toBe(true);
    // A role change shows who gains what before it is saved; discarding it leaves nothing to save.
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'User Viewer (level 3)' }).click();
    await page.getByText('Before you save').waitFor();
    await page.getByText('1 user gains admin.users.view (all) — Jenkins CI Bot').waitFor();
    await page.getByText('1 user loses systems.view (all) — Jenkins CI Bot').waitFor();
    expect(await checkScreen(page, 'service account what-if')).toEqual([]);
    await shot(page, 'sa-what-if');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await save.isDisabled()).toBe(true);

    await page.getByLabel('Description').fill('Builds, tests and deploys.');
    await save.click();
    await page.getByText('Changes saved.').waitFor();
    expect((await saOf(bot!.id)).json as Sa).toMatchObject({
      description: 'Builds, tests and deploys.',
      role: 'CI Runner',
    });
    expect(await checkScreen(page, 'service account details')).toEqual([]);
    await shot(page, 'sa-details');
  }, 120_000);

  it('generates a token shown once, which works, then revokes it (refused after)', async () => {
    const page = await open();
    await signInAs(page, suite.w.server.url, ADA, `/admin/service-accounts/${bot!.id}`);
    await page.getByRole('tab', { name: 'API Tokens' }).click();
    await page.getByText('No API tokens.').waitFor();
    await page.getByRole('button', { name: 'Generate Token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate Token' });
    // The scopes offered are what the account holds (its CI Runner role), not what Ada holds.
    await dialog.getByRole('textbox', { name: /^Token name/ }).fill('Jenkins build');
    await dialog.getByRole('combobox', { name: /^Scopes/ }).click();
    await page.getByRole('option', { name: 'systems:view' }).waitFor();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['systems:view']);
    await page.keyboard.press('Escape');
    expect(await checkScreen(page, 'generate token dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Generate Token' }).click();
    const shown = page.getByRole('dialog', { name: 'The new API token' });
    await shown.getByText('Copy this token now').waitFor();
    const secret = (await shown.getByLabel('New API token').innerText()).trim();
    expect(secret).toMatch(/^gth_/);
    await shown.getByRole('button', { name: 'Copy token' }).waitFor();
    expect(await checkScreen(page, 'token secret dialog')).toEqual([]);
    await shot(page, 'sa-token-secret');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    // Shown once: gone from the page, the list shows only its prefix.
    await page.getByRole('button', { name: 'Revoke token Jenkins build' }).waitFor();
    expect(await page.content()).not.toContain(secret);

    // It acts as the bot: the CI Runner role reads systems.
    const works = await systemsWith(secret);
    expect(works.status, JSON.stringify(works.json)).toBe(200);
    expect((works.json as { items: { name: string }[] }).items.map((s) => s.name)).toEqual([
      'build-01',
    ]);
    expect(await checkScreen(page, 'service account tokens')).toEqual([]);
    await shot(page, 'sa-tokens');

    await page.getByRole('button', { name: 'Revoke token Jenkins build' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “Jenkins build”?' });
    await confirm.getByText(`as ${BOT} stops working at once`).waitFor();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('Token revoked.').waitFor();
    await page.getByText('No API tokens.').waitFor();
    expect(await tokenStatus(secret)).toBe(401);
  }, 120_000);

  it('disables it: its tokens stop working (and enables it again)', async () => {
    const { api, ada } = suite.w;
    const minted = await api(`/api/service-accounts/${bot!.id}/tokens`, {
      method: 'POST',
      token: ada,
      body: { name: 'Nightly' },
    });
    expect(minted.status).toBe(200);
    const secret = (minted.json as { token: string }).token;
    expect(await tokenStatus(secret)).toBe(200);

    const page = await open();
    await signInAs(page, suite.w.server.url, ADA, `/admin/service-accounts/${bot!.id}`);
    await page.getByText('its API tokens stop working at once').first().waitFor();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Disable ${BOT}?` });
    await dialog.getByText('revoked for good').waitFor();
    expect(await checkScreen(page, 'disable dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await page.getByText(`${BOT} was disabled; 1 token revoked.`).waitFor();
    await page.locator('.mantine-Badge-root', { hasText: 'Disabled' }).waitFor();
    expect(await tokenStatus(secret)).toBe(401);
    expect(((await saOf(bot!.id)).json as Sa).status).toBe('disabled');
    // No new token while disabled: the button says why it is off.
    await page.getByRole('tab', { name: 'API Tokens' }).click();
    await page.getByText('enable it before generating a token').waitFor();
    expect(await page.getByRole('button', { name: 'Generate Token' }).isDisabled()).toBe(true);
    expect(await checkScreen(page, 'disabled service account')).toEqual([]);
    await shot(page, 'sa-disabled');

    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page
      .getByRole('dialog', { name: `Enable ${BOT}?` })
      .getByRole('button', { name: 'Enable' })
      .click();
    await page.getByText(`${BOT} was enabled.`).waitFor();
    expect(((await saOf(bot!.id)).json as Sa).status).toBe('active');
    // Enabling does not bring the revoked token back.
    expect(await tokenStatus(secret)).toBe(401);
  }, 120_000);

  it('shows a viewer no edit controls, and someone without the grant no section', async () => {
    const { server } = suite.w;
    const viewer = await open();
    await signInAs(viewer, server.url, VIC, '/admin/service-accounts');
    await viewer.getByRole('link', { name: BOT }).waitFor();
    expect(await viewer.getByRole('link', { name: 'Create Service Account' }).count()).toBe(0);
    await viewer.getByRole('link', { name: BOT }).click();
    await viewer.getByText('Changing service accounts needs admin.users.manage.').waitFor();
    expect(await viewer.getByRole('button', { name: 'Save Changes' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /Delete|Disable/ }).count()).toBe(0);
    await viewer.getByRole('tab', { name: 'API Tokens' }).click();
    await viewer.getByText('No API tokens.').waitFor();
    expect(await viewer.getByRole('button', { name: 'Generate Token' }).count()).toBe(0);
    expect(await checkScreen(viewer, 'service account read-only')).toEqual([]);
    await shot(viewer, 'sa-read-only');

    const bob = await open();
    await signInAs(bob, server.url, BOB, '/');
    const nav = bob.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Account Settings' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Users & Access' }).count()).toBe(0);
    expect(await nav.getByText('Admin', { exact: true }).count()).toBe(0);
    await bob.goto(`${server.url}/admin/service-accounts`);
    await bob.getByText('You see the service accounts you own.').waitFor();
    await bob.getByText('No service accounts yet.').waitFor();
    expect(await bob.getByRole('link', { name: 'Service Accounts' }).count()).toBe(0);
    expect(await bob.getByRole('link', { name: 'Create Service Account' }).count()).toBe(0);
  }, 120_000);

  it('shows its owner their account: name and description editable, tokens theirs to make', async () => {
    const page = await open();
    // Without admin grants the navigation has no Service Accounts: her API Tokens tab lists hers.
    await signInAs(page, suite.w.server.url, OLIVE, '/account?tab=tokens');
    const owned = page.getByRole('region', { name: 'Service accounts you own' });
    await owned.getByText('0 active tokens · never used').waitFor();
    expect(await page.getByRole('link', { name: 'Service Accounts' }).count()).toBe(0);
    expect(await checkScreen(page, 'service accounts you own')).toEqual([]);
    await shot(page, 'sa-owned');
    await owned.getByRole('link', { name: BOT }).click();
    await page.getByRole('button', { name: 'Save Changes' }).waitFor();
    // What gives it power is an administrator's: shown, not editable.
    expect(await page.getByRole('combobox', { name: 'Role' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Delete Service Account' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'API Tokens' }).click();
    await page.getByRole('button', { name: 'Generate Token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate Token' });
    await dialog.getByRole('textbox', { name: /^Token name/ }).fill('Olive laptop');
    await dialog.getByRole('button', { name: 'Generate Token' }).click();
    const shown = page.getByRole('dialog', { name: 'The new API token' });
    const secret = (await shown.getByLabel('New API token').innerText()).trim();
    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Revoke token Olive laptop' }).waitFor();
    expect(await tokenStatus(secret)).toBe(200);
    expect(await checkScreen(page, 'service account as its owner')).toEqual([]);
    await shot(page, 'sa-owner');
    // The list shows her only hers.
    await page.goto(`${suite.w.server.url}/admin/service-accounts`);
    await page.getByText('You see the service accounts you own.').waitFor();
    await page.getByText('1 service account', { exact: true }).waitFor();
  }, 120_000);

  it('deletes it after its name is typed, saying what is removed', async () => {
    const page = await open();
    await signInAs(page, suite.w.server.url, ADA, `/admin/service-accounts/${bot!.id}`);
    await page.getByRole('button', { name: 'Delete Service Account' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${BOT}?` });
    await dialog.getByText('Its API tokens: they are revoked and stop working at once.').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Confirm' });
    expect(await confirm.isDisabled()).toBe(true);
    // By keyboard: the dialog focuses the name field; Enter deletes only once it matches.
    const typed = dialog.getByLabel(`Type ${BOT} to confirm`);
    // The modal moves focus into itself on a timer: type once it has.
    await eventually(
      () => typed.and(page.locator(':focus')).count(),
      'the dialog focuses the name field',
    ).toBe(1);
    await page.keyboard.type('Jenkins');
    expect(await typed.inputValue()).toBe('Jenkins');
    await page.keyboard.press('Enter');
    expect(await confirm.isDisabled()).toBe(true);
    expect((await saOf(bot!.id)).status).toBe(200);
    await page.keyboard.type(' CI Bot');
    expect(await confirm.isDisabled()).toBe(false);
    expect(await checkScreen(page, 'delete service account dialog')).toEqual([]);
    await shot(page, 'sa-delete');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/service-accounts$/);
    await page.getByText(`${BOT} was deleted.`).waitFor();
    expect((await saOf(bot!.id)).status).toBe(404);
    await page.getByText(`${String(FILLER)} service accounts, page 1 of 2`).waitFor();
  }, 120_000);
});
