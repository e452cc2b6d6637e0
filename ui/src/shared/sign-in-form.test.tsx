// The sign-in form: its own checks before any request, and the server's message in an alert.
import { screen } from '@testing-library/react';
import { ClientResponseError } from 'pocketbase';
import { describe, expect, it, vi } from 'vitest';
import { SignInForm } from './sign-in-form';
import { renderUi } from './test-render';

const refused = (status: number, message: string) =>
  new ClientResponseError({ status, response: { status, message, data: {} } });

describe('SignInForm', () => {
  it('asks for both fields before calling the server', async () => {
    const onSubmit = vi.fn();
    const { user } = renderUi(<SignInForm onSubmit={onSubmit} />);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid')).toBe(
      'true',
    );
  });

  it("shows the server's message in a role=alert, and clears it on the next try", async () => {
    const onSubmit = vi
      .fn<(email: string, password: string) => Promise<void>>()
      .mockRejectedValueOnce(refused(400, 'Failed to authenticate.'))
      .mockResolvedValueOnce(undefined);
    const { user } = renderUi(<SignInForm onSubmit={onSubmit} />);
    await user.type(screen.getByRole('textbox', { name: 'Email' }), '  ada@example.com ');
    await user.type(screen.getByLabelText(/^Password/), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not sign in');
    expect(alert.textContent).toContain('Failed to authenticate.');
    expect(onSubmit).toHaveBeenCalledWith('ada@example.com', 'wrong');

    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => {
      expect(screen.queryByRole('alert')).toBeNull();
    });
    expect(onSubmit).toHaveBeenCalledTimes(2);
  });

  it('says so when the server cannot be reached', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new ClientResponseError({ status: 0 }));
    const { user } = renderUi(<SignInForm onSubmit={onSubmit} />);
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The server could not be reached.',
    );
  });
});
