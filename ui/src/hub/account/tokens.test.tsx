// The API Tokens list: a table where it fits, and on a phone one card per token with every fact the
// table has (prefix, scopes, expiry, last use), so nothing needs a sideways scroll.
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../shared/test-render';
import { type ApiToken, TokensTab } from './tokens';
import { signInAs, stubSend } from './test-session';

const TOKEN: ApiToken = {
  id: 'tok000000000001',
  name: 'Jenkins CI Bot',
  prefix: 'gth_AbCd',
  scopes: ['systems:view'],
  expiresAt: '2027-03-07 00:00:00.000Z',
  lastUsedAt: '2026-12-07 01:02:03.000Z',
  lastUsedIp: '203.0.113.9',
  created: '2026-12-07 00:00:00.000Z',
};

const setWidth = (width: number) => {
  (window as unknown as { happyDOM: { setViewport(v: object): void } }).happyDOM.setViewport({
    width,
    height: 900,
  });
};

describe('TokensTab list', () => {
  beforeEach(() => {
    signInAs();
    stubSend({
      'GET /api/tokens': () => ({ items: [TOKEN] }),
      // Owning no service account: no section for them.
      'GET /api/service-accounts': () => ({
        page: 1,
        perPage: 25,
        totalItems: 0,
        totalPages: 0,
        items: [],
      }),
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    setWidth(1024);
  });

  it('shows one card per token on a phone, with every column of the table', async () => {
    setWidth(390);
    renderUi(<TokensTab />);
    const list = await screen.findByRole('list', { name: 'API tokens' });
    const card = within(list).getByRole('listitem');
    expect(screen.queryByRole('table')).toBeNull();
    for (const text of ['Jenkins CI Bot', 'gth_AbCd…', 'systems:view', 'from 203.0.113.9']) {
      expect(within(card).getByText(text)).toBeTruthy();
    }
    const terms = within(card)
      .getAllByRole('term')
      .map((t) => t.textContent);
    expect(terms).toEqual(['Scopes', 'Expires', 'Last used']);
    expect(within(card).getByRole('button', { name: 'Revoke token Jenkins CI Bot' })).toBeTruthy();
  });

  it('shows a table on a wide screen', async () => {
    setWidth(1440);
    renderUi(<TokensTab />);
    const row = await screen.findByRole('row', { name: /Jenkins CI Bot/ });
    expect(within(row).getByText('from 203.0.113.9')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'API tokens' })).toBeNull();
    expect(screen.queryByText('Service accounts you own')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
