// The Share dialog's words and body: "via group" paths, grants, titles, picker labels, and the
// bulk-share body checked with the server's schema.
import { describe, expect, it } from 'vitest';
import {
  accessText,
  grantText,
  groupTarget,
  shareBody,
  shareTitle,
  targetValue,
  userTarget,
  viaText,
} from './share-describe';

const team = { id: 'team00000000001', name: 'Security Team', path: 'Security Team' };
const seniors = {
  id: 'seniors00000001',
  name: 'Senior Consultants',
  path: 'Security Team / Senior Consultants',
};
const rec = (n: number) => `rec${String(n).padStart(12, '0')}`;

describe('share-describe', () => {
  it('says how a member reaches the record, by their own group’s path', () => {
    expect(viaText({ type: 'user' })).toBe('directly');
    expect(viaText({ type: 'group', group: team, through: seniors })).toBe(
      'via group Security Team / Senior Consultants',
    );
    expect(viaText({ type: 'group', group: team, through: team })).toBe('via group Security Team');
    expect(
      accessText({
        via: [
          { type: 'user' },
          { type: 'group', group: team, through: team },
          { type: 'group', group: team, through: team },
        ],
      }),
    ).toBe('directly, via group Security Team');
  });

  it('says what the member’s roles allow', () => {
    expect(grantText({ active: true, canView: true, canEdit: true })).toBe('can edit');
    expect(grantText({ active: true, canView: true, canEdit: false })).toBe('can view');
    expect(grantText({ active: false, canView: false, canEdit: false })).toBe(
      'disabled: no access',
    );
    expect(grantText({ active: true, canView: false, canEdit: false })).toContain('no access');
  });

  it('titles one record "Share" and several "Share N records"', () => {
    expect(shareTitle(1)).toBe('Share');
    expect(shareTitle(3)).toBe('Share 3 records');
  });

  it('labels users with the email only when shown, and groups by path', () => {
    expect(userTarget({ id: 'u', name: 'Sam', email: '', kind: 'user' }).label).toBe('Sam');
    expect(userTarget({ id: 'u', name: 'Vera', email: 'v@x.io', kind: 'user' }).label).toBe(
      'Vera (v@x.io)',
    );
    expect(userTarget({ id: 'u', name: '', email: '', kind: 'service' }).label).toBe('u · service');
    expect(groupTarget({ ...seniors, members: 2 })).toEqual({
      kind: 'group',
      id: seniors.id,
      label: 'Security Team / Senior Consultants',
    });
    expect(targetValue({ kind: 'group', id: 'g' })).toBe('group:g');
  });

  it('builds the bulk body, refusing what the server would', () => {
    const picked = [
      { kind: 'user' as const, id: 'user00000000001' },
      { kind: 'group' as const, id: seniors.id },
    ];
    expect(shareBody([rec(1)], picked, 'add')).toEqual({
      ok: true,
      body: {
        records: [rec(1)],
        add: { users: ['user00000000001'], groups: [seniors.id] },
        remove: { users: [], groups: [] },
      },
    });
    expect(shareBody([rec(1)], picked, 'remove')).toMatchObject({
      ok: true,
      body: { remove: { users: ['user00000000001'] } },
    });
    expect(shareBody([rec(1)], [], 'add')).toEqual({
      ok: false,
      message: 'Pick at least one user or group.',
    });
    const many = Array.from({ length: 501 }, (_, i) => rec(i));
    expect(shareBody(many, picked, 'add')).toEqual({
      ok: false,
      message: 'At most 500 records at once.',
    });
  });
});
