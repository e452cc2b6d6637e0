// Generate Token: the secret is shown once, a double click makes one token, and once the dialog
// closes (Done, Escape or the close button) the secret is nowhere in the page or in storage.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../shared/test-render';
import type { ApiToken } from './tokens';
import { TokensTab } from './tokens';
import { refusal, signInAs, stubSend } from './test-session';

const SECRET = 'gth_' + 'S3cr3t'.repeat(8);

describe('Generate Token', () => {
  let tokens: ApiToken[];
  let created: unknown[];

  beforeEach(() => {
    signInAs();
    tokens = [];
    created = [];
    stubSend({
      'GET /api/tokens': () => ({ items: tokens }),
      'GET /api/access/me': () => ({
        permissions: { systems: { actions: ['view', 'edit'], scope: 'shared' } },
      }),
      'POST /api/tokens': (body) => {
        created.push(body);
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

  const open = async (user: ReturnType<typeof renderUi>['user']) => {
    await screen.findByText('You have no API tokens yet.');
    await user.click(screen.getByRole('button', { name: 'Generate Token' }));
    return screen.findByRole('dialog', { name: 'Generate Token' });
  };

  it('asks for a name, creates one token on a double click, and shows the secret once', async () => {
    const { user } = renderUi(<TokensTab />);
    const dialog = await open(user);
    await user.click(within(dialog).getByRole('button', { name: 'Generate Token' }));
    expect(await within(dialog).findByText('Give the token a name.')).toBeTruthy();
    expect(created).toEqual([]);

    await user.type(within(dialog).getByRole('textbox', { name: /^Token name/ }), ' CI bot ');
    await user.dblClick(within(dialog).getByRole('button', { name: 'Generate Token' }));
    const shown = await screen.findByRole('dialog', { name: 'Your new API token' });
    expect(within(shown).getByLabelText('New API token').textContent).toBe(SECRET);
    expect(within(shown).getByText('Copy this token now')).toBeTruthy();
    expect(created).toHaveLength(1);
    const body = created[0] as { name: string; expiresAt: string; scopes?: string[] };
    expect(body.name).toBe('CI bot');
    // 90 days unless chosen, and no scopes unless picked.
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    expect(body.scopes).toBeUndefined();

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    await screen.findByText('CI bot');
    expect(document.body.innerHTML).not.toContain(SECRET);
    const stored = (store: Storage) =>
      Array.from({ length: store.length }, (_, n) => store.getItem(store.key(n) ?? '')).join();
    expect(stored(localStorage) + stored(sessionStorage)).not.toContain(SECRET);

    // Opening the dialog again starts a new token: the old secret is not kept anywhere.
    await user.click(screen.getByRole('button', { name: 'Generate Token' }));
    const again = await screen.findByRole('dialog', { name: 'Generate Token' });
    expect(within(again).getByRole('textbox', { name: /^Token name/ })).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('forgets the secret when the dialog is closed with Escape', async () => {
    const { user } = renderUi(<TokensTab />);
    const dialog = await open(user);
    await user.type(within(dialog).getByRole('textbox', { name: /^Token name/ }), 'Deploy');
    await user.click(within(dialog).getByRole('button', { name: 'Generate Token' }));
    await screen.findByRole('dialog', { name: 'Your new API token' });
    expect(document.body.innerHTML).toContain(SECRET);
    await user.keyboard('{Escape}');
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it("shows the server's refusal next to the field it names", async () => {
    vi.restoreAllMocks();
    stubSend({
      'GET /api/tokens': () => ({ items: [] }),
      'GET /api/access/me': () => ({ permissions: {} }),
      'POST /api/tokens': () => {
        throw refusal(400, 'Failed to create the token.', {
          name: 'Must be at most 100 characters.',
        });
      },
    });
    const { user } = renderUi(<TokensTab />);
    const dialog = await open(user);
    const name = within(dialog).getByRole('textbox', { name: /^Token name/ });
    await user.type(name, 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Generate Token' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Failed to create the token.',
    );
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const described = (name.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(described).toContain('Must be at most 100 characters.');
  });
});
