// The pure decisions on API tokens: self-service for scoped tokens, scopes an account holds, and
// which account changes revoke tokens.
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from './builtin-roles.js';
import { AccessIndex } from './access-index.js';
import type { Principal } from './principal.js';
import { recordAccess } from './records.js';
import { type AccessSnapshot } from './grants.js';
import { firstScopeNotHeld, revocationOnChange, tokenAllows } from './tokens.js';
import { getCollection } from '../catalogue/collections.js';

const ROLES = BUILTIN_ROLES.map((r, i) => ({ ...r, id: `role${String(i)}` }));
const snapshot = (shareAllSystems = false): AccessSnapshot => ({
  index: AccessIndex.build({
    roles: ROLES,
    groups: [],
    users: [
      { id: 'admin', role: 'admin', status: 'active', groupIds: [] },
      { id: 'user', role: 'user', status: 'active', groupIds: [] },
      { id: 'off', role: 'admin', status: 'disabled', groupIds: [] },
    ],
  }),
  shareAllSystems,
});
const as = (id: string, scopes?: string[] | null): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role: id,
  sessionId: scopes === undefined ? 's' : '',
  ...(scopes === undefined ? {} : { token: { id: 't', scopes } }),
});

describe('tokenAllows (self-service)', () => {
  const s = snapshot();
  it('lets sessions and tokens without scopes act as their owner', () => {
    for (const what of ['account', 'tokens', 'sessions', 'serviceAccounts'] as const) {
      expect(tokenAllows(as('user'), what, s).ok).toBe(true);
      expect(tokenAllows(as('user', null), what, s).ok).toBe(true);
    }
  });
  it('refuses a scoped token, unless an admin scope the owner holds covers the action', () => {
    const refusal = tokenAllows(as('user', ['systems:view']), 'account', s);
    expect(refusal).toEqual({
      ok: false,
      status: 403,
      message:
        "This token's scopes do not allow changing your account; use a session or a token without scopes.",
    });
    expect(tokenAllows(as('admin', ['admin:users.manage']), 'account', s).ok).toBe(true);
    expect(tokenAllows(as('admin', ['admin:tokens.manage']), 'tokens', s).ok).toBe(true);
    expect(tokenAllows(as('admin', ['admin:users.manage']), 'serviceAccounts', s).ok).toBe(true);
    // No scope covers sessions; a scope the owner does not hold covers nothing.
    expect(tokenAllows(as('admin', ['admin:users.manage']), 'sessions', s).ok).toBe(false);
    expect(tokenAllows(as('user', ['admin:users.manage']), 'account', s).ok).toBe(false);
  });
});

describe('firstScopeNotHeld', () => {
  it('names the first scope the account lacks; share-all counts as systems:view', () => {
    expect(firstScopeNotHeld(snapshot(), 'user', ['systems:view', 'systems:edit'])).toBeNull();
    expect(
      firstScopeNotHeld(snapshot(), 'user', ['systems:view', 'admin:users.view', 'system:logs']),
    ).toBe('admin:users.view');
    expect(firstScopeNotHeld(snapshot(), 'off', ['systems:view'])).toBe('systems:view');
    expect(firstScopeNotHeld(snapshot(), 'ghost', ['systems:view'])).toBe('systems:view');
  });
});

describe('SHARE_ALL_SYSTEMS and scopes', () => {
  it('reaches every system only for tokens whose scopes name systems:view', () => {
    const systems = getCollection('systems');
    const s = snapshot(true);
    expect(recordAccess(as('user'), s, systems, 'view')).toMatchObject({ rule: { kind: 'all' } });
    expect(recordAccess(as('user', null), s, systems, 'view')).toMatchObject({
      rule: { kind: 'all' },
    });
    expect(recordAccess(as('user', ['systems:view']), s, systems, 'view')).toMatchObject({
      rule: { kind: 'all' },
    });
    expect(recordAccess(as('user', ['projects:view']), s, systems, 'view')).toMatchObject({
      ok: false,
      status: 403,
    });
  });
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
