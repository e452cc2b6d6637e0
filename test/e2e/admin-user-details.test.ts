// E2E (issue 16, items 1, 2 and the user part of 5): Admin > Users & Access > a user. An admin
// edits a user (Save Changes; the audit entry), disables one (their session and token stop),
// deletes one (typed email), reads Alice's effective permissions through nested groups with the
// explain path, asks "Why can't they…?", and revokes a user's session and token. A manager editing
// an admin, and the last level-0 user demoting themself, see the server's refusal. The users list
// is another helper's screen: the details are opened by URL here. axe in light and dark, 390 px.
import { describe, expect, it } from 'vitest';
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
const person = (name: string, password = `${name.toLowerCase()}-password-123`): Account => ({
  name,
  email: `${name.toLowerCase()}@example.com`,
  password,
});
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const BOB = person('Bob');
const CAROL = person('Carol');
const ALICE = person('Alice');
const MAX = person('Max');
const ZED = person('Zed');
const VIC = person('Vic');

type Api = ReturnType<typeof apiOf>;

/** A fresh server: Ada (admin); Bob and Carol (user); Max (Project Manager, level 2); Zed, the
 * only level-0 user; Vic (admin:users.view only); Alice (readonly) in Organization → Security Team → Senior Consultants, where
 * Security Team holds role Lead (projects view + edit). Alice has a session and a token. */
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
    name: 'Super Admin',
    level: 0,
    permissions: { admin: { actions: ['users.view', 'users.manage'], scope: 'all' } },
  });
  await record('roles', {
    name: 'User Viewer',
    level: 3,
    permissions: { admin: { actions: ['users.view'], scope: 'all' } },
  });
  await record('roles', {
    name: 'Lead',
    level: 3,
    permissions: { projects: { actions: ['view', 'edit'], scope: 'shared' } },
  });
  const lead = (
    (await api(`/api/collections/roles/records?filter=${encodeURIComponent("name='Lead'")}`, {
      token: su,
    })) as { json: { items: { id: string }[] } }
  ).json.items[0]!.id;
  const org = (await record('groups', { name: 'Organization' })).id;
  const security = (await record('groups', { name: 'Security Team', parent: org, roles: [lead] }))
    .id;
  const seniors = (await record('groups', { name: 'Senior Consultants', parent: security })).id;
  const ids: Record<string, string> = {};
  for (const [who, role, groups] of [
    [BOB, 'user', []],
    [CAROL, 'user', []],
    [ALICE, 'readonly', [seniors]],
    [MAX, 'Project Manager', []],
    [ZED, 'Super Admin', []],
    [VIC, 'User Viewer', []],
  ] as const) {
    ids[who.name] = (
      await record('users', {
        ...who,
        passwordConfirm: who.password,
        role,
        groups,
        // Shown to the admins here whether or not directory readers see every email.
        emailVisibility: true,
      })
    ).id;
  }
  ids.Ada = (await signIn('users', ADA)).record.id;
  return { server, api, su, ids, groups: { org, security, seniors }, signIn };
}

describe.skipIf(!CHROMIUM)('e2e: admin user details', () => {
  const suite = browserSuite(world);
  const { open, shot } = suite;
  const userPage = (id: string, tab = 'details') => `/admin/users/${id}?tab=${tab}`;
  const me = (token: string) => suite.w.api('/api/access/me', { token });

  it('lets an admin modify a user and Save Changes, audited', async () => {
    const { server, api, su, ids, groups } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, userPage(ids.Bob!));
    await page.getByRole('heading', { name: 'Bob', level: 2 }).waitFor();
    await page.getByText('Active', { exact: true }).first().waitFor();
    const save = page.getByRole('button', { name: 'Save Changes' });
    expect(await save.isDisabled()).toBe(true);
    expect(await checkScreen(page, 'user details')).toEqual([]);
    await shot(page, 'details');

    await page.getByLabel('Full Name').fill('Bob Builder');
    await page.getByRole('combobox', { name: 'Groups' }).fill('Security');
    await page.getByRole('option', { name: 'Organization / Security Team' }).click();
    await page.keyboard.press('Escape');
    // Groups changed: who gains what, before saving (Lead through Security Team: level 4 → 3).
    await page.getByText('Before you save').waitFor();
    await page.getByText('1 user goes from level 4 to 3').waitFor();
    expect(await checkScreen(page, 'user details what-if')).toEqual([]);
    await shot(page, 'details-what-if');
    await save.click();
    await page.getByText('Changes saved.').waitFor();
    const bob = (await api(`/api/collections/users/records/${ids.Bob!}`, { token: su })).json as {
      name: string;
      groups: string[];
    };
    expect(bob).toMatchObject({ name: 'Bob Builder', groups: [groups.security] });
    const audit = (await api(`/api/audit?targetId=${ids.Bob!}&action=user.update`, { token: su }))
      .json as { items: { changes: Record<string, unknown> }[] };
    expect(audit.items[0]?.changes).toMatchObject({ name: ['Bob', 'Bob Builder'] });
    await page.getByRole('heading', { name: 'Bob Builder', level: 2 }).waitFor();
  }, 120_000);

  it('disables a user: their session and their token stop', async () => {
    const { server, api, ids, signIn } = suite.w;
    const carolSession = (await signIn('users', CAROL)).token;
    const minted = (await api('/api/tokens', {
      method: 'POST',
      token: carolSession,
      body: { name: 'Carol script' },
    })) as { json: { token: string } };
    const carolToken = `Bearer ${minted.json.token}`;
    expect((await me(carolToken)).status).toBe(200);
    const page = await open();
    await signInAs(page, server.url, ADA, userPage(ids.Carol!));
    const status = page.getByRole('radiogroup', { name: 'Account Status' });
    await status.waitFor();
    await page
      .getByText('Disabled users cannot sign in; their data and history are preserved')
      .waitFor();
    await status.getByText('Disabled').click();
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.locator('.mantine-Badge-root', { hasText: 'Disabled' }).waitFor();
    expect(await checkScreen(page, 'user disabled')).toEqual([]);
    await shot(page, 'disabled');
    expect((await me(carolSession)).status).toBe(401);
    expect((await me(carolToken)).status).toBe(401);
  }, 120_000);

  it('deletes a user after the typed email', async () => {
    const { server, api, su, ids } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, userPage(ids.Carol!));
    await page.getByRole('button', { name: 'Delete User' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Their group memberships.').waitFor();
    await dialog.getByText('The audit history, including this deletion.').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Confirm' });
    expect(await confirm.isDisabled()).toBe(true);
    // By keyboard: the dialog focuses the email field; Enter deletes only once it matches.
    const typed = dialog.getByLabel(`Type ${CAROL.email} to confirm`);
    // The modal moves focus into itself on a timer: type once it has.
    await eventually(
      () => typed.and(page.locator(':focus')).count(),
      'the dialog focuses the email field',
    ).toBe(1);
    await page.keyboard.type('someone@example.com');
    expect(await typed.inputValue()).toBe('someone@example.com');
    expect(await confirm.isDisabled()).toBe(true);
    await page.keyboard.press('Enter');
    await typed.fill(CAROL.email);
    expect(await confirm.isDisabled()).toBe(false);
    expect(await checkScreen(page, 'delete user dialog')).toEqual([]);
    await shot(page, 'delete-dialog');
    await typed.press('Enter');
    await page.waitForURL(/\/admin\/users$/);
    await page.getByText('Carol was deleted.').waitFor();
    expect((await api(`/api/collections/users/records/${ids.Carol!}`, { token: su })).status).toBe(
      404,
    );
  }, 120_000);

  it('shows the effective permissions with the explain path through nested groups', async () => {
    const { server, ids } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, userPage(ids.Alice!, 'permissions'));
    await page.getByText('Effective level:').waitFor();
    await page.getByText('3 Lead').waitFor();
    expect(await checkScreen(page, 'effective permissions')).toEqual([]);
    await shot(page, 'permissions');
    // By keyboard: Enter on the held cell opens its explain path; Escape returns to the cell.
    const cell = page.getByRole('button', { name: 'Yes: projects.edit held (shared). Why?' });
    await cell.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Why Alice has projects.edit' });
    await dialog.getByText('Through a group above theirs').waitFor();
    const chain = (await dialog.getByRole('listitem').first().innerText()).replace(/\s+/g, ' ');
    expect(chain).toContain(
      'Alice → Senior Consultants → Security Team → role Lead (level 3 Lead) → projects.edit (shared)',
    );
    expect(await checkScreen(page, 'explain dialog')).toEqual([]);
    await shot(page, 'explain');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The modal hands focus back a moment after it is gone: wait for it, do not sample once.
    await eventually(
      () => page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label')"),
      'focus back on the cell',
    ).toBe('Yes: projects.edit held (shared). Why?');

    // "Why can't they…?": delete a project — no role grants it.
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'delete', exact: true }).click();
    await page.getByRole('button', { name: 'Check' }).click();
    const answer = page.getByRole('alert').filter({ hasText: 'Denied' });
    await answer.getByText('Alice may not projects.delete.').waitFor();
    await page.getByText(/^No role grants projects\.delete/).waitFor();
    expect(await checkScreen(page, 'why not')).toEqual([]);
    await shot(page, 'why-not');
    const audit = page.getByRole('link', {
      name: 'Review audit log for recent permission changes',
    });
    expect(await audit.getAttribute('href')).toBe(`/admin/audit?targetId=${ids.Alice!}`);
  }, 120_000);

  it('revokes a user’s session and token', async () => {
    const { server, api, ids, signIn } = suite.w;
    const aliceSession = (await signIn('users', ALICE)).token;
    const minted = (await api('/api/tokens', {
      method: 'POST',
      token: aliceSession,
      body: { name: 'Alice laptop script' },
    })) as { json: { token: string } };
    const aliceToken = `Bearer ${minted.json.token}`;
    const page = await open();
    await signInAs(page, server.url, ADA, userPage(ids.Alice!, 'sessions'));
    const revokeSession = page.getByRole('button', { name: /^Revoke session from/ });
    await revokeSession.first().waitFor();
    expect(await checkScreen(page, 'user sessions')).toEqual([]);
    await shot(page, 'sessions');
    await revokeSession.first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke session' }).click();
    await page.getByText('Session revoked.').waitFor();
    expect((await me(aliceSession)).status).toBe(401);

    await page.getByRole('tab', { name: 'API Tokens' }).click();
    const revokeToken = page.getByRole('button', { name: 'Revoke token Alice laptop script' });
    await revokeToken.waitFor();
    expect(await checkScreen(page, 'user tokens')).toEqual([]);
    await shot(page, 'tokens');
    await revokeToken.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('Token revoked.').waitFor();
    await page.getByText('No API tokens.').waitFor();
    expect((await me(aliceToken)).status).toBe(401);
  }, 120_000);

  it('shows a manager the server’s refusal when editing an admin', async () => {
    const { server, ids } = suite.w;
    const page = await open();
    await signInAs(page, server.url, MAX, userPage(ids.Ada!));
    await page.getByLabel('Full Name').fill('Ada the Admin');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not saved' });
    await alert.getByText(/level 2.*level 1/).waitFor();
    // A manager holds admin:users.manage but not tokens.manage: no API Tokens tab.
    expect(await page.getByRole('tab', { name: 'API Tokens' }).count()).toBe(0);
    expect(await checkScreen(page, 'manager refused')).toEqual([]);
    await shot(page, 'manager-refused');
  }, 120_000);

  it('refuses demoting the last level-0 user, in the server’s words', async () => {
    const { server, ids } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ZED, userPage(ids.Zed!));
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'user (level 4)' }).click();
    await page.getByRole('button', { name: 'Save Changes' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not saved' });
    await alert.getByText(/no active user with a level-0 \(Super Admin\) role/).waitFor();
    expect(await checkScreen(page, 'last level 0 refused')).toEqual([]);
    await shot(page, 'last-level-0');
  }, 120_000);

  it('shows someone who may only view users the details without edit controls', async () => {
    const { server, ids } = suite.w;
    const page = await open();
    await signInAs(page, server.url, VIC, userPage(ids.Bob!));
    await page.getByText('Changing users needs admin.users.manage.').waitFor();
    expect(await page.getByRole('button', { name: 'Save Changes' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete User' }).count()).toBe(0);
    const tabs = await page.getByRole('tab').allInnerTexts();
    expect(tabs).toEqual(['Details', 'Effective permissions']);
    expect(await checkScreen(page, 'user details read-only')).toEqual([]);
    await shot(page, 'read-only');
  }, 120_000);
});
