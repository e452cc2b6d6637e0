// E2E (issue 16, items 4 and 5): Admin > Users & Access > Roles. The list shows every role with
// its level badge and how many users and groups hold it; the seed's presets (Senior Consultant,
// Project Manager) are shown, deleted and made again through the matrix's row presets, exactly as
// the seed writes them; a role held through a group is edited with "Before you save" naming who
// gains what, and the saved effect matches it; a level-2 manager is offered levels 2–5 only and
// sees the server's refusal verbatim; the holders tabs say how each holds the role.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BUILTIN_ROLES } from '../../src/access/builtin-roles.js';
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
const UMA = { name: 'Uma Analyst', email: 'uma@example.com', password: 'uma-password-123' };
const SAM = { name: 'Sam Senior', email: 'sam@example.com', password: 'sam-password-123' };
const SUE = { name: 'Sue Senior', email: 'sue@example.com', password: 'sue-password-123' };
const MAX = { name: 'Max Manager', email: 'max@example.com', password: 'max-password-123' };

interface RoleRecord {
  id: string;
  name: string;
  level: number;
  permissions: unknown;
}

/**
 * A fresh server: Ada (admin, level 1) set up; role Analyst (level 4, projects view) held by Uma
 * directly and by the group Security Team, whose sub-group Senior Consultants has Sam and Sue;
 * role Team Manager (level 2: roles.manage, users.view, projects view) held by Max.
 */
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
  const create = async (collection: string, body: object) => {
    const created = await api(`/api/collections/${collection}/records`, {
      method: 'POST',
      token: su,
      body,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    return created.json as { id: string };
  };
  const analyst = await create('roles', {
    name: 'Analyst',
    description: 'Reads projects.',
    level: 4,
    permissions: { projects: { actions: ['view'], scope: 'shared' } },
  });
  await create('roles', {
    name: 'Team Manager',
    level: 2,
    permissions: {
      projects: { actions: ['view'], scope: 'shared' },
      admin: { actions: ['users.view', 'roles.manage'], scope: 'all' },
    },
  });
  const team = await create('groups', { name: 'Security Team', roles: [analyst.id] });
  const seniors = await create('groups', { name: 'Senior Consultants', parent: team.id });
  const users: Record<string, string> = {};
  for (const [who, role, groups] of [
    [UMA, 'Analyst', []],
    [SAM, 'readonly', [seniors.id]],
    [SUE, 'readonly', [seniors.id]],
    [MAX, 'Team Manager', []],
  ] as const) {
    const user = await create('users', {
      ...who,
      passwordConfirm: who.password,
      role,
      groups,
    });
    users[who.email] = user.id;
  }
  const roleByName = async (name: string) => {
    const list = await api(
      `/api/collections/roles/records?filter=${encodeURIComponent(`name="${name}"`)}`,
      { token: su },
    );
    return (list.json as { items: RoleRecord[] }).items[0];
  };
  return { server, api, su, analyst, team, seniors, users, roleByName };
}

describe.skipIf(!CHROMIUM)('e2e: admin roles', () => {
  const suite = browserSuite(world);
  const { open, shot } = suite;
  const combobox = (page: Page, name: string) => page.getByRole('combobox', { name, exact: true });
  const preset = async (page: Page, module: string, label: string) => {
    await combobox(page, `${module}: preset`).selectOption({ label });
  };

  it('lists every role with its level and holders, and remakes the seed’s presets', async () => {
    const { server, su, api, roleByName } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/admin/roles');
    const table = page.getByRole('table', { name: 'Roles' });
    const row = (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await row('Analyst').getByText('3 users').waitFor();
    await row('Analyst').getByText('2 groups').waitFor();
    expect(await row('Analyst').getByText('Level 4 · Consultant').count()).toBe(1);
    expect(await row('admin').getByText('Level 1 · Admin').count()).toBe(1);
    await row('Senior Consultant').getByText('Level 3 · Lead').waitFor();
    await row('Project Manager').getByText('Level 2 · Manager').waitFor();
    await row('Project Manager').getByText('0 users').waitFor();
    expect(await checkScreen(page, 'roles list')).toEqual([]);
    await shot(page, 'list');

    // The seed's Project Manager is shown in its words, row by row.
    await row('Project Manager').getByRole('link', { name: 'Project Manager' }).click();
    await page.getByRole('heading', { name: 'Project Manager', level: 2 }).waitFor();
    const shown = (module: string) =>
      combobox(page, `${module}: preset`).locator('option:checked').textContent();
    expect(await shown('projects')).toBe('Full Access');
    expect(await shown('reports')).toBe('View + Export');
    expect(await shown('findings')).toBe('View');
    expect(await shown('assets')).toBe('View');
    expect(await shown('admin')).toBe('User Management');
    expect(await shown('system')).toBe('None');

    // Deleted (after a confirmation that says what happens to holders) …
    await page.getByRole('button', { name: 'Delete Role' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('held by 0 users and 0 groups').waitFor();
    expect(await checkScreen(page, 'role delete dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete Role' }).click();
    await page.waitForURL(/\/admin\/roles$/);
    await page.getByText('Role “Project Manager” deleted.').waitFor();
    await row('Analyst').waitFor();
    await row('Project Manager').waitFor({ state: 'detached' });
    expect(await roleByName('Project Manager')).toBeUndefined();
    const oldSenior = await roleByName('Senior Consultant');
    expect(
      (
        await api(`/api/collections/roles/records/${oldSenior!.id}`, {
          method: 'DELETE',
          token: su,
        })
      ).status,
    ).toBe(204);

    // … and made again through Create Role and the row presets, as the seed writes them.
    for (const seed of BUILTIN_ROLES.filter((r) => !r.builtin)) {
      await page.goto(`${server.url}/admin/roles`);
      await page.getByRole('link', { name: 'Create Role' }).click();
      await page.getByRole('heading', { name: 'Create Role', level: 2 }).waitFor();
      await page.getByRole('textbox', { name: 'Name' }).fill(seed.name);
      await page.getByRole('textbox', { name: 'Description' }).fill(seed.description);
      await combobox(page, 'Level').selectOption(String(seed.level));
      if (seed.name === 'Senior Consultant') {
        for (const m of ['projects', 'reports', 'findings', 'assets'])
          await preset(page, m, 'Full Access');
        await preset(page, 'admin', 'None');
        await preset(page, 'system', 'None');
      } else {
        await preset(page, 'projects', 'Full Access');
        await preset(page, 'reports', 'View + Export');
        await preset(page, 'findings', 'View');
        await preset(page, 'assets', 'View');
        await preset(page, 'admin', 'User Management');
        await preset(page, 'system', 'None');
      }
      if (seed.name === 'Project Manager') {
        expect(await checkScreen(page, 'create role')).toEqual([]);
        await shot(page, 'create');
      }
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('heading', { name: seed.name, level: 2 }).waitFor();
      await page.getByRole('tab', { name: 'Users with this role' }).waitFor();
      const saved = await roleByName(seed.name);
      expect(saved).toMatchObject({ level: seed.level, permissions: seed.permissions });
    }
  }, 180_000);

  it('previews who gains what before saving a role held through groups, then saves it', async () => {
    const { server, api, su, analyst, users } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, `/admin/roles/${analyst.id}`);
    await page.getByRole('heading', { name: 'Analyst', level: 2 }).waitFor();
    await page.getByRole('checkbox', { name: 'projects: edit' }).check();
    await combobox(page, 'Level').selectOption({ label: '3 Lead' });
    // Before you save: the server's what-if for the form as it stands.
    const before = page.getByRole('alert').filter({ hasText: 'Before you save' });
    await before.getByText('3 users gain projects.edit (shared)').waitFor();
    await before.getByText('3 users go from level 4 to 3').waitFor();
    expect(await before.textContent()).toContain('3 of 3 users reached by this change');
    expect(await checkScreen(page, 'role editor with what-if')).toEqual([]);
    await shot(page, 'editor');

    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Role “Analyst” saved.').waitFor();
    await page.getByText('Before you save').waitFor({ state: 'detached' });
    // The effect matches the preview: Uma (direct), Sam and Sue (through the ancestor group).
    for (const email of [UMA.email, SAM.email, SUE.email]) {
      const effective = (await api(`/api/access/users/${users[email]}`, { token: su })).json as {
        level: number;
        permissions: Record<string, { actions: string[] }>;
      };
      expect(effective.permissions.projects?.actions).toContain('edit');
      expect(effective.level).toBe(3);
    }
    const max = (await api(`/api/access/users/${users[MAX.email]}`, { token: su })).json as {
      permissions: Record<string, { actions: string[] }>;
    };
    expect(max.permissions.projects?.actions).not.toContain('edit');

    // Users with this role: each with how they hold it, linked to their details.
    await page.getByRole('tab', { name: 'Users with this role' }).click();
    const people = page.getByRole('list', { name: 'users' });
    await page.getByText('3 users hold this role.').waitFor();
    const sam = people.getByRole('listitem').filter({ hasText: SAM.name });
    await sam
      .getByText('Inherited from ancestor group Security Team (Senior Consultants → Security Team)')
      .waitFor();
    expect(await people.getByRole('link', { name: UMA.name }).getAttribute('href')).toBe(
      `/admin/users/${users[UMA.email]}`,
    );
    await people
      .getByRole('listitem')
      .filter({ hasText: UMA.name })
      .getByText('Direct role')
      .waitFor();
    expect(await checkScreen(page, 'role users tab')).toEqual([]);
    await shot(page, 'users-tab');

    await page.getByRole('tab', { name: 'Groups with this role' }).click();
    const groups = page.getByRole('list', { name: 'groups' });
    const team = groups.getByRole('listitem').filter({ hasText: 'Holds it directly' });
    expect(await team.getByRole('link').textContent()).toBe('Security Team');
    expect(await team.getByRole('link').getAttribute('href')).toBe(
      `/admin/groups?group=${suite.w.team.id}`,
    );
    await groups
      .getByRole('listitem')
      .filter({ hasText: 'Security Team / Senior Consultants' })
      .getByText('Inherited from ancestor group Security Team')
      .waitFor();
    expect(await checkScreen(page, 'role groups tab')).toEqual([]);
    await shot(page, 'groups-tab');

    // A role in use is not deleted: the server's reason, as it words it.
    await page.getByRole('tab', { name: 'Permissions' }).click();
    await page.getByRole('button', { name: 'Delete Role' }).click();
    await page.getByRole('dialog').getByText('held by 3 users and 2 groups').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete Role' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Not deleted' })
      .getByText('Role "Analyst" is assigned to 1 user(s) and 1 group(s); unassign it first.')
      .waitFor();

    // Ada holds admin: changing it is refused before Save (the what-if) and on Save.
    await page.getByRole('link', { name: '← All roles' }).click();
    await page.getByRole('link', { name: 'admin', exact: true }).click();
    await page.getByRole('heading', { name: 'admin', level: 2 }).waitFor();
    await page.getByRole('checkbox', { name: 'system: logs' }).check();
    await combobox(page, 'Level').selectOption({ label: '1 Admin' });
    await page.getByText('A role granting system.* must be level 0.').waitFor();
    await page.getByRole('checkbox', { name: 'system: logs' }).uncheck();
    await page.getByRole('checkbox', { name: 'alerts: delete' }).uncheck();
    const held = 'You hold this role; only a level-0 user or a superuser may change it.';
    await page
      .getByRole('alert')
      .filter({ hasText: 'This change would be refused' })
      .getByText(held)
      .waitFor();
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).getByText(held).waitFor();
  }, 120_000);

  it('offers a level-2 manager only levels 2–5 and shows the server’s refusal', async () => {
    const { server, roleByName } = suite.w;
    const page = await open();
    await signInAs(page, server.url, MAX, '/admin/roles/new');
    await page.getByRole('heading', { name: 'Create Role', level: 2 }).waitFor();
    const level = combobox(page, 'Level');
    await level.locator('option').first().waitFor({ state: 'attached' });
    expect(await level.locator('option').allTextContents()).toEqual([
      '2 Manager',
      '3 Lead',
      '4 Consultant',
      '5 Viewer',
    ]);
    // system.* needs level 0: the guard rail shows before saving.
    await page.getByRole('textbox', { name: 'Name' }).fill('Overreach');
    await preset(page, 'system', 'Full Access');
    await page.getByText('A role granting system.* must be level 0.').waitFor();
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await preset(page, 'system', 'None');
    // A grant Max does not hold: the server refuses and says why.
    await preset(page, 'projects', 'Full Access');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not saved' });
    await alert.getByText('You cannot grant projects:create, which you do not hold.').waitFor();
    expect(await roleByName('Overreach')).toBeUndefined();
    expect(await checkScreen(page, 'role refused')).toEqual([]);
    await shot(page, 'refused');

    // A role above Max's level is shown, not offered for change.
    await page.getByRole('link', { name: '← All roles' }).click();
    await page.getByRole('link', { name: 'admin', exact: true }).click();
    await page.getByRole('heading', { name: 'admin', level: 2 }).waitFor();
    await page.getByText('you (level 2) can view it but not change it').waitFor();
    expect(await page.getByRole('checkbox', { name: 'projects: view' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save Changes' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete Role' }).count()).toBe(0);
    expect(await checkScreen(page, 'role above your level')).toEqual([]);
  }, 120_000);
});
