// Save Changes sends only what differs from what is stored (trimmed), so an owner who edits the
// description never sends the fields only an administrator may change.
import { describe, expect, it } from 'vitest';
import { type SaValues, changedFields } from './data';

const STORED: SaValues = {
  name: 'Jenkins CI Bot',
  description: 'Builds',
  ownerId: 'olive0000000001',
  groups: ['g1', 'g2'],
  role: 'CI Runner',
};

describe('changedFields', () => {
  it('is empty when nothing changed, spaces around text included', () => {
    expect(changedFields(STORED, { ...STORED, name: ' Jenkins CI Bot ' })).toEqual({});
  });

  it('names only what changed', () => {
    expect(changedFields(STORED, { ...STORED, description: ' Builds and deploys ' })).toEqual({
      description: 'Builds and deploys',
    });
    expect(
      changedFields(STORED, { ...STORED, ownerId: null, groups: ['g2', 'g1'], role: '' }),
    ).toEqual({ ownerId: null, groups: ['g2', 'g1'], role: '' });
  });
});
