// The what-if kernel: a proposed change on an overlay, diffed per grant and level; users alike
// share one resolution but each is named, and the index itself is never touched.
import { describe, expect, it } from 'vitest';
import { AccessIndex } from './access-index.js';
import { diffAccess, overlayOf } from './preview.js';

const index = () =>
  AccessIndex.build({
    roles: [
      {
        id: 'lead',
        name: 'Lead',
        level: 3,
        permissions: { projects: { actions: ['view'], scope: 'shared' } },
      },
      { id: 'viewer', name: 'viewer', level: 5, permissions: {} },
      {
        id: 'boss',
        name: 'Boss',
        level: 1,
        permissions: { admin: { actions: ['users.view'], scope: 'all' } },
      },
    ],
    groups: [
      { id: 'org', name: 'Org', parent: null, roleIds: ['lead'] },
      { id: 'team', name: 'Team', parent: 'org', roleIds: [] },
      { id: 'top', name: 'Top', parent: null, roleIds: ['boss'] },
    ],
    users: [
      { id: 'a', role: 'viewer', status: 'active', groupIds: ['team'] },
      { id: 'b', role: 'viewer', status: 'active', groupIds: ['team'] },
      { id: 'c', role: 'Lead', status: 'active', groupIds: [] },
      { id: 'd', role: 'viewer', status: 'disabled', groupIds: ['team'] },
      { id: 'e', role: 'viewer', status: 'active', groupIds: [] },
    ],
  });

describe('diffAccess', () => {
  it('a role change: every holder, directly and through ancestors; a disabled user gains nothing', () => {
    const before = index();
    const overlay = overlayOf(before, {
      type: 'role',
      id: 'lead',
      permissions: { projects: { actions: ['view', 'delete'], scope: 'all' } },
      level: 2,
    });
    expect(overlay).not.toBeNull();
    const diff = diffAccess(before, overlay!);
    expect(diff.affected).toBe(4);
    expect(diff.changed).toBe(3);
    const lines = diff.grants.map((g) => [
      g.kind,
      `${g.module}.${g.action}`,
      g.scope,
      [...g.userIds].sort(),
    ]);
    expect(lines).toEqual([
      ['gain', 'projects.delete', 'all', ['a', 'b', 'c']],
      ['gain', 'projects.view', 'all', ['a', 'b', 'c']],
      ['lose', 'projects.view', 'shared', ['a', 'b', 'c']],
    ]);
    expect(diff.levels.map((l) => [l.from, l.to, [...l.userIds].sort()])).toEqual([
      [3, 2, ['a', 'b', 'c']],
    ]);
    // Nothing was written to the index.
    expect(before.role('lead')?.level).toBe(3);
    expect(before.effective('a')?.level).toBe(3);
  });

  it('a group moved under another: its members gain the new ancestors’ roles and lose the old', () => {
    const before = index();
    const diff = diffAccess(
      before,
      overlayOf(before, { type: 'group', id: 'team', parent: 'top' })!,
    );
    expect(diff.levels.map((l) => [l.from, l.to, [...l.userIds].sort()])).toEqual([
      [3, 1, ['a', 'b']],
    ]);
    expect(diff.grants.map((g) => `${g.kind} ${g.module}.${g.action}`).sort()).toEqual([
      'gain admin.users.view',
      'lose projects.view',
    ]);
  });

  it('a user change reaches that user only; unknown entities give no overlay', () => {
    const before = index();
    const diff = diffAccess(before, overlayOf(before, { type: 'user', id: 'e', groups: ['org'] })!);
    expect(diff.affected).toBe(1);
    expect(diff.grants.map((g) => g.userIds)).toEqual([['e']]);
    expect(overlayOf(before, { type: 'user', id: 'nobody', role: 'Lead' })).toBeNull();
    expect(overlayOf(before, { type: 'group', id: 'nowhere', parent: null })).toBeNull();
    expect(overlayOf(before, { type: 'role', id: 'none', level: 1 })).toBeNull();
  });
});

describe('users alike resolve once', () => {
  it('each keeps their own id, and a role change reaches them all', () => {
    const idx = index();
    expect(idx.effective('a')?.userId).toBe('a');
    expect(idx.effective('b')?.userId).toBe('b');
    expect(idx.effective('b')?.modules).toBe(idx.effective('a')?.modules);
    idx.upsertRole({ id: 'lead', name: 'Lead', level: 4, permissions: {} });
    expect(idx.effective('b')?.level).toBe(4);
    expect(idx.effective('a')?.modules.size).toBe(0);
  });
});
