// The pure decisions on groups, as tables: who may change members, and the level walk over a
// group's ancestors when a user joins it or a group gains roles.
import { describe, expect, it } from 'vitest';
import { AccessIndex, type GroupData, type RoleData, type UserData } from './access-index.js';
import type { AccessSnapshot } from './grants.js';
import { mayChangeMembers, mayGiveGroupRoles, mayJoinGroups } from './groups.js';
import { CLI, type Principal } from './principal.js';
import { mayManageEach, mayManageUsers } from './users.js';

const role = (id: string, level: number, admin: string[] = []): RoleData => ({
  id,
  name: id,
  level,
  permissions: admin.length ? { admin: { actions: admin, scope: 'all' } } : {},
});
const group = (id: string, parent: string | null, roleIds: string[] = []): GroupData => ({
  id,
  name: id.toUpperCase(),
  parent,
  roleIds,
});
const user = (id: string, roleName: string, groupIds: string[] = []): UserData => ({
  id,
  role: roleName,
  status: 'active',
  groupIds,
});

// Levels: root 0, admin 1, lead 2 (groups.manage), staff 3 (users.manage), guest 5 (nothing).
// Groups: org (brings admin) > sec (brings nothing) > senior (brings lead); ops (brings staff);
// empty (no roles). A role id no longer known ("gone") is skipped.
const s: AccessSnapshot = {
  index: AccessIndex.build({
    roles: [
      role('root', 0, ['users.manage', 'groups.manage']),
      role('admin', 1, ['users.manage']),
      role('lead', 2, ['groups.manage']),
      role('staff', 3, ['users.manage']),
      role('guest', 5),
    ],
    groups: [
      group('org', null, ['admin']),
      group('sec', 'org'),
      group('senior', 'sec', ['lead']),
      group('ops', null, ['staff', 'gone']),
      group('empty', null),
    ],
    users: [
      user('boss', 'root'),
      user('ann', 'admin'),
      user('lee', 'lead'),
      user('sam', 'staff'),
      user('gus', 'guest'),
    ],
  }),
  shareAllSystems: false,
};

const as = (id: string): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role: '',
  sessionId: 's',
});
const actor = (id: string): Principal => (id === 'cli' ? CLI : as(id));

describe('changing members', () => {
  it.each([
    ['cli', true],
    ['boss', true],
    ['lee', true], // groups.manage
    ['sam', true], // users.manage
    ['gus', false],
  ])('%s changes members: %s', (who, expected) => {
    const d = mayChangeMembers(actor(who), s);
    expect(d.ok).toBe(expected);
    if (!d.ok)
      expect(d.message).toBe(
        'Changing group members needs admin.groups.manage or admin.users.manage.',
      );
  });
});

describe('joining groups (the level walk over ancestors)', () => {
  const cases: [string, string[], string[], string | null][] = [
    ['cli', ['senior'], [], null],
    ['boss', ['senior', 'ops'], [], null],
    ['ann', ['senior'], [], null], // admin 1 ≤ org's admin 1 and lead 2
    ['lee', ['empty'], [], null],
    ['lee', ['ops'], [], null], // staff 3 is below lead 2; the unknown role is skipped
    // senior's ancestor org brings admin (1), above lead (2): named through the joined group.
    [
      'lee',
      ['senior'],
      [],
      'role "admin" (level 1), which is above yours. (through group "ORG / SEC / SENIOR")',
    ],
    [
      'sam',
      ['sec'],
      [],
      'role "admin" (level 1), which is above yours. (through group "ORG / SEC")',
    ],
    ['sam', ['ops', 'senior'], [], '(through group "ORG / SEC / SENIOR")'],
    // A group the user is in already is kept, not checked again.
    ['sam', ['senior'], ['senior'], null],
    ['gus', ['ops'], [], 'You (level 5) cannot assign role "staff" (level 3)'],
    ['gus', [], [], null],
  ];
  it.each(cases)('%s joins %j (had %j): %s', (who, groups, before, refusal) => {
    const d = mayJoinGroups(actor(who), s, groups, before);
    if (refusal === null) expect(d).toEqual({ ok: true });
    else {
      expect(d.ok).toBe(false);
      if (!d.ok) {
        expect(d.status).toBe(403);
        expect(d.message).toContain(refusal);
      }
    }
  });
});

describe('giving roles to a group', () => {
  it.each([
    ['boss', ['root'], true],
    ['ann', ['root'], false],
    ['ann', ['admin', 'lead'], true],
    ['lee', ['staff', 'lead'], true],
    ['lee', ['staff', 'admin'], false],
    ['gus', ['gone'], true],
    ['gus', ['guest'], true],
  ])('%s gives %j: %s', (who, roles, expected) => {
    expect(mayGiveGroupRoles(actor(who), s, roles).ok).toBe(expected);
  });
});

describe('managing users', () => {
  it.each([
    ['sam', 'create', true],
    ['lee', 'create', false, 'Creating users needs admin.users.manage.'],
    ['gus', 'delete', false, 'Deleting users needs admin.users.manage.'],
    ['gus', 'bulk', false, 'Bulk actions on users need admin.users.manage.'],
    ['cli', 'bulk', true],
  ] as const)('%s may %s users: %s', (who, action, expected, message?: string) => {
    const d = mayManageUsers(actor(who), s, action);
    expect(d.ok).toBe(expected);
    if (!d.ok) expect(d.message).toBe(message);
  });

  it.each([
    ['ann', ['lee', 'sam', 'gus'], null],
    ['sam', ['gus', 'sam'], null],
    ['sam', ['gus', 'lee', 'boss'], '(user lee); ', '(user boss)'],
    ['cli', ['boss'], null],
  ])('%s manages each of %j: %s', (who, ids, refusal, last?: string) => {
    const d = mayManageEach(actor(who), s, ids);
    if (refusal === null) expect(d.ok).toBe(true);
    // Every refused user is named, each with the reason.
    else
      expect(!d.ok && d.message.includes(refusal) && d.message.endsWith(last ?? refusal)).toBe(
        true,
      );
  });
});
