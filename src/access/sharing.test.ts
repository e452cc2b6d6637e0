// Sharing decisions without storage: who may share, which records a bulk share may touch, whom a
// search may match by email, and who has access to a record and how (paths, child groups, orphans).
import { describe, expect, it } from 'vitest';
import { findCollection } from '../catalogue/collections.js';
import { AccessIndex } from './access-index.js';
import { BUILTIN_ROLES } from './builtin-roles.js';
import type { Principal } from './principal.js';
import {
  describeAccess,
  emailSearch,
  mayShare,
  mayShareRecords,
  reachedThroughGroups,
  shareFields,
  type ShareUser,
} from './sharing.js';

const roles = BUILTIN_ROLES.map((r, i) => ({
  id: `role${String(i)}`,
  name: r.name,
  level: r.level,
  permissions: r.permissions,
}));
const index = AccessIndex.build({
  roles,
  groups: [
    { id: 'team', name: 'Security Team', parent: null, roleIds: [] },
    { id: 'seniors', name: 'Senior Consultants', parent: 'team', roleIds: [] },
    { id: 'other', name: 'Other', parent: null, roleIds: [] },
  ],
  users: [
    { id: 'uma', role: 'user', status: 'active', groupIds: [] },
    { id: 'sam', role: 'user', status: 'active', groupIds: ['seniors', 'team'] },
    { id: 'rita', role: 'readonly', status: 'active', groupIds: ['seniors'] },
    { id: 'dan', role: 'user', status: 'disabled', groupIds: ['team'] },
  ],
});
const snapshot = { index, shareAllSystems: false };
const systems = findCollection('systems')!;
const user = (id: string, role = 'user'): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role,
  sessionId: 's',
});
const account = (id: string, status = 'active', emailVisibility = false): ShareUser => ({
  id,
  name: id.toUpperCase(),
  email: `${id}@example.com`,
  emailVisibility,
  status,
  kind: 'user',
});

describe('sharing decisions', () => {
  it('shares only member-mode records, with the edit grant', () => {
    expect(shareFields(systems)).toEqual({
      ok: true,
      fields: { users: 'users', groups: 'groups' },
    });
    expect(shareFields(findCollection('alerts')!)).toMatchObject({
      ok: false,
      field: 'collection',
    });
    expect(mayShare(user('uma'), snapshot, systems)).toMatchObject({
      ok: true,
      rule: { kind: 'member' },
    });
    expect(mayShare(user('rita', 'readonly'), snapshot, systems)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(mayShare({ type: 'guest' }, snapshot, systems)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(mayShare({ type: 'cli' }, snapshot, systems)).toMatchObject({
      ok: true,
      rule: { kind: 'all' },
    });
  });

  it('names every record a bulk share may not touch, missing before read-only', () => {
    const visible = new Set(['a', 'b']);
    const editable = new Set(['a']);
    expect(mayShareRecords(['a'], visible, editable)).toEqual({ ok: true });
    expect(mayShareRecords(['a', 'b', 'x', 'y'], visible, editable)).toMatchObject({
      status: 400,
      field: 'records',
      message: 'Records not found: x, y.',
    });
    expect(mayShareRecords(['a', 'b'], visible, editable)).toMatchObject({
      status: 403,
      field: 'records',
      message: expect.stringContaining(': b.') as string,
    });
  });

  it('lets only operators match hidden emails', () => {
    expect(emailSearch({ type: 'cli' })).toEqual({ all: true });
    expect(emailSearch(user('uma'))).toEqual({ all: false, self: 'uma' });
    expect(emailSearch({ type: 'guest' })).toEqual({ all: false, self: null });
  });

  it('reaches members of the group and of every group beneath it, once per way', () => {
    const reached = reachedThroughGroups(index, ['team', 'missing']);
    expect([...reached.keys()].sort()).toEqual(['dan', 'rita', 'sam']);
    expect(reached.get('sam')).toEqual([
      { group: 'team', through: 'team' },
      { group: 'team', through: 'seniors' },
    ]);
  });

  it('describes who has access and how, with paths, grants and emails as the viewer may see', () => {
    const accounts = new Map(
      ['uma', 'sam', 'rita', 'dan'].map((id) => [
        id,
        account(id, id === 'dan' ? 'disabled' : 'active'),
      ]),
    );
    const view = describeAccess(
      user('uma'),
      snapshot,
      systems,
      { users: ['uma', 'gone'], groups: ['seniors'] },
      accounts,
      10,
    );
    expect(view.users.map((u) => u.id)).toEqual(['uma']);
    expect(view.groups).toEqual([
      {
        id: 'seniors',
        name: 'Senior Consultants',
        path: 'Security Team / Senior Consultants',
        members: 2,
      },
    ]);
    expect(view.members.map((m) => [m.id, m.email, m.canEdit])).toEqual([
      ['rita', '', false],
      ['sam', '', true],
      ['uma', 'uma@example.com', true],
    ]);
    expect(view.members[0]?.via).toEqual([
      {
        type: 'group',
        group: {
          id: 'seniors',
          name: 'Senior Consultants',
          path: 'Security Team / Senior Consultants',
        },
        through: {
          id: 'seniors',
          name: 'Senior Consultants',
          path: 'Security Team / Senior Consultants',
        },
      },
    ]);
    expect(view.orphaned).toBe(false);
    const limited = describeAccess(
      user('uma'),
      snapshot,
      systems,
      { users: [], groups: ['team'] },
      accounts,
      1,
    );
    expect(limited.members).toHaveLength(1);
    expect(limited.memberCount).toBe(3);
  });

  it('calls a record orphaned when no active member remains', () => {
    const accounts = new Map([['dan', account('dan', 'disabled')]]);
    const su: Principal = { type: 'superuser', id: 'su', email: 'su@example.com', sessionId: 's' };
    expect(
      describeAccess(su, snapshot, systems, { users: [], groups: [] }, accounts, 10).orphaned,
    ).toBe(true);
    const onlyDan = describeAccess(
      su,
      snapshot,
      systems,
      { users: ['dan'], groups: ['other'] },
      accounts,
      10,
    );
    expect(onlyDan.orphaned).toBe(true);
    expect(onlyDan.members[0]).toMatchObject({
      id: 'dan',
      active: false,
      canView: false,
      email: 'dan@example.com',
    });
  });
});
