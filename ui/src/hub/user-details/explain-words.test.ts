// The user details' pure helpers: what Save Changes sends, and how an explanation is put into words.
import { describe, expect, it } from 'vitest';
import { changedFields, type DetailsValues } from './data';
import { answerWords, recordCollections, stepsOf } from './explain-words';

const STORED: DetailsValues = {
  name: 'Alice',
  email: 'alice@example.com',
  groups: ['g1', 'g2'],
  role: 'user',
  status: 'active',
};

describe('changedFields', () => {
  it('sends only what differs from the stored user', () => {
    expect(changedFields(STORED, { ...STORED })).toEqual({});
    expect(changedFields(STORED, { ...STORED, name: 'Alice B', status: 'disabled' })).toEqual({
      name: 'Alice B',
      status: 'disabled',
    });
  });

  it('compares groups as an ordered list and trims the email', () => {
    expect(changedFields(STORED, { ...STORED, groups: ['g2', 'g1'] })).toEqual({
      groups: ['g2', 'g1'],
    });
    expect(changedFields(STORED, { ...STORED, email: ' alice@example.com ' })).toEqual({});
  });
});

describe('explanations in words', () => {
  it('names the user instead of the server’s "user <id>"', () => {
    expect(
      stepsOf(['user u1', 'Senior Consultants', 'Security Team', 'role Lead'], 'u1', 'Alice'),
    ).toEqual(['Alice', 'Senior Consultants', 'Security Team', 'role Lead']);
  });

  it('says why when nothing grants the permission, and when only the record is out of reach', () => {
    const q = { module: 'projects', action: 'delete' };
    expect(answerWords('Alice', q, { allowed: false, level: 3, reasons: [] })).toEqual([
      'Alice may not projects.delete.',
      'No role grants projects.delete: not their own role, nor a role of their groups or of the groups above them.',
    ]);
    const onRecord = { ...q, record: 'projects/p1' };
    const words = answerWords('Alice', onRecord, {
      allowed: false,
      level: 3,
      reasons: [
        { via: 'group', path: ['user u1', 'Team', 'role Lead', 'projects.delete (shared)'] },
      ],
    });
    expect(words[0]).toBe('Alice may not projects.delete on projects/p1.');
    expect(words[1]).toMatch(
      /^They hold projects\.delete, but the record is not within their reach/,
    );
    expect(answerWords('Alice', q, { allowed: true, level: 3, reasons: [] })).toEqual([
      'Alice may projects.delete.',
    ]);
  });

  it('offers the records of a module only where the module has a collection', () => {
    expect(recordCollections('projects')).toEqual(['projects']);
    expect(recordCollections('admin')).toEqual([]);
  });
});
