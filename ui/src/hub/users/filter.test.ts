// The users list's filter text, sort and bulk wording: what the screen sends and shows.
import { describe, expect, it } from 'vitest';
import { bulkBody, bulkSummary, namedRefusal, resultText, targetOf } from './bulk';
import { isFiltered, sortOf, usersListOptions } from './filter';
import { assignableRoles } from './roles';

// As the SDK's pb.filter: params quoted, quotes escaped.
const bind = (raw: string, params: Record<string, unknown> = {}) =>
  raw.replace(/\{:(\w+)\}/g, (_, k: string) => `'${String(params[k]).replace(/'/g, "\\'")}'`);

describe('usersListOptions', () => {
  it('asks for everything, by name, with no filter', () => {
    expect(usersListOptions({}, bind)).toEqual({ filter: '', sort: 'name,id' });
  });

  it('searches name or email, bound safely', () => {
    expect(usersListOptions({ q: "  o'neil " }, bind).filter).toBe(
      "(name ~ 'o\\'neil' || email ~ 'o\\'neil')",
    );
    expect(usersListOptions({ q: '   ' }, bind).filter).toBe('');
  });

  it('filters one group through memberOf, or a group with sub-groups through inGroup', () => {
    expect(usersListOptions({ group: 'g1' }, bind)).toEqual({
      filter: '',
      memberOf: 'g1',
      sort: 'name,id',
    });
    expect(usersListOptions({ group: 'g1', subgroups: true }, bind)).toEqual({
      filter: '',
      inGroup: 'g1',
      sort: 'name,id',
    });
    // Sub-groups without a group is no filter at all.
    expect(usersListOptions({ subgroups: true }, bind).inGroup).toBeUndefined();
    expect(usersListOptions({}, bind).memberOf).toBeUndefined();
  });

  it('ANDs role, status and search', () => {
    expect(
      usersListOptions({ q: 'ann', role: 'Lead', status: 'disabled', sort: '-email' }, bind),
    ).toEqual({
      filter: "(name ~ 'ann' || email ~ 'ann') && role = 'Lead' && status = 'disabled'",
      sort: '-email,id',
    });
  });

  it('sorts only by the sortable columns', () => {
    expect(sortOf('-created')).toBe('-created');
    expect(sortOf('level')).toBe('name');
    expect(sortOf('passwordHash')).toBe('name');
    expect(sortOf(undefined)).toBe('name');
  });

  it('says when the list is narrowed', () => {
    expect(isFiltered({ sort: 'email', page: 3 })).toBe(false);
    expect(isFiltered({ status: 'active' })).toBe(true);
    expect(isFiltered({ q: ' ' })).toBe(false);
  });
});

describe('bulk actions', () => {
  it('summarises before Confirm, in the seed words', () => {
    expect(bulkSummary('addToGroup', 12, 'Engineering / Platform')).toBe(
      'Assign 12 users to Engineering / Platform',
    );
    expect(bulkSummary('addToGroup', 12, '')).toBe('');
    expect(bulkSummary('removeFromGroup', 1, 'Ops')).toBe('Remove 1 user from Ops');
    expect(bulkSummary('setRole', 2, 'Lead')).toBe('Set the role of 2 users to Lead');
    expect(bulkSummary('disable', 3, '')).toBe('Disable 3 users');
  });

  it('builds the one body, only once the target is chosen', () => {
    expect(targetOf('enable')).toBeNull();
    expect(bulkBody('addToGroup', ['a'], null)).toBeNull();
    expect(bulkBody('addToGroup', ['a', 'b'], 'g')).toEqual({
      action: 'addToGroup',
      ids: ['a', 'b'],
      group: 'g',
    });
    expect(bulkBody('setRole', ['a'], 'Lead')).toEqual({
      action: 'setRole',
      ids: ['a'],
      role: 'Lead',
    });
    expect(bulkBody('disable', ['a'], null)).toEqual({ action: 'disable', ids: ['a'] });
    expect(bulkBody('disable', [], null)).toBeNull();
  });

  it("names the refused users in the server's message", () => {
    const names = new Map([['u1', 'Ada Admin']]);
    expect(namedRefusal('You (level 2) cannot manage (user u1); Nope (user u9)', names)).toBe(
      'You (level 2) cannot manage (Ada Admin); Nope (user u9)',
    );
  });

  it('says what changed, and what was already so', () => {
    expect(resultText('addToGroup', { action: 'addToGroup', changed: ['a', 'b'] }, 3, 'Ops')).toBe(
      'Assigned 2 users to Ops. 1 was already in it.',
    );
    expect(
      resultText('disable', { action: 'disable', changed: ['a'], tokensRevoked: 2 }, 1, ''),
    ).toBe('Disabled 1 user; 2 API tokens revoked.');
  });
});

describe('assignableRoles', () => {
  const roles = [
    { id: '1', name: 'admin', level: 1 },
    { id: '2', name: 'Manager', level: 2 },
    { id: '3', name: 'user', level: 4 },
  ];
  it('offers the roles at or below the caller', () => {
    expect(assignableRoles(roles, { superuser: false, level: 2 }).map((r) => r.name)).toEqual([
      'Manager',
      'user',
    ]);
    expect(assignableRoles(roles, { superuser: true, level: null })).toHaveLength(3);
    expect(assignableRoles(roles, { superuser: false, level: null })).toEqual([]);
    expect(assignableRoles(roles, undefined)).toEqual([]);
  });
});
