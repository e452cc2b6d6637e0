import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from './builtin-roles.js';
import { AccessIndex } from './access-index.js';
import { MODULES, isAction, isModule } from '../catalogue/modules.js';
import type { Principal } from './principal.js';
import {
  creatorDefaults,
  mayAssignOwner,
  mayFilterBy,
  mayFilterHiddenFields,
  maySeeEmail,
  recordAccess,
  referenceMustBeVisible,
  viewRule,
} from './records.js';
import { type AccessSnapshot } from './grants.js';
import { getCollection } from '../catalogue/collections.js';

const ROLES = BUILTIN_ROLES.map((r, i) => ({ ...r, id: `role${String(i)}` }));
const ROLE_NAMES = ['admin', 'user', 'readonly', 'no-such-role'];

/** An index with one user per role name (id = the role name), all in group g1. */
const snapshot = (shareAllSystems = false): AccessSnapshot => ({
  index: AccessIndex.build({
    roles: ROLES,
    groups: [{ id: 'g1', name: 'Team', parent: null, roleIds: [] }],
    users: ROLE_NAMES.map((role) => ({ id: role, role, status: 'active', groupIds: ['g1'] })),
  }),
  shareAllSystems,
});
const user = (role: string): Principal => ({
  type: 'user',
  id: role,
  email: 'u@example.com',
  role,
  sessionId: 's',
});
const member = (id: string) => ({
  kind: 'member',
  field: 'users',
  userId: id,
  groupField: 'groups',
  groupIds: ['g1'],
});

describe('built-in roles', () => {
  it('grant only catalogued modules and actions', () => {
    for (const role of BUILTIN_ROLES) {
      expect(role.level).toBeGreaterThanOrEqual(0);
      expect(role.level).toBeLessThanOrEqual(5);
      for (const [module, grant] of Object.entries(role.permissions)) {
        expect(isModule(module), `${role.name}: ${module}`).toBe(true);
        for (const action of grant.actions)
          expect(
            isAction(module as keyof typeof MODULES, action),
            `${role.name}: ${module}.${action}`,
          ).toBe(true);
      }
    }
  });

  it('match SPEC §2: admin level 1 without system, user 4, readonly 5 view-only', () => {
    const byName = new Map(BUILTIN_ROLES.map((r) => [r.name, r]));
    expect(byName.get('admin')).toMatchObject({
      level: 1,
      permissions: { systems: { scope: 'shared' }, admin: { actions: [...MODULES.admin] } },
    });
    expect(byName.get('admin')?.permissions.system).toBeUndefined();
    expect(byName.get('user')).toMatchObject({
      level: 4,
      permissions: {
        systems: { actions: ['view', 'create', 'edit', 'delete', 'export'] },
        alerts: { actions: [...MODULES.alerts] },
      },
    });
    expect(byName.get('readonly')).toMatchObject({
      level: 5,
      permissions: { projects: { actions: ['view'] }, alerts: { actions: [...MODULES.alerts] } },
    });
    expect(byName.get('Project Manager')?.permissions).toMatchObject({
      reports: { actions: ['view', 'export'] },
      admin: { actions: ['users.view', 'users.manage', 'groups.manage'] },
    });
  });
});

describe('recordAccess', () => {
  const systems = getCollection('systems');
  const alerts = getCollection('alerts');
  const reports = getCollection('reports');

  it('lets operators do anything, everywhere', () => {
    for (const p of [
      { type: 'superuser', id: 's', email: '', sessionId: '' },
      { type: 'cli' },
      { type: 'system' },
    ] as Principal[]) {
      expect(recordAccess(p, snapshot(), systems, 'delete')).toEqual({
        ok: true,
        rule: { kind: 'all' },
      });
    }
  });

  it('scopes a guest’s view to nothing, refuses a guest’s writes with 401 and missing grants with 403 naming the grant', () => {
    // As PocketBase's rules: a guest's list is empty and a record absent (404), not a 401.
    expect(recordAccess({ type: 'guest' }, snapshot(), systems, 'view')).toEqual({
      ok: true,
      rule: { kind: 'none' },
    });
    expect(recordAccess({ type: 'guest' }, snapshot(), systems, 'create')).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      recordAccess({ type: 'guest' }, snapshot(), getCollection('_superusers'), 'view'),
    ).toEqual({
      ok: false,
      status: 403,
      message: 'Only superusers can perform this action.',
    });
    expect(recordAccess(user('readonly'), snapshot(), systems, 'create')).toEqual({
      ok: false,
      status: 403,
      message: 'Your roles do not grant systems.create.',
    });
    expect(recordAccess(user('no-such-role'), snapshot(), systems, 'view')).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('scopes member-mode records to membership and owner-mode to owner + visible parent', () => {
    expect(recordAccess(user('user'), snapshot(), systems, 'edit')).toEqual({
      ok: true,
      rule: member('user'),
    });
    expect(recordAccess(user('readonly'), snapshot(), alerts, 'create')).toEqual({
      ok: true,
      rule: {
        kind: 'owner',
        field: 'user',
        userId: 'readonly',
        parent: {
          field: 'system',
          collection: 'systems',
          rule: member('readonly'),
        },
      },
    });
    expect(recordAccess(user('user'), snapshot(), reports, 'view')).toEqual({
      ok: true,
      rule: {
        kind: 'parent',
        parent: {
          field: 'project',
          collection: 'projects',
          rule: member('user'),
        },
      },
    });
  });

  it('gives admin role no scope beyond shared records', () => {
    expect(viewRule(user('admin'), snapshot(), systems)).toEqual(member('admin'));
  });

  it('opens system views, and only views, to everyone under SHARE_ALL_SYSTEMS', () => {
    expect(viewRule(user('readonly'), snapshot(true), systems)).toEqual({ kind: 'all' });
    expect(recordAccess(user('readonly'), snapshot(true), systems, 'edit')).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(recordAccess(user('user'), snapshot(true), systems, 'edit')).toMatchObject({
      rule: { kind: 'member' },
    });
    // Alerts stay private to their owner; only their parent becomes visible.
    expect(viewRule(user('readonly'), snapshot(true), alerts)).toEqual({
      kind: 'owner',
      field: 'user',
      userId: 'readonly',
      parent: { field: 'system', collection: 'systems', rule: { kind: 'all' } },
    });
  });

  it('lets users see and edit only their own account; admin:users.view sees all', () => {
    const users = getCollection('users');
    expect(viewRule(user('user'), snapshot(), users)).toEqual({ kind: 'self', userId: 'user' });
    expect(viewRule(user('admin'), snapshot(), users)).toEqual({ kind: 'all' });
    expect(recordAccess(user('user'), snapshot(), users, 'delete')).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      recordAccess(user('admin'), snapshot(), getCollection('_superusers'), 'view'),
    ).toMatchObject({ ok: false, status: 403 });
  });
});

describe('record writes: creator defaults, owners and references', () => {
  const systems = getCollection('systems');
  const alerts = getCollection('alerts');
  const reports = getCollection('reports');
  const superuser: Principal = { type: 'superuser', id: 's', email: '', sessionId: '' };
  const operators: Principal[] = [superuser, { type: 'cli' }, { type: 'system' }];

  it.each([
    ['user', alerts, { owner: { field: 'user', userId: 'user' } }],
    ['user', systems, { member: { field: 'users', userId: 'user' } }],
    ['user', reports, {}],
  ] as const)('gives a %s creating %s its defaults', (role, collection, expected) => {
    expect(creatorDefaults(user(role), collection)).toEqual(expected);
  });

  it('gives operators no defaults', () => {
    for (const p of operators) {
      expect(creatorDefaults(p, alerts)).toEqual({});
      expect(creatorDefaults(p, systems)).toEqual({});
    }
  });

  const notOwner = {
    ok: false,
    status: 400,
    field: 'user',
    code: 'validation_not_owner',
    message: 'Must be your own user id.',
  };
  it.each([
    ['create', { user: 'user' }, true],
    ['create', { user: 'other' }, false],
    ['create', {}, false],
    ['edit', {}, true],
    ['edit', { user: 'user' }, true],
    ['edit', { user: 'other' }, false],
  ] as const)('%s of an owner-mode record naming %j: allowed %s', (action, written, ok) => {
    const decision = mayAssignOwner(user('user'), alerts, written, action);
    expect(decision).toEqual(ok ? { ok: true } : notOwner);
  });

  it('lets operators name any owner, and ignores collections without one', () => {
    for (const p of operators)
      expect(mayAssignOwner(p, alerts, { user: 'other' }, 'create').ok).toBe(true);
    expect(mayAssignOwner(user('user'), systems, { user: 'other' }, 'create').ok).toBe(true);
  });

  it.each([
    [alerts, 'system', true],
    [alerts, 'user', false],
    [reports, 'project', true],
    [systems, 'users', false],
  ] as const)(
    'a user writing %s must see the record named by %s: %s',
    (collection, field, must) => {
      expect(referenceMustBeVisible(user('user'), collection, field)).toBe(must);
      for (const p of operators) expect(referenceMustBeVisible(p, collection, field)).toBe(false);
    },
  );

  it('lets only operators filter on hidden fields', () => {
    expect(operators.map(mayFilterHiddenFields)).toEqual([true, true, true]);
    expect(mayFilterHiddenFields(user('admin'))).toBe(false);
    expect(mayFilterHiddenFields({ type: 'guest' })).toBe(false);
  });

  it.each([
    ['name = "x"', '', true],
    ['@request.auth.id != ""', '', false],
    ['', '-@collection.systems.name', false],
    ['note ~ "@request"', '', true],
    ['note ~ "@request."', '', false],
  ] as const)(
    'lets a user filter by %j, sort by %j: %s (operators: always)',
    (filter, sort, ok) => {
      const refused = mayFilterBy(user('admin'), { filter, sort });
      expect(refused.ok).toBe(ok);
      if (!refused.ok)
        expect(refused.message).toMatch(/^Only superusers can filter by @(request|collection)\.$/);
      for (const p of operators) expect(mayFilterBy(p, { filter, sort }).ok).toBe(true);
    },
  );
});

describe('maySeeEmail', () => {
  it.each([
    [user('user'), 'user', false, true],
    [user('user'), 'other', false, false],
    [user('user'), 'other', true, true],
    [{ type: 'guest' }, 'other', false, false],
    [{ type: 'guest' }, 'other', true, true],
    [{ type: 'superuser', id: 's', email: '', sessionId: '' }, 'other', false, true],
    [{ type: 'system' }, 'other', false, true],
  ] as [Principal, string, boolean, boolean][])(
    '%j viewing %s (visible: %s) sees the email: %s',
    (viewer, userId, visible, sees) => {
      expect(maySeeEmail(viewer, userId, visible)).toBe(sees);
    },
  );
});
