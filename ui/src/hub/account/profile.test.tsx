// Account Settings > Profile: a new email asks for the current password before anything is sent,
// and the server's refusal of a field shows on that field.
import { screen } from '@testing-library/react';
import type { RecordService } from 'pocketbase';
import { type MockInstance, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../shared/test-render';
import { pb } from '../pb';
import { ProfileTab } from './profile';
import { ADA, refusal, signInAs } from './test-session';

describe('ProfileTab', () => {
  let update: MockInstance<RecordService['update']>;
  beforeEach(() => {
    signInAs();
    update = vi.spyOn(pb.collection('users'), 'update');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}`));

  it('asks for the current password only when the email changes', async () => {
    const { user } = renderUi(<ProfileTab />);
    expect(screen.queryByLabelText(/^Current password/)).toBeNull();
    await user.clear(field('Email'));
    await user.type(field('Email'), 'not an email');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Enter a valid email address.')).toBeTruthy();
    expect(
      await screen.findByText('Enter your current password to change your email.'),
    ).toBeTruthy();
    expect(update).not.toHaveBeenCalled();

    // Back to the same address (in other case): no password needed, only the name is sent.
    update.mockResolvedValue({});
    vi.spyOn(pb.collection('users'), 'authRefresh').mockResolvedValue({
      token: pb.authStore.token,
      record: { ...ADA, collectionId: '_pb_users_auth_', collectionName: 'users' },
    });
    await user.clear(field('Email'));
    await user.type(field('Email'), ADA.email.toUpperCase());
    expect(screen.queryByLabelText(/^Current password/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await vi.waitFor(() => {
      expect(update).toHaveBeenCalledWith(ADA.id, { name: ADA.name });
    });
  });

  it("shows the server's refusal of the email on the email field", async () => {
    update.mockRejectedValue(
      refusal(400, 'Failed to update record.', {
        email: 'The email is invalid or already in use.',
      }),
    );
    const { user } = renderUi(<ProfileTab />);
    await user.clear(field('Email'));
    await user.type(field('Email'), 'taken@example.com');
    await user.type(field('Current password'), 'correct-horse');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Failed to update record.');
    expect(field('Email').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The email is invalid or already in use.')).toBeTruthy();
    expect(update).toHaveBeenCalledWith(ADA.id, {
      name: ADA.name,
      email: 'taken@example.com',
      oldPassword: 'correct-horse',
    });
  });
});
