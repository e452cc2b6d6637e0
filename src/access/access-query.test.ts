// The pure decisions of the decision API: who asks about whose access, and who uses the checks.
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from './builtin-roles.js';
import { AccessIndex } from './access-index.js';
import type { AccessSnapshot } from './grants.js';
import { CLI, GUEST, type Principal, SYSTEM } from './principal.js';
import { askingAboutSelf, canUseDecisionApi, mayExplainFor } from './access-query.js';

const ROLES = BUILTIN_ROLES.map((r, i) => ({ ...r, id: `role${String(i)}` }));
const s: AccessSnapshot = {
  index: AccessIndex.build({
    roles: ROLES,
    groups: [],
    users: [
      { id: 'admin', role: 'admin', status: 'active', groupIds: [] },
      { id: 'pm', role: 'Project Manager', status: 'active', groupIds: [] },
      { id: 'user', role: 'user', status: 'active', groupIds: [] },
      { id: 'off', role: 'admin', status: 'disabled', groupIds: [] },
    ],
  }),
  shareAllSystems: false,
};
const user = (id: string, scopes?: string[] | null): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role: id,
  sessionId: scopes === undefined ? 's' : '',
  ...(scopes === undefined ? {} : { token: { id: 't', scopes } }),
});
const SUPERUSER: Principal = {
  type: 'superuser',
  id: 'su',
  email: 'su@example.com',
  sessionId: 's',
};

const UNAUTHORIZED = {
  ok: false,
  status: 401,
  message: 'The request requires valid record authorization token.',
};
const ALLOWED = { ok: true };

describe('askingAboutSelf', () => {
  it.each<[string, Principal, object]>([
    ['a user: their own access', user('user'), { ok: true, userId: 'user' }],
    ['a superuser: nobody (bypasses every rule)', SUPERUSER, { ok: true, userId: null }],
    ['the CLI: nobody', CLI, { ok: true, userId: null }],
    ['Gatehouse itself: nobody', SYSTEM, { ok: true, userId: null }],
    ['a guest: 401', GUEST, UNAUTHORIZED],
  ])('%s', (_, p, expected) => {
    expect(askingAboutSelf(p)).toEqual(expected);
  });
});

describe('mayExplainFor', () => {
  const OTHERS = {
    ok: false,
    status: 403,
    message: 'Asking about other users needs admin.users.view.',
  };
  it.each<[string, Principal, string, object]>([
    ['a user about themselves', user('user'), 'user', ALLOWED],
    ['a user about someone else', user('user'), 'admin', OTHERS],
    ['a disabled admin about themselves', user('off'), 'off', ALLOWED],
    ['a disabled admin about someone else', user('off'), 'user', OTHERS],
    ['an admin (users.view) about anyone', user('admin'), 'user', ALLOWED],
    ['a project manager (users.view) about anyone', user('pm'), 'user', ALLOWED],
    ['an admin token scoped to users.view', user('admin', ['admin:users.view']), 'user', ALLOWED],
    [
      'an admin token scoped to users.manage',
      user('admin', ['admin:users.manage']),
      'user',
      ALLOWED,
    ],
    ['an admin token scoped to systems only', user('admin', ['systems:view']), 'user', OTHERS],
    ['a scoped token about its owner', user('user', ['systems:view']), 'user', ALLOWED],
    ['a superuser about anyone', SUPERUSER, 'user', ALLOWED],
    ['the CLI about anyone', CLI, 'user', ALLOWED],
    ['a guest', GUEST, 'user', UNAUTHORIZED],
  ])('%s', (_, p, userId, expected) => {
    expect(mayExplainFor(p, s, userId)).toEqual(expected);
  });
});

describe('canUseDecisionApi', () => {
  const NEEDS = { ok: false, status: 403, message: 'The decision API needs admin.users.view.' };
  it.each<[string, Principal, object]>([
    ['an admin', user('admin'), ALLOWED],
    ['a project manager', user('pm'), ALLOWED],
    ["a service's token scoped to users.view", user('admin', ['admin:users.view']), ALLOWED],
    ['a token scoped to users.manage only', user('admin', ['admin:users.manage']), NEEDS],
    ['a user', user('user'), NEEDS],
    ['a disabled admin', user('off'), NEEDS],
    ['a superuser', SUPERUSER, ALLOWED],
    ['Gatehouse itself', SYSTEM, ALLOWED],
    ['a guest: 401', GUEST, UNAUTHORIZED],
  ])('%s', (_, p, expected) => {
    expect(canUseDecisionApi(p, s)).toEqual(expected);
  });
});
