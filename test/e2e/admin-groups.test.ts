// E2E (issue 16, items 3 and 5): Admin > Users & Access > Groups, from the seed's steps. A tree
// with a node of 55 children (more than a page of 50) and a chain five deep: expand, Show more
// reaches the last child; a search answers paths and its result is selected and revealed (also
// one on a page not loaded yet); Create Group with a parent; the Roles tab with its own roles
// (what-if before Save Changes, the saved effect matching it) and inherited roles with where they
// come from; the Members tab adding and removing many at once, and members of sub-groups; moving
// by drag and drop and by "Move to…", both with the what-if, and a cycle refused with the server's
// path; Delete Group with a confirmation saying what is detached. axe light and dark.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiOf, checkScreen, chromiumPath, signInAs, startGatehouse } from './browser.js';
import { browserSuite, eventually } from './suite.js';

const CHROMIUM = chromiumPath();
const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct-horse-battery' };
const PEOPLE = [
  { name: 'Uma Analyst', email: 'uma@example.com' },
  { name: 'Sam Senior', email: 'sam@example.com' },
  { name: 'Sue Senior', email: 'sue@example.com' },
  { name: 'Pat Planner', email: 'pat@example.com' },
] as const;

const GIL = { name: 'Gil Keeper', email: 'gil@example.com', password: 'gil-password-123' };
const VIC = { name: 'Vic Viewer', email: 'vic@example.com', password: 'vic-password-123' };

interface GroupRow {
  id: string;
  name: string;
  parent: string;
  roles: string[];
}

/**
 * Organization (role Analyst) > Security Team (Uma) > Senior Consultants (Sam, Sue) > L4 >
 * Deep Needle; Organization > Management (Pat); Big with Team 01 … Team 55 (> one page).
 */
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
    return (created.json as { id: string }).id;
  };
  const analyst = await create('roles', {
    name: 'Analyst',
    level: 4,
    permissions: { projects: { actions: ['view'], scope: 'shared' } },
  });
  const reviewer = await create('roles', {
    name: 'Report Reviewer',
    level: 4,
    permissions: { reports: { actions: ['view', 'export'], scope: 'shared' } },
  });
  const g: Record<string, string> = {};
  g.Organization = await create('groups', { name: 'Organization', roles: [analyst] });
  g['Security Team'] = await create('groups', {
    name: 'Security Team',
    parent: g.Organization,
  });
  g['Senior Consultants'] = await create('groups', {
    name: 'Senior Consultants',
    parent: g['Security Team'],
  });
  g.L4 = await create('groups', { name: 'L4', parent: g['Senior Consultants'] });
  g['Deep Needle'] = await create('groups', { name: 'Deep Needle', parent: g.L4 });
  g.Management = await create('groups', { name: 'Management', parent: g.Organization });
  g.Big = await create('groups', { name: 'Big' });
  for (let i = 55; i >= 1; i--)
    g[`Team ${String(i).padStart(2, '0')}`] = await create('groups', {
      name: `Team ${String(i).padStart(2, '0')}`,
      parent: g.Big,
    });
  await create('roles', {
    name: 'Group Keeper',
    level: 3,
    permissions: { admin: { actions: ['groups.manage', 'users.view'], scope: 'all' } },
  });
  await create('roles', {
    name: 'Directory Viewer',
    level: 4,
    permissions: { admin: { actions: ['users.view'], scope: 'all' } },
  });
  const u: Record<string, string> = {};
  for (const [who, role] of [
    [GIL, 'Group Keeper'],
    [VIC, 'Directory Viewer'],
  ] as const)
    u[who.name] = await create('users', { ...who, passwordConfirm: who.password, role });
  for (const [who, groups] of [
    [PEOPLE[0], [g['Security Team']]],
    [PEOPLE[1], [g['Senior Consultants']]],
    [PEOPLE[2], [g['Senior Consultants']]],
    [PEOPLE[3], [g.Management]],
  ] as const) {
    u[who.name] = await create('users', {
      ...who,
      password: 'a-long-password-1',
      passwordConfirm: 'a-long-password-1',
      role: 'readonly',
      groups,
    });
  }
  const group = async (id: string) =>
    api(`/api/collections/groups/records/${id}`, { token: su }).then((r) => ({
      status: r.status,
      record: r.json as GroupRow,
    }));
  const byName = async (name: string) => {
    const list = await api(
      `/api/collections/groups/records?filter=${encodeURIComponent(`name="${name}"`)}`,
      { token: su },
    );
    return (list.json as { items: GroupRow[] }).items[0];
  };
  const effective = async (userId: string) =>
    (await api(`/api/access/users/${userId}`, { token: su })).json as {
      permissions: Record<string, { actions: string[] } | undefined>;
    };
  return { server, api, su, g, u, reviewer, group, byName, effective };
}

describe.skipIf(!CHROMIUM)('e2e: admin groups', () => {
  const suite = browserSuite(world);
  const { open, shot } = suite;
  const tree = (page: Page) => page.getByRole('tree', { name: 'Groups' });
  /** A tree node by its group's name (its accessible name also carries the member counts). */
  const node = (page: Page, name: string) =>
    tree(page).getByRole('treeitem', { name: new RegExp(`^${name}( ·|$)`) });
  const row = node;
  const toggle = (page: Page, name: string) => node(page, name).locator('.gh-tree-toggle').click();
  const pickGroup = async (page: Page, label: string, typed: string, path: string) => {
    const box = page.getByRole('combobox', { name: label, exact: true });
    await box.click();
    await box.fill(typed);
    await page.getByRole('option', { name: path, exact: true }).click();
  };
  const selectTab = (page: Page, name: string) =>
    page.getByRole('tab', { name, exact: true }).click();
  const panel = (page: Page) => page.getByRole('region', { name: 'Selected group' });

  it('expands per node, shows more than a page of children, and reveals a search result', async () => {
    const { server, g } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/admin/groups');
    await node(page, 'Organization').waitFor();
    expect(await tree(page).getByRole('treeitem').count()).toBe(2);
    expect(await node(page, 'Organization').getAttribute('aria-expanded')).toBe('false');

    // Big has 55 children: the first page of 50, then "Show more" for that node only.
    await toggle(page, 'Big');
    expect(await node(page, 'Big').getAttribute('aria-expanded')).toBe('true');
    await node(page, 'Team 50').waitFor();
    expect(await node(page, 'Team 51').count()).toBe(0);
    const more = tree(page).getByRole('treeitem', { name: 'Show more (50 of 55 shown)' });
    await more.click();
    await node(page, 'Team 55').waitFor();
    expect(await more.count()).toBe(0);
    expect(
      await tree(page)
        .getByRole('treeitem', { name: /^Team \d\d/ })
        .count(),
    ).toBe(55);
    // Counts: Organization has no members itself, four beneath it.
    await expect
      .poll(() => node(page, 'Organization').getAttribute('aria-labelledby'))
      .toBeTruthy();
    expect(await row(page, 'Organization').textContent()).toContain('0 members, 4 with sub-groups');
    await toggle(page, 'Big');
    expect(await node(page, 'Team 01').count()).toBe(0);

    // Search on the server at any depth; the result is a path, and picking it reveals it.
    await page.getByRole('searchbox', { name: 'Search groups' }).fill('needle');
    const result = page.getByRole('button', {
      name: 'Organization / Security Team / Senior Consultants / L4 / Deep Needle',
    });
    await result.click();
    await panel(page).getByRole('heading', { name: 'Deep Needle', level: 2 }).waitFor();
    await page.waitForURL(new RegExp(`group=${g['Deep Needle']!}`));
    await node(page, 'Deep Needle').waitFor();
    expect(await node(page, 'Deep Needle').getAttribute('aria-selected')).toBe('true');
    for (const ancestor of ['Organization', 'Security Team', 'Senior Consultants', 'L4'])
      expect(await node(page, ancestor).getAttribute('aria-expanded'), ancestor).toBe('true');
    expect(await checkScreen(page, 'groups tree')).toEqual([]);
    await shot(page, 'tree');

    // Selecting another group keeps the revealed path open.
    await node(page, 'Organization').click();
    await panel(page).getByRole('heading', { name: 'Organization', level: 2 }).waitFor();
    expect(await node(page, 'L4').getAttribute('aria-expanded')).toBe('true');
    await node(page, 'Deep Needle').waitFor();

    // A group on a page of children not loaded yet (Team 53 of Big) is revealed all the same.
    await page.goto(`${server.url}/admin/groups?group=${g['Team 53']!}`);
    await node(page, 'Team 53').waitFor();
    expect(await node(page, 'Team 53').getAttribute('aria-selected')).toBe('true');
    await panel(page).getByRole('heading', { name: 'Team 53', level: 2 }).waitFor();
  });

  it('creates a group under a parent, gives it roles with the what-if, and adds and removes members', async () => {
    const { server, byName, u, reviewer, effective } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, '/admin/groups');
    await node(page, 'Organization').waitFor();
    await page.getByRole('button', { name: 'Create Group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create Group' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Report Reviewers');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Review reports.');
    await pickGroup(page, 'Parent', 'Security', 'Organization / Security Team');
    expect(await checkScreen(page, 'create group')).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await panel(page).getByRole('heading', { name: 'Report Reviewers', level: 2 }).waitFor();
    await panel(page)
      .getByText('Organization / Security Team / Report Reviewers')
      .first()
      .waitFor();
    const created = await byName('Report Reviewers');
    expect(created).toMatchObject({ description: 'Review reports.' });
    await node(page, 'Report Reviewers').waitFor();
    expect(await node(page, 'Security Team').getAttribute('aria-expanded')).toBe('true');

    // Roles tab: the role inherited from Organization, read-only with where it comes from.
    await selectTab(page, 'Roles');
    const inherited = panel(page).getByRole('listitem').filter({ hasText: 'Analyst' });
    await inherited.getByText('from Organization', { exact: true }).waitFor();
    await inherited.getByText('Inherited').waitFor();

    // Members tab: add three at once through the server-searched picker …
    await selectTab(page, 'Members');
    await panel(page).getByText('This group has no members yet.').waitFor();
    const picker = panel(page).getByRole('combobox', { name: 'Add members' });
    for (const [typed, who] of [
      ['uma', 'Uma Analyst'],
      ['sam', 'Sam Senior'],
      ['senior', 'Sue Senior'],
    ] as const) {
      await picker.fill(typed);
      // "Uma Analyst (uma@example.com)": an admin reads the directory, emails included.
      await page.getByRole('option', { name: new RegExp(`^${who} \\(`) }).click();
    }
    await panel(page).getByRole('button', { name: 'Add to group' }).click();
    await page.getByText('3 users added to “Report Reviewers”.').waitFor();
    await panel(page).getByText('3 members.').waitFor();
    expect(await checkScreen(page, 'group members')).toEqual([]);
    await shot(page, 'members');

    // … and the own roles with "Before you save": the three members gain reports.
    await selectTab(page, 'Roles');
    const roles = panel(page).getByRole('combobox', { name: 'Roles' });
    await roles.click();
    await page.getByRole('option', { name: 'Report Reviewer' }).click();
    await page.keyboard.press('Escape');
    const whatIf = panel(page).getByRole('alert').filter({ hasText: 'Before you save' });
    await whatIf.getByText(/3 users gain reports\.export/).waitFor();
    const reports = async () =>
      (await effective(u['Uma Analyst']!)).permissions.reports?.actions ?? [];
    expect(await reports()).not.toContain('export');
    expect(await checkScreen(page, 'group roles what-if')).toEqual([]);
    await shot(page, 'roles');
    await panel(page).getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Roles of “Report Reviewers” saved.').waitFor();
    expect((await byName('Report Reviewers'))?.roles).toEqual([reviewer]);
    // The saved effect is the one previewed.
    expect(await reports()).toContain('export');

    // Remove two at once.
    await selectTab(page, 'Members');
    await panel(page).getByRole('checkbox', { name: 'Select Sam Senior' }).check();
    await panel(page).getByRole('checkbox', { name: 'Select Sue Senior' }).check();
    await panel(page).getByRole('button', { name: 'Remove 2 members from group' }).click();
    await page.getByText('2 users removed from “Report Reviewers”.').waitFor();
    await panel(page).getByText('1 member.').waitFor();
    expect(await panel(page).getByRole('link', { name: 'Uma Analyst' }).count()).toBe(1);

    // Members of sub-groups, with the group that brings them.
    await node(page, 'Security Team').click();
    await panel(page).getByRole('heading', { name: 'Security Team', level: 2 }).waitFor();
    await panel(page).getByText('1 member.').waitFor();
    await panel(page).getByRole('checkbox', { name: 'Include members of sub-groups' }).check();
    await panel(page).getByText('3 users in this group or its sub-groups.').waitFor();
    const sam = panel(page).getByRole('row', { name: /Sam Senior/ });
    await sam.getByText('Senior Consultants').waitFor();
    // Someone from a sub-group cannot be removed from this one.
    expect(await sam.getByRole('checkbox').isDisabled()).toBe(true);
  });

  it('moves a group by drag and drop and by Move to…, with the what-if; a cycle is refused with its path', async () => {
    const { server, g, group, byName } = suite.w;
    const page = await open();
    await signInAs(page, server.url, ADA, `/admin/groups?group=${g['Security Team']!}`);
    await node(page, 'Management').waitFor();
    await toggle(page, 'Security Team');
    await node(page, 'Report Reviewers').waitFor();

    // Drag Report Reviewers onto Management: the dialog shows who gains and loses, then Save.
    await row(page, 'Report Reviewers').dragTo(row(page, 'Management'));
    const dialog = page.getByRole('dialog', { name: 'Move “Report Reviewers” to…' });
    await dialog.waitFor();
    // The proposed parent's path is fetched after the dialog opens (the box shows it once loaded).
    await eventually(() => dialog.getByRole('combobox', { name: 'New parent' }).inputValue()).toBe(
      'Organization / Management',
    );
    await dialog
      .getByText(/No one gains or loses access|Before you save/)
      .first()
      .waitFor();
    expect(await checkScreen(page, 'move dialog')).toEqual([]);
    await shot(page, 'move');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .getByText('Moved “Report Reviewers” under Organization / Management.')
      .waitFor();
    const moved = await byName('Report Reviewers');
    expect(moved?.parent).toBe(g.Management);

    // Dragged onto the top-level zone (shown below the tree once a drag starts), then Cancel:
    // nothing moves until Save.
    await row(page, 'Report Reviewers').hover();
    await page.mouse.down();
    await page.mouse.move(10, 10, { steps: 2 });
    const zone = page.getByText('Drop here to move it to the top level');
    await zone.hover();
    await page.mouse.up();
    const toTop = page.getByRole('dialog', { name: 'Move “Report Reviewers” to…' });
    expect(
      await toTop
        .getByRole('checkbox', { name: 'Move it to the top level (no parent)' })
        .isChecked(),
    ).toBe(true);
    await toTop
      .getByText(/No one gains or loses access|Before you save/)
      .first()
      .waitFor();
    await toTop.getByRole('button', { name: 'Cancel' }).click();
    await toTop.waitFor({ state: 'detached' });
    expect((await byName('Report Reviewers'))?.parent).toBe(g.Management);

    // Move to… Security Team under its own descendant: the what-if and Save show the server's path.
    await node(page, 'Security Team').click();
    await panel(page).getByRole('heading', { name: 'Security Team', level: 2 }).waitFor();
    await panel(page).getByRole('button', { name: 'Move to…' }).click();
    const move = page.getByRole('dialog', { name: 'Move “Security Team” to…' });
    await pickGroup(
      page,
      'New parent',
      'needle',
      'Organization / Security Team / Senior Consultants / L4 / Deep Needle',
    );
    const cycle =
      'Moving "Security Team" under "Deep Needle" would create a cycle: Security Team / Senior Consultants / L4 / Deep Needle / Security Team.';
    await move
      .getByRole('alert')
      .filter({ hasText: 'This change would be refused' })
      .getByText(cycle)
      .waitFor();
    await move.getByRole('button', { name: 'Save' }).click();
    await move.getByRole('alert').filter({ hasText: 'Not moved' }).getByText(cycle).waitFor();
    expect((await group(g['Security Team']!)).record.parent).toBe(g.Organization);

    // … and to the top level (the parent left empty), by the keyboard dialog.
    await move.getByRole('checkbox', { name: 'Move it to the top level (no parent)' }).check();
    await move
      .getByText('Before you save')
      .or(move.getByText('No one gains or loses'))
      .first()
      .waitFor();
    await move.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Moved “Security Team” to the top level.').waitFor();
    expect((await group(g['Security Team']!)).record.parent).toBe('');
    await expect
      .poll(async () =>
        (await tree(page).locator(':scope > li > [role="treeitem"]').allTextContents()).map(
          (t) => t.replace(/^[▸▾]/, '').split(' ·')[0],
        ),
      )
      .toEqual(['Big', 'Organization', 'Security Team']);
  });

  it('deletes a group after a confirmation that says what is detached', async () => {
    const { server, byName, group, u, api, su } = suite.w;
    const reviewers = (await byName('Report Reviewers'))!;
    const page = await open();
    await signInAs(page, server.url, ADA, `/admin/groups?group=${reviewers.id}`);
    await panel(page).getByRole('heading', { name: 'Report Reviewers', level: 2 }).waitFor();
    await panel(page).getByRole('button', { name: 'Delete Group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete group “Report Reviewers”?' });
    await dialog.getByText('Its 1 member leaves the group; their accounts stay.').waitFor();
    await dialog.getByText('It has no child groups.').waitFor();
    await dialog.getByText('Its 1 role no longer reaches its members.').waitFor();
    await dialog.getByText(/Records shared with the group are no longer shared with it/).waitFor();
    expect(await checkScreen(page, 'delete group dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete Group' }).click();
    await page
      .getByRole('status')
      .getByText(
        'Group “Report Reviewers” deleted: 1 member, 0 child groups and 0 shares detached.',
      )
      .waitFor();
    await page.getByText('Select a group in the tree').waitFor();
    expect((await group(reviewers.id)).status).toBe(404);
    // Uma's account stays.
    expect(
      (await api(`/api/collections/users/records/${u['Uma Analyst']!}`, { token: su })).status,
    ).toBe(200);
  });

  it('shows changes only to those whose grants allow them; the server’s refusals show its words', async () => {
    const { server, g, group } = suite.w;
    // A viewer reads the tree and a group, read-only: no Create Group, no Move to…, no dragging.
    const viewer = await open();
    await signInAs(viewer, server.url, VIC, `/admin/groups?group=${g.Organization!}`);
    await panel(viewer).getByRole('heading', { name: 'Organization', level: 2 }).waitFor();
    await panel(viewer).getByText('Changing groups needs admin.groups.manage.').waitFor();
    expect(await viewer.getByRole('button', { name: 'Create Group' }).count()).toBe(0);
    expect(await panel(viewer).getByRole('button', { name: 'Move to…' }).count()).toBe(0);
    expect(await node(viewer, 'Organization').getAttribute('draggable')).toBeNull();
    await selectTab(viewer, 'Roles');
    expect(await panel(viewer).getByRole('combobox', { name: 'Roles' }).isDisabled()).toBe(true);

    // A level-3 group keeper may not give a level-1 role: the what-if and Save say why.
    const keeper = await open();
    await signInAs(keeper, server.url, GIL, `/admin/groups?group=${g.Management!}&tab=roles`);
    await panel(keeper).getByRole('heading', { name: 'Management', level: 2 }).waitFor();
    await panel(keeper).getByRole('combobox', { name: 'Roles' }).click();
    await keeper.getByRole('option', { name: 'admin', exact: true }).click();
    await keeper.keyboard.press('Escape');
    const refused = panel(keeper)
      .getByRole('alert')
      .filter({ hasText: 'This change would be refused' });
    await refused.waitFor();
    const reason = (await refused.textContent())?.replace('This change would be refused', '');
    expect(reason).toMatch(/level/i);
    await panel(keeper).getByRole('button', { name: 'Save Changes' }).click();
    await panel(keeper)
      .getByRole('alert')
      .filter({ hasText: 'Not saved' })
      .getByText(reason!)
      .waitFor();
    expect((await group(g.Management!)).record.roles).toEqual([]);
  });
});
