// Account Settings > Password: current + new + confirm; the server signs out the other sessions.
import { Alert, Button, Checkbox, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { currentUser, pb } from '../pb';
import { usePasswordRule } from '../password-rule';
import { PasswordField } from '../../shared/password-field';

export function PasswordTab() {
  const user = currentUser();
  const queryClient = useQueryClient();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const newPassword = usePasswordRule();
  const form = useForm({
    initialValues: { oldPassword: '', password: '', passwordConfirm: '', revokeTokens: true },
    validate: {
      oldPassword: (v) => (v === '' ? 'Enter your current password.' : null),
      password: newPassword.rule,
      passwordConfirm: (v, values) => (v === values.password ? null : "Passwords don't match."),
    },
  });
  if (!user) return null;
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        if (busy) return;
        setBusy(true);
        setError('');
        try {
          await pb.collection('users').update(user.id, values);
          // Every session ended with the old password, this one too: sign in with the new one.
          await pb.collection('users').authWithPassword(user.email, values.password);
          form.reset();
          await queryClient.invalidateQueries({ queryKey: ['sessions'] });
          await queryClient.invalidateQueries({ queryKey: ['tokens'] });
          notifications.show({
            color: 'green',
            message: 'Password changed. Your other sessions were signed out.',
          });
        } catch (e) {
          const problem = serverProblem(e);
          setError(problem.message);
          form.setErrors(problem.fields);
        } finally {
          setBusy(false);
        }
      })}
    >
      <Stack gap="md" maw={480}>
        <PasswordField
          label="Current password"
          autoComplete="current-password"
          required
          {...form.getInputProps('oldPassword')}
        />
        <PasswordField
          label="New password"
          description={newPassword.hint}
          autoComplete="new-password"
          required
          {...form.getInputProps('password')}
        />
        <PasswordField
          label="Confirm new password"
          autoComplete="new-password"
          required
          {...form.getInputProps('passwordConfirm')}
        />
        <Checkbox
          label="Also revoke my API tokens"
          {...form.getInputProps('revokeTokens', { type: 'checkbox' })}
        />
        {error ? (
          <Alert color="red" variant="light" role="alert" title="Password not changed">
            {error}
          </Alert>
        ) : null}
        <div>
          <Button type="submit" loading={busy}>
            Change password
          </Button>
        </div>
      </Stack>
    </form>
  );
}
