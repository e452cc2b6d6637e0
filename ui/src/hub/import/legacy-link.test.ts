// Old invitation links (/#/invitation/<token>) keep working: they are moved to /invitation/<token>.
import { describe, expect, it } from 'vitest';
import { legacyInvitationPath } from './legacy-link';

describe('legacyInvitationPath', () => {
  it('moves an old hash link to the invitation page, token intact', () => {
    expect(legacyInvitationPath({ pathname: '/', hash: '#/invitation/abc123.Xy_-9' })).toBe(
      '/invitation/abc123.Xy_-9',
    );
  });

  it('leaves every other address alone', () => {
    for (const [pathname, hash] of [
      ['/', ''],
      ['/', '#/invitation/'],
      ['/', '#/other/abc'],
      ['/', '#/invitation/a/b'],
      ['/account', '#/invitation/abc'],
      ['/invitation/abc', ''],
    ] as const)
      expect(legacyInvitationPath({ pathname, hash }), `${pathname}${hash}`).toBeNull();
  });
});
