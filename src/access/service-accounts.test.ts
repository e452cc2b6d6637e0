// Pure decisions on service accounts: visibility, editable fields, minting without escalation, and
// that a service account never stands in for the last level-0 human.
import { describe, expect, it } from 'vitest';
import { AccessIndex, type RoleData, type UserData } from './access-index.js';
import type { AccessSnapshot } from './grants.js';
import {
  canListAllServiceAccounts,
  canViewServiceAccount,
  editableServiceAccountFields,
  mayMintServiceAccountToken,
} from './service-accounts.js';
import { checkDirectoryChange } from './directory-guard.js';
import { DirectoryOverlay } from './overlay.js';
import { type Principal, SYSTEM } from './principal.js';

const roles: RoleData[] = [
  {
    id: 'r0',
    name: 'root',
    level: 0,
    permissions: { admin: { actions: ['users.manage'], scope: 'all' } },
  },
  {
    id: 'r2',
    name: 'pm',
    level: 2,
    permissions: { admin: { actions: ['users.manage'], scope: 'all' } },
  },
  {
    id: 'r4',
    name: 'user',
    level: 4,
    permissions: { systems: { actions: ['view'], scope: 'shared' } },
  },
];
const user = (id: string, role: string, service = false): UserData => ({
  id,
  role,
  status: 'active',
  groupIds: [],
  ...(service ? { service: true } : {}),
});
const snapshot = (users: UserData[]): AccessSnapshot => ({
  index: AccessIndex.build({ roles, groups: [], users }),
  shareAllSystems: false,
});
const as = (id: string, extra: Partial<Extract<Principal, { type: 'user' }>> = {}): Principal => ({
  type: 'user',
  id,
  email: `${id}@example.com`,
  role: '',
  sessionId: 's',
  ...extra,
});

describe('service account decisions', () => {
  const s = snapshot([
    user('root', 'root'),
    user('pm', 'pm'),
    user('bob', 'user'),
    user('bot', 'user', true),
    user('bigbot', 'root', true),
  ]);
  const bot = { id: 'bot', owner: 'bob' };
  const bigbot = { id: 'bigbot', owner: 'bob' };

  it('lets administrators see all and owners their own', () => {
    expect(canListAllServiceAccounts(as('pm'), s)).toBe(true);
    expect(canListAllServiceAccounts(as('bob'), s)).toBe(false);
    expect(canViewServiceAccount(as('bob'), s, bot)).toBe(true);
    expect(canViewServiceAccount(as('bob'), s, { id: 'bot', owner: '' })).toBe(false);
  });

  it('gives owners name and description only', () => {
    expect([...editableServiceAccountFields(as('bob'), s, bot).fields].sort()).toEqual([
      'description',
      'name',
    ]);
    expect(editableServiceAccountFields(as('pm'), s, bot).fields.has('role')).toBe(true);
    // Level 2 cannot administer a level-0 account.
    expect(editableServiceAccountFields(as('pm'), s, bigbot).fields.has('role')).toBe(false);
  });

  it('mints only without escalation and never through a token', () => {
    expect(mayMintServiceAccountToken(as('bob'), s, bot).ok).toBe(true);
    expect(mayMintServiceAccountToken(as('bob'), s, bigbot).ok).toBe(false);
    expect(mayMintServiceAccountToken(as('pm'), s, bigbot).ok).toBe(false);
    expect(mayMintServiceAccountToken(as('root'), s, bigbot).ok).toBe(true);
    expect(
      mayMintServiceAccountToken(as('bob', { token: { id: 't', scopes: null } }), s, bot).ok,
    ).toBe(false);
  });

  it('never counts a service account as the last level-0 user', () => {
    const removing = (id: string) =>
      new DirectoryOverlay(s.index, {
        roles: new Map(),
        groups: new Map(),
        users: new Map([[id, null]]),
      });
    expect(checkDirectoryChange(SYSTEM, s.index, removing('root')).ok).toBe(false);
    expect(checkDirectoryChange(SYSTEM, s.index, removing('bigbot')).ok).toBe(true);
  });
});
