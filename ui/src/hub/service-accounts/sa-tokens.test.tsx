// A service account's API Tokens: Generate Token posts to the account's own endpoint, offers as
// scopes only what the account holds (not the administrator's grants), shows the secret once and
// refreshes the list; a disabled account offers no new token; a reader gets no controls.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../shared/test-render';
import { signInAs, stubSend } from '../account/test-session';
import type { ApiToken } from '../account/tokens';
import type { ServiceAccount } from './data';
import { ServiceAccountTokens } from './sa-tokens';

const SECRET = 'gth_' + 'B0tS3cr3t'.repeat(6);
const BOT: ServiceAccount = {
  id: 'bot000000000001',
  kind: 'service',
  name: 'Jenkins CI Bot',
  description: 'Builds',
  ownerId: null,
  role: 'CI Runner',
  groups: [],
  status: 'active',
  created: '2026-12-07 00:00:00.000Z',
  updated: '2026-12-07 00:00:00.000Z',
};

describe('service account tokens', () => {
  let tokens: ApiToken[];
  let posted: unknown[];

  beforeEach(() => {
    signInAs();
    tokens = [];
    posted = [];
    stubSend({
      [`GET /api/service-accounts/${BOT.id}/tokens`]: () => ({ items: tokens }),
      // The administrator holds much more; the account only systems:view.
      'GET /api/access/me': () => ({
        permissions: { admin: { actions: ['users.manage'], scope: 'all' } },
      }),
      [`GET /api/access/users/${BOT.id}`]: () => ({
        permissions: { systems: { actions: ['view'], scope: 'all' } },
      }),
      [`POST /api/service-accounts/${BOT.id}/tokens`]: (body) => {
        posted.push(body);
        const token: ApiToken = {
          id: 'tok000000000001',
          name: (body as { name: string }).name,
          prefix: SECRET.slice(0, 8),
          scopes: null,
          expiresAt: '2027-03-07 00:00:00.000Z',
          lastUsedAt: '',
          lastUsedIp: '',
          created: '2026-12-07 00:00:00.000Z',
        };
        tokens = [token];
        return { ...token, token: SECRET };
      },
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('mints for the account with its own scopes, and shows the secret once', async () => {
    const { user } = renderUi(<ServiceAccountTokens account={BOT} manage />);
    await screen.findByText('No API tokens.');
    await user.click(screen.getByRole('button', { name: 'Generate Token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Generate Token' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Token name/ }), 'Jenkins build');
    await user.click(within(dialog).getByRole('combobox', { name: /^Scopes/ }));
    // jsdom does not lay the dropdown out, so its options count as hidden.
    const option = await screen.findByRole('option', { name: 'systems:view', hidden: true });
    expect(screen.queryByRole('option', { name: 'admin:users.manage', hidden: true })).toBeNull();
    await user.click(option);
    await user.click(within(dialog).getByRole('button', { name: 'Generate Token' }));

    const shown = await screen.findByRole('dialog', { name: 'The new API token' });
    expect(within(shown).getByLabelText('New API token').textContent).toBe(SECRET);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ name: 'Jenkins build', scopes: ['systems:view'] });
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    await screen.findByRole('button', { name: 'Revoke token Jenkins build' });
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('offers no new token while the account is disabled', async () => {
    renderUi(<ServiceAccountTokens account={{ ...BOT, status: 'disabled' }} manage />);
    await screen.findByText('No API tokens.');
    expect(screen.getByText(/enable it before generating a token/)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Generate Token' }).disabled).toBe(
      true,
    );
  });

  it('shows a reader the tokens without controls', async () => {
    tokens = [
      {
        id: 'tok000000000002',
        name: 'Nightly',
        prefix: 'gth_abcd',
        scopes: null,
        expiresAt: '',
        lastUsedAt: '',
        lastUsedIp: '',
        created: '2026-12-07 00:00:00.000Z',
      },
    ];
    renderUi(<ServiceAccountTokens account={BOT} manage={false} />);
    await screen.findByText('Nightly');
    expect(screen.getByText('All its permissions')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Generate Token' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });
});
