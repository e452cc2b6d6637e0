// Account Settings > Password: the server's length rule (not a hard-coded one), the confirmation,
// and the server's refusals shown next to the field they name.
import { screen } from '@testing-library/react';
import type { RecordService } from 'pocketbase';
import { type MockInstance, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { renderUi } from '../../shared/test-render';
import { pb } from '../pb';
import { PasswordTab } from './password';
import { ADA, refusal, signInAs } from './test-session';

/** The text of what describes `input`: its hint and, when refused, its error. */
const describedText = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('PasswordTab', () => {
  let update: MockInstance<RecordService['update']>;
  beforeEach(() => {
    signInAs();
    update = vi.spyOn(pb.collection('users'), 'update').mockResolvedValue({});
    vi.spyOn(pb.collection('users'), 'authWithPassword').mockResolvedValue({
      token: pb.authStore.token,
      record: { ...ADA, collectionId: '_pb_users_auth_', collectionName: 'users' },
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Renders the tab with the server's setting of the minimum length (GET /api/setup). */
  const renderTab = (passwordMinLength: number) => {
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false, staleTime: Infinity } },
    });
    queryClient.setQueryData(['setup'], { firstRun: false, passwordMinLength });
    const rendered = renderUi(<PasswordTab />, { queryClient });
    const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}`));
    return { ...rendered, field };
  };

  it("holds the new password to the server's minimum, and to its confirmation", async () => {
    const { user, field } = renderTab(12);
    expect(describedText(field('New password'))).toContain('At least 12 characters');
    await user.type(field('Current password'), 'old-password');
    await user.type(field('New password'), 'eleven-char');
    await user.type(field('Confirm new password'), 'eleven-chaR');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Must be at least 12 characters.')).toBeTruthy();
    expect(describedText(field('Confirm new password'))).toContain("Passwords don't match.");
    expect(field('New password').getAttribute('aria-invalid')).toBe('true');
    expect(update).not.toHaveBeenCalled();

    await user.type(field('New password'), '!');
    await user.type(field('Confirm new password'), '{Backspace}R!');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(describedText(field('Confirm new password'))).toContain("Passwords don't match.");
    await user.clear(field('Confirm new password'));
    await user.type(field('Confirm new password'), 'eleven-char!');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await vi.waitFor(() => {
      expect(update).toHaveBeenCalledTimes(1);
    });
    expect(update.mock.calls[0]).toEqual([
      ADA.id,
      {
        oldPassword: 'old-password',
        password: 'eleven-char!',
        passwordConfirm: 'eleven-char!',
        revokeTokens: true,
      },
    ]);
  });

  it("shows the server's field errors next to their fields, and its message in an alert", async () => {
    update.mockRejectedValueOnce(
      refusal(400, 'Failed to update record.', {
        oldPassword: 'Missing or invalid old password.',
        password: 'This password is too common; choose another.',
      }),
    );
    const { user, field } = renderTab(8);
    await user.type(field('Current password'), 'not-it');
    await user.type(field('New password'), 'password1');
    await user.type(field('Confirm new password'), 'password1');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Failed to update record.');
    expect(describedText(field('Current password'))).toContain('Missing or invalid old password.');
    expect(describedText(field('New password'))).toContain('This password is too common');
    expect(field('Current password').getAttribute('aria-invalid')).toBe('true');
  });
});
