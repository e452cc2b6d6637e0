// The pure decisions on API tokens: which account changes revoke tokens.
import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.js';
import { revocationOnChange } from './tokens.js';

const as = (id: string): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role: id,
  sessionId: 's',
});

describe('revocationOnChange', () => {
  const change = (over: Partial<Parameters<typeof revocationOnChange>[2]>) => ({
    disables: false,
    password: false,
    email: false,
    keep: false,
    ...over,
  });
  it('revokes on disable, always; on a reset by someone else, always', () => {
    expect(revocationOnChange(as('admin'), 'user', change({ disables: true }))).toEqual({
      ok: true,
      reason: 'account_disabled',
    });
    expect(revocationOnChange(as('admin'), 'user', change({ password: true }))).toEqual({
      ok: true,
      reason: 'password_reset',
    });
    expect(revocationOnChange({ type: 'cli' }, 'user', change({ email: true }))).toEqual({
      ok: true,
      reason: 'email_reset',
    });
    expect(revocationOnChange(as('admin'), 'user', change({ password: true, keep: true })).ok).toBe(
      false,
    );
  });
  it("revokes on the owner's own change unless kept; nothing else revokes", () => {
    expect(revocationOnChange(as('user'), 'user', change({ password: true }))).toEqual({
      ok: true,
      reason: 'password_change',
    });
    expect(revocationOnChange(as('user'), 'user', change({ email: true }))).toEqual({
      ok: true,
      reason: 'email_change',
    });
    expect(revocationOnChange(as('user'), 'user', change({ password: true, keep: true }))).toEqual({
      ok: true,
      reason: null,
    });
    expect(revocationOnChange(as('admin'), 'user', change({}))).toEqual({ ok: true, reason: null });
    expect(revocationOnChange(as('admin'), 'user', change({ keep: true }))).toEqual({
      ok: true,
      reason: null,
    });
  });
});
