// The results: counts in words, every invitation link with its own named Copy button, and a long
// list paged (5,000 links are not 5,000 cards at once). The options form sends the server's names.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../shared/test-render';
import type { ImportOptions, ImportResult } from './data';
import { OptionsForm } from './options-form';
import { ResultsStep } from './results-step';

function result(links: number): ImportResult {
  return {
    id: 'imp',
    status: 'applied',
    summary: { rows: links + 2, create: links, update: 1, skip: 1, error: 0 },
    created: links,
    updated: 1,
    skipped: 1,
    groupsCreated: ['Red Team'],
    invitations: Array.from({ length: links }, (_, i) => ({
      email: `u${i}@example.com`,
      userId: `id${i}`,
      link: `https://hub.example.com/invitation/id${i}.secret`,
    })),
  };
}

describe('ResultsStep', () => {
  it('says what was done and lists each link with a Copy button named for its user', () => {
    renderUi(<ResultsStep result={result(2)} />);
    screen.getByText('Created 2 users, updated 1, skipped 1. New groups: Red Team.');
    const list = screen.getByRole('list', { name: 'Invitation links' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    screen.getByRole('button', { name: 'Copy link for u1@example.com' });
    screen.getByText('https://hub.example.com/invitation/id1.secret');
    expect(screen.queryByRole('button', { name: 'Next page' })).toBeNull();
  });

  it('pages a long list of links, 20 at a time', () => {
    renderUi(<ResultsStep result={result(45)} />);
    const list = screen.getByRole('list', { name: 'Invitation links' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(20);
    screen.getByText('Page 1 of 3 (45 links)');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(5);
    screen.getByText('u44@example.com');
  });

  it('says when there are no links', () => {
    renderUi(<ResultsStep result={result(0)} />);
    expect(screen.queryByRole('list', { name: 'Invitation links' })).toBeNull();
    screen.getByText(/No invitation links/);
  });
});

describe('OptionsForm', () => {
  it('changes one option at a time, in the server’s terms', () => {
    const seen: ImportOptions[] = [];
    const value: ImportOptions = { onExisting: 'skip', onUnknownGroup: 'error', invite: true };
    renderUi(<OptionsForm value={value} onChange={(v) => seen.push(v)} />);
    fireEvent.click(screen.getByRole('radio', { name: /Update the account/ }));
    fireEvent.click(screen.getByRole('radio', { name: 'Create the group' }));
    fireEvent.click(screen.getByRole('radio', { name: /without a password/ }));
    expect(seen).toEqual([
      { onExisting: 'update', onUnknownGroup: 'error', invite: true },
      { onExisting: 'skip', onUnknownGroup: 'create', invite: true },
      { onExisting: 'skip', onUnknownGroup: 'error', invite: false },
    ]);
  });
});
