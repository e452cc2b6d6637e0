// The directory's guards as a table: each change, who makes it, and what the guard answers.
import { describe, expect, it } from 'vitest';
import { checkDirectoryChange } from './directory-guard.js';
import { AccessIndex, type GroupData, type RoleData, type UserData } from './access-index.js';
import { type DirectoryChanges, DirectoryOverlay } from './overlay.js';
import { type Principal, SYSTEM } from './principal.js';

const role = (id: string, level: number, actions: string[] = []): RoleData => ({
  id,
  name: id,
  level,
  permissions: actions.length ? { admin: { actions, scope: 'all' } } : {},
});
const group = (id: string, parent: string | null, roleIds: string[] = []): GroupData => ({
  id,
  name: id,
  parent,
  roleIds,
});
const user = (
  id: string,
  roleName: string,
  groupIds: string[] = [],
  status = 'active',
): UserData => ({
  id,
  role: roleName,
  status,
  groupIds,
});

// root (level 0) on group Top; admin (1) on group Admins; pm holds manager (2); reader holds viewer (5).
const index = () =>
  AccessIndex.build({
    roles: [
      role('super', 0, ['users.manage']),
      role('admin', 1, ['users.manage', 'groups.manage']),
      role('manager', 2, ['groups.manage']),
      role('viewer', 5),
    ],
    groups: [group('Top', null, ['super']), group('Admins', null, ['admin']), group('Mine', null)],
    users: [
      user('boss', 'viewer', ['Top']),
      user('ann', 'viewer', ['Admins']),
      user('pm', 'manager', ['Mine']),
      user('reader', 'viewer', ['Mine']),
    ],
  });

const as = (id: string): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role: '',
  sessionId: 's',
});

type Change = Partial<{
  roles: [string, RoleData | null][];
  groups: [string, GroupData | null][];
  users: [string, UserData | null][];
}>;

function verdict(actor: Principal, change: Change) {
  const before = index();
  const changes: DirectoryChanges = {
    roles: new Map(change.roles ?? []),
    groups: new Map(change.groups ?? []),
    users: new Map(change.users ?? []),
  };
  const result = checkDirectoryChange(actor, before, new DirectoryOverlay(before, changes));
  return result.ok ? 'ok' : `${result.status} ${result.field ?? ''}`.trim();
}

describe('checkDirectoryChange', () => {
  const cases: [string, Principal, Change, string][] = [
    [
      'a manager moves their group under a level-0 group',
      as('pm'),
      { groups: [['Mine', group('Mine', 'Top')]] },
      '403',
    ],
    [
      'a manager moves their group under Admins',
      as('pm'),
      { groups: [['Mine', group('Mine', 'Admins')]] },
      '403',
    ],
    [
      'a manager renames their group',
      as('pm'),
      { groups: [['Mine', { ...group('Mine', null), name: 'Ours' }]] },
      'ok',
    ],
    [
      'a manager strips the admin role from Admins',
      as('pm'),
      { groups: [['Admins', group('Admins', null)]] },
      '403',
    ],
    [
      'a manager deletes Admins',
      as('pm'),
      { groups: [['Admins', null]], users: [['ann', user('ann', 'viewer')]] },
      '403',
    ],
    [
      'an admin deletes Admins, demoting herself',
      as('ann'),
      { groups: [['Admins', null]], users: [['ann', user('ann', 'viewer')]] },
      'ok',
    ],
    [
      'a manager gives a viewer the manager role',
      as('pm'),
      { users: [['reader', user('reader', 'manager', ['Mine'])]] },
      'ok',
    ],
    [
      'a manager gives a viewer the admin role',
      as('pm'),
      { users: [['reader', user('reader', 'admin', ['Mine'])]] },
      '403',
    ],
    [
      'a manager widens their own role (level drops to 1)',
      as('pm'),
      { roles: [['manager', role('manager', 1, ['groups.manage'])]] },
      '403',
    ],
    [
      'a superuser lowers the only level-0 role',
      SYSTEM,
      { roles: [['super', role('super', 1, ['users.manage'])]] },
      '403',
    ],
    [
      'a superuser disables the only level-0 user',
      SYSTEM,
      { users: [['boss', user('boss', 'viewer', ['Top'], 'disabled')]] },
      '403',
    ],
    [
      'a superuser deletes the level-0 group',
      SYSTEM,
      { groups: [['Top', null]], users: [['boss', user('boss', 'viewer')]] },
      '403',
    ],
    [
      'a superuser adds a second level-0 user',
      SYSTEM,
      { users: [['reader', user('reader', 'viewer', ['Top'])]] },
      'ok',
    ],
    ['a group under itself', SYSTEM, { groups: [['Mine', group('Mine', 'Mine')]] }, '400 parent'],
    [
      'two groups under each other',
      SYSTEM,
      {
        groups: [
          ['Mine', group('Mine', 'Admins')],
          ['Admins', group('Admins', 'Mine', ['admin'])],
        ],
      },
      '400 parent',
    ],
    [
      'a manager removes a viewer from their group',
      as('pm'),
      { users: [['reader', user('reader', 'viewer')]] },
      'ok',
    ],
    [
      'a viewer removes the boss from Top',
      as('reader'),
      { users: [['boss', user('boss', 'viewer')]] },
      '403',
    ],
  ];
  it.each(cases)('%s', (_name, actor, change, expected) => {
    expect(verdict(actor, change)).toBe(expected);
  });

  it('keeps the last level-0 user when a second one leaves first in the same change', () => {
    const both: Change = {
      users: [
        ['reader', user('reader', 'viewer', ['Top'])],
        ['boss', user('boss', 'viewer', [])],
      ],
    };
    expect(verdict(SYSTEM, both)).toBe('ok');
    const neither: Change = {
      users: [
        ['reader', user('reader', 'viewer', ['Top'], 'disabled')],
        ['boss', user('boss', 'viewer', [])],
      ],
    };
    expect(verdict(SYSTEM, neither)).toBe('403');
  });
});
