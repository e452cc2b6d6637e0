// The pure decisions on API tokens: self-service for scoped tokens, listing and revoking everyone's,
// scopes an account holds, and which account changes revoke tokens.
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from './builtin-roles.js';
import { AccessIndex } from './access-index.js';
import { CLI, GUEST, type Principal } from './principal.js';
import { recordAccess } from './records.js';
import { type AccessSnapshot } from './grants.js';
import {
  canListAllTokens,
  canSeeToken,
  firstScopeNotHeld,
  mayListTokensOf,
  mayRevokeToken,
  revocationOnChange,
  tokenAllows,
} from './tokens.js';
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

describe("listing and revoking everyone's tokens", () => {
  const s = snapshot();
  const SUPERUSER: Principal = { type: 'superuser', id: 'su', email: 'su@x', sessionId: 's' };
  // [who, lists everyone's, sees another's token, may revoke another's token]
  it.each<[string, Principal, boolean, boolean]>([
    ['an admin (tokens.manage)', as('admin'), true, true],
    ['an admin token scoped to tokens.manage', as('admin', ['admin:tokens.manage']), true, true],
    ['an admin token scoped to users.manage', as('admin', ['admin:users.manage']), false, false],
    ['a user', as('user'), false, false],
    ['a disabled admin', as('off'), false, false],
    ['a superuser', SUPERUSER, true, true],
    ['the CLI', CLI, true, true],
    ['a guest', GUEST, false, false],
  ])('%s', (_, p, lists, seesOthers) => {
    const list = canListAllTokens(p, s);
    expect(list.ok).toBe(lists);
    if (!list.ok) {
      expect(list).toEqual({
        ok: false,
        status: 403,
        message: "Listing everyone's tokens needs admin.tokens.manage.",
      });
    }
    const others = { id: 'other-token', userId: 'someone-else' };
    expect(canSeeToken(p, s, others)).toBe(seesOthers);
    if (seesOthers) expect(mayRevokeToken(p, s, others)).toEqual({ ok: true });
  });

  it('lets an owner revoke their own tokens, a scoped token only itself', () => {
    const mine = { id: 'mine', userId: 'user' };
    expect(canSeeToken(as('user'), s, mine)).toBe(true);
    expect(mayRevokeToken(as('user'), s, mine).ok).toBe(true);
    expect(mayRevokeToken(as('user', null), s, mine).ok).toBe(true);
    const scoped = { ...as('user'), token: { id: 'mine', scopes: ['systems:view'] } } as Principal;
    expect(canSeeToken(scoped, s, mine)).toBe(true);
    expect(mayRevokeToken(scoped, s, mine).ok).toBe(true);
    const sibling = { id: 'sibling', userId: 'user' };
    expect(mayRevokeToken(scoped, s, sibling)).toEqual({
      ok: false,
      status: 403,
      message:
        "This token's scopes do not allow managing your API tokens; use a session or a token without scopes.",
    });
  });
});

describe("listing one user's tokens", () => {
  const s = snapshot();
  it.each<[string, Principal, string, boolean]>([
    ['the owner', as('user'), 'user', true],
    ['the owner through a scoped token', as('user', ['systems:view']), 'user', false],
    ['an admin, about a user below', as('admin'), 'user', true],
    ['an admin token scoped to tokens.manage', as('admin', ['admin:tokens.manage']), 'user', true],
    ['an admin token scoped to users.manage', as('admin', ['admin:users.manage']), 'user', false],
    ['a user, about an admin', as('user'), 'admin', false],
    ['the CLI', CLI, 'admin', true],
    ['a guest', GUEST, 'user', false],
  ])('%s: %s', (_, p, target, expected) => {
    expect(mayListTokensOf(p, s, target).ok).toBe(expected);
  });

  it('refuses an admin a user above their level, naming both levels', () => {
    const levels = AccessIndex.build({
      roles: [...ROLES, { id: 'top', name: 'top', level: 0, permissions: {} }],
      groups: [],
      users: [
        { id: 'admin', role: 'admin', status: 'active', groupIds: [] },
        { id: 'boss', role: 'top', status: 'active', groupIds: [] },
      ],
    });
    expect(mayListTokensOf(as('admin'), { index: levels, shareAllSystems: false }, 'boss')).toEqual(
      {
        ok: false,
        status: 403,
        message: 'You (level 1) cannot manage a user at level 0, which is above yours.',
      },
    );
  });
});

describe("revoking another account's token", () => {
  const levels: AccessSnapshot = {
    index: AccessIndex.build({
      roles: [...ROLES, { id: 'top', name: 'top', level: 0, permissions: {} }],
      groups: [],
      users: [
        { id: 'admin', role: 'admin', status: 'active', groupIds: [] },
        { id: 'boss', role: 'top', status: 'active', groupIds: [] },
        { id: 'user', role: 'user', status: 'active', groupIds: [] },
      ],
    }),
    shareAllSystems: false,
  };
  it('needs the manager at or above the owner, as every admin change', () => {
    expect(mayRevokeToken(as('admin'), levels, { id: 't1', userId: 'boss' })).toEqual({
      ok: false,
      status: 403,
      message: 'You (level 1) cannot manage a user at level 0, which is above yours.',
    });
    expect(mayRevokeToken(as('admin'), levels, { id: 't2', userId: 'user' })).toEqual({ ok: true });
    expect(mayRevokeToken(as('admin'), levels, { id: 't3', userId: 'admin' })).toEqual({
      ok: true,
    });
    expect(mayRevokeToken(CLI, levels, { id: 't1', userId: 'boss' })).toEqual({ ok: true });
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
