// Who runs the access review: operators and admin:users.manage; users.view alone, plain users,
// disabled admins and tokens whose scopes lack admin:users.manage are refused; guests get 401.
import { describe, expect, it } from 'vitest';
import { AccessIndex, type RoleData } from './access-index.js';
import type { AccessSnapshot } from './grants.js';
import { CLI, GUEST, type Principal, SYSTEM } from './principal.js';
import { mayReviewAccess } from './review.js';

const role = (id: string, level: number, admin: string[]): RoleData => ({
  id,
  name: id,
  level,
  permissions: admin.length ? { admin: { actions: admin, scope: 'all' } } : {},
});
const s: AccessSnapshot = {
  index: AccessIndex.build({
    roles: [role('admin', 1, ['users.view', 'users.manage']), role('viewer', 4, ['users.view'])],
    groups: [],
    users: [
      { id: 'ann', role: 'admin', status: 'active', groupIds: [] },
      { id: 'off', role: 'admin', status: 'disabled', groupIds: [] },
      { id: 'vic', role: 'viewer', status: 'active', groupIds: [] },
      { id: 'bot', role: 'admin', status: 'active', groupIds: [], service: true },
    ],
  }),
  shareAllSystems: false,
};
const as = (id: string, scopes?: string[] | null): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role: '',
  sessionId: 's',
  ...(scopes === undefined ? {} : { token: { id: 't', scopes } }),
});
const superuser: Principal = { type: 'superuser', id: 'su', email: 'su@x', sessionId: 's' };

describe('mayReviewAccess', () => {
  it.each<[string, Principal, number | true]>([
    ['superuser', superuser, true],
    ['cli', CLI, true],
    ['system', SYSTEM, true],
    ['admin (users.manage)', as('ann'), true],
    ['admin through an unscoped token', as('ann', null), true],
    ['admin through a users.manage token', as('ann', ['admin:users.manage']), true],
    ['a service account with users.manage', as('bot'), true],
    ['admin through a users.view token', as('ann', ['admin:users.view']), 403],
    ['admin through a systems:view token', as('ann', ['systems:view']), 403],
    ['disabled admin', as('off'), 403],
    ['users.view only', as('vic'), 403],
    ['unknown user', as('nobody'), 403],
    ['guest', GUEST, 401],
  ])('%s', (_, p, expected) => {
    const d = mayReviewAccess(p, s);
    if (expected === true) expect(d.ok).toBe(true);
    else expect(d).toMatchObject({ ok: false, status: expected });
  });
});
