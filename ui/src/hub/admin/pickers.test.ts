// The pure parts of the admin pickers and the what-if panel: which options a group picker shows,
// and how a preview line names its sample of users.
import { describe, expect, it } from 'vitest';
import { pickerData } from './groups-data';
import { whoOf } from './what-if';

describe('pickerData', () => {
  it('keeps the chosen groups first with their paths, then the matches, without repeats', () => {
    const paths = new Map([['g2', 'Organization / Security Team']]);
    const data = pickerData(['g2', 'g9'], paths, [
      { id: 'g1', path: 'Organization' },
      { id: 'g2', path: 'Organization / Security Team' },
    ]);
    expect(data).toEqual([
      { value: 'g2', label: 'Organization / Security Team' },
      { value: 'g9', label: 'g9' },
      { value: 'g1', label: 'Organization' },
    ]);
  });

  it('never offers an excluded group, chosen or matched', () => {
    const data = pickerData(
      ['g1'],
      undefined,
      [
        { id: 'g1', path: 'A' },
        { id: 'g3', path: 'B' },
      ],
      ['g1'],
    );
    expect(data).toEqual([{ value: 'g3', label: 'B' }]);
  });
});

describe('whoOf', () => {
  const u = (name: string) => ({ id: name.toLowerCase(), name });
  it('names one, two, and a sample with how many more', () => {
    expect(whoOf([], 0)).toBe('');
    expect(whoOf([u('Ada')], 1)).toBe('Ada');
    expect(whoOf([u('Ada'), u('Bo')], 2)).toBe('Ada and Bo');
    expect(whoOf([u('Ada'), u('Bo'), u('Cy')], 3)).toBe('Ada, Bo and Cy');
    expect(whoOf([u('Ada'), u('Bo')], 14)).toBe('Ada, Bo and 12 more');
  });
  it('falls back to the id when a name is empty', () => {
    expect(whoOf([{ id: 'u1', name: '' }], 1)).toBe('u1');
  });
});
