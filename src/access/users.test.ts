// The pure decisions on accounts, levels and role definitions, as tables: who may see, manage and
// change which user's which fields, and who may write which grants into a role.
import { describe, expect, it } from 'vitest';
import { AccessIndex, type RoleData, type UserData } from './access-index.js';
import type { Permissions } from '../catalogue/modules.js';
import type { AccessSnapshot } from './grants.js';
import { mayAssignLevel, mayManageUser } from './levels.js';
import { CLI, type Principal } from './principal.js';
import { mayDefineRole } from './roles.js';
import {
  canManageUsers,
  canViewUser,
  editableUserFields,
  mayExportUsers,
  mayImportUsers,
  mayManageSessionsOf,
  needsOldPassword,
} from './users.js';

const role = (id: string, level: number, admin: string[] = [], extra = {}): RoleData => ({
  id,
  name: id,
  level,
  permissions: { ...(admin.length ? { admin: { actions: admin, scope: 'all' } } : {}), ...extra },
});
const user = (id: string, roleName: string, extra: Partial<UserData> = {}): UserData => ({
  id,
  role: roleName,
  status: 'active',
  groupIds: [],
  ...extra,
});

// root 0 (users.manage, roles.manage), admin 1, pm 2 (users.manage, roles.manage), peer 2,
// viewer 4 (users.view only), reader 5 (nothing), bot: a service account at 5.
const s: AccessSnapshot = {
  index: AccessIndex.build({
    roles: [
      role('root', 0, ['users.manage', 'roles.manage']),
      role('admin', 1, ['users.view', 'users.manage']),
      role('pm', 2, ['users.manage', 'roles.manage'], {
        projects: { actions: ['view', 'edit'], scope: 'shared' },
      }),
      role('viewer', 4, ['users.view']),
      role('reader', 5),
    ],
    groups: [],
    users: [
      user('boss', 'root'),
      user('ann', 'admin'),
      user('pm', 'pm'),
      user('peer', 'pm'),
      user('vic', 'viewer'),
      user('rita', 'reader'),
      user('bot', 'reader', { service: true }),
    ],
  }),
  shareAllSystems: false,
};

const as = (id: string, extra: Partial<Extract<Principal, { type: 'user' }>> = {}): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role: '',
  sessionId: 's',
  ...extra,
});
const fields = (p: Principal, target: string) =>
  [...editableUserFields(p, s, target).fields].sort().join(',');

describe('levels', () => {
  it.each([
    ['boss', 'ann', true],
    ['ann', 'pm', true],
    ['pm', 'peer', true],
    ['pm', 'ann', false],
    ['pm', 'boss', false],
    ['rita', 'pm', false],
  ])('%s manages %s: %s', (actor, target, expected) => {
    expect(mayManageUser(as(actor), s, target).ok).toBe(expected);
  });

  it.each([
    ['pm', 2, true],
    ['pm', 1, false],
    ['ann', 1, true],
    ['ann', 0, false],
    ['rita', 5, true],
  ])('%s assigns a level-%i role: %s', (actor, level, expected) => {
    expect(mayAssignLevel(as(actor), s, 'r', level).ok).toBe(expected);
  });

  it('puts operators above every level', () => {
    expect(mayManageUser(CLI, s, 'boss').ok).toBe(true);
    expect(mayAssignLevel(CLI, s, 'root', 0).ok).toBe(true);
  });
});

describe('users', () => {
  it.each([
    ['vic', 'boss', true, false],
    ['rita', 'rita', true, false],
    ['rita', 'pm', false, false],
    ['pm', 'rita', true, true],
  ])('%s views %s: %s; manages users: %s', (actor, target, view, manage) => {
    expect(canViewUser(as(actor), s, target)).toBe(view);
    expect(canManageUsers(as(actor), s)).toBe(manage);
  });

  const all = 'email,emailVisibility,groups,name,password,role,status,username,verified';
  const noCredentials = 'emailVisibility,groups,name,role,status,username,verified';
  const self = 'email,emailVisibility,name,password,username';
  it.each([
    ['ann', 'pm', all, 'a higher level changes everything'],
    ['pm', 'peer', noCredentials, 'a peer: not their email or password'],
    ['pm', 'ann', '', 'nothing of a higher user'],
    ['pm', 'pm', all, 'oneself, with users.manage'],
    ['rita', 'rita', self, 'oneself, without users.manage'],
    ['rita', 'vic', '', 'nobody else without users.manage'],
  ])('%s edits %s: [%s] (%s)', (actor, target, expected) => {
    expect(fields(as(actor), target)).toBe(expected);
  });

  it('gives a service account nothing of its own account, and operators everything', () => {
    expect(fields(as('bot', { kind: 'service' }), 'bot')).toBe('');
    expect(fields(CLI, 'boss')).toBe(all);
  });

  it('asks for the old password only of a user changing their own', () => {
    expect(needsOldPassword(as('rita'), 'rita')).toBe(true);
    expect(needsOldPassword(as('ann'), 'rita')).toBe(false);
    expect(needsOldPassword(CLI, 'rita')).toBe(false);
  });
});

describe('import and export', () => {
  // An importer needs users.manage and import; exporting is reading (users.view or users.manage).
  const io: AccessSnapshot = {
    index: AccessIndex.build({
      roles: [
        role('importer', 2, ['users.manage', 'import']),
        role('loader', 2, ['import']),
        role('manager', 2, ['users.manage']),
        role('viewer', 4, ['users.view']),
        role('reader', 5),
      ],
      groups: [],
      users: ['importer', 'loader', 'manager', 'viewer', 'reader'].map((r) => user(r, r)),
    }),
    shareAllSystems: false,
  };
  it.each([
    ['importer', true, true],
    ['loader', false, false],
    ['manager', false, true],
    ['viewer', false, true],
    ['reader', false, false],
  ])('%s imports: %s; exports: %s', (actor, imports, exports) => {
    expect(mayImportUsers(as(actor), io).ok).toBe(imports);
    expect(mayExportUsers(as(actor), io).ok).toBe(exports);
  });

  it('says what is missing, and lets operators do both', () => {
    const refused = mayImportUsers(as('manager'), io);
    expect(!refused.ok && refused.message).toBe(
      'Importing users needs admin.users.manage and admin.import.',
    );
    const unread = mayExportUsers(as('reader'), io);
    expect(!unread.ok && unread.message).toBe(
      'Exporting users needs admin.users.view or admin.users.manage.',
    );
    expect(mayImportUsers(CLI, io).ok).toBe(true);
    expect(mayExportUsers(CLI, io).ok).toBe(true);
  });
});

describe('role definitions', () => {
  const grant = (actions: string[], scope: 'shared' | 'all' = 'shared'): Permissions => ({
    projects: { actions, scope },
  });
  const cases: [string, string | null, Permissions, Permissions, boolean, string][] = [
    ['pm', 'reader', {}, grant(['view']), true, 'a grant the actor holds'],
    ['pm', 'reader', {}, grant(['delete']), false, 'an action the actor lacks'],
    ['pm', 'reader', {}, grant(['view'], 'all'), false, 'a wider scope than the actor’s'],
    ['pm', 'pm', {}, {}, false, 'the role the actor holds'],
    ['pm', null, {}, { admin: { actions: ['audit.view'], scope: 'all' } }, false, 'a new role'],
    ['boss', 'root', {}, grant(['delete'], 'all'), true, 'level 0 edits its own role'],
    ['pm', 'viewer', grant(['delete']), grant(['delete', 'view']), true, 'keeping what was there'],
  ];
  it.each(cases)('%s defines %s: %s (%s)', (actor, roleId, before, after, expected) => {
    expect(mayDefineRole(as(actor), s, roleId, before, after).ok).toBe(expected);
  });

  it('narrows to a token’s scopes', () => {
    const token = as('pm', { token: { id: 't', scopes: ['admin:roles.manage'] } });
    expect(mayDefineRole(token, s, 'reader', {}, grant(['view'])).ok).toBe(false);
  });
});

describe("another user's sessions", () => {
  it.each([
    ['boss', 'ann', true],
    ['pm', 'peer', true],
    ['pm', 'ann', false],
    ['vic', 'rita', false],
    ['rita', 'rita', false],
  ])('%s manages the sessions of %s: %s', (actor, target, expected) => {
    expect(mayManageSessionsOf(as(actor), s, target).ok).toBe(expected);
  });

  it('operators may; a token needs the admin:users.manage scope', () => {
    expect(mayManageSessionsOf(CLI, s, 'boss').ok).toBe(true);
    const narrow = as('ann', { token: { id: 't', scopes: ['admin:users.view'] } });
    expect(mayManageSessionsOf(narrow, s, 'rita')).toMatchObject({
      ok: false,
      message: "Managing a user's sessions needs admin.users.manage.",
    });
    const manage = as('ann', { token: { id: 't', scopes: ['admin:users.manage'] } });
    expect(mayManageSessionsOf(manage, s, 'rita').ok).toBe(true);
  });
});
