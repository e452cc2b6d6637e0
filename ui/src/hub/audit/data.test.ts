// The Audit Log's pure helpers: the query it sends, the changes it shows, who sees the entry.
import { describe, expect, it } from 'vitest';
import { changeRows, filterParams, mayReadAudit, showValue } from './data';

describe('filterParams', () => {
  it('sends only the filters given, trimmed, under the names /api/audit takes', () => {
    const params = filterParams({
      action: ' user.* ',
      actor: '',
      result: 'failure',
      to: undefined,
    });
    expect(params.toString()).toBe('action=user.*&result=failure');
  });
});

describe('changeRows', () => {
  it('turns {field: [old, new]} into rows', () => {
    expect(changeRows({ name: ['Uma', 'Uma R'], role: [null, 'admin'] })).toEqual([
      ['name', 'Uma', 'Uma R'],
      ['role', null, 'admin'],
    ]);
  });
  it('shows nothing for no changes, and a bare value as the new one', () => {
    expect(changeRows(null)).toEqual([]);
    expect(changeRows([1, 2])).toEqual([]);
    expect(changeRows({ flag: true })).toEqual([['flag', undefined, true]]);
  });
});

describe('showValue', () => {
  it('keeps text, marks nothing, writes the rest as JSON', () => {
    expect(showValue('x')).toBe('x');
    expect(showValue(null)).toBe('—');
    expect(showValue(['a', 'b'])).toBe('["a","b"]');
    expect(showValue(3)).toBe('3');
  });
});

describe('mayReadAudit', () => {
  it('needs admin audit.view', () => {
    expect(mayReadAudit({ admin: { actions: ['audit.view'], scope: 'all' } })).toBe(true);
    expect(mayReadAudit({ admin: { actions: ['users.view'], scope: 'all' } })).toBe(false);
    expect(mayReadAudit({ systems: { actions: ['view'], scope: 'all' } })).toBe(false);
    expect(mayReadAudit(undefined)).toBe(false);
  });
});
