// Account Settings > Password: current + new + confirm; the server signs out the other sessions.
import { Alert, Button, Checkbox, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { currentUser, pb } from '../pb';

export function PasswordTab() {
  const user = currentUser();
  const queryClient = useQueryClient();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { oldPassword: '', password: '', passwordConfirm: '', revokeTokens: true },
    validate: {
      oldPassword: (v) => (v === '' ? 'Enter your current password.' : null),
      password: (v) => (v.length < 8 ? 'Use at least 8 characters.' : null),
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
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          {...form.getInputProps('oldPassword')}
        />
        <PasswordInput
          label="New password"
          description="At least 8 characters; a long phrase is best."
          autoComplete="new-password"
          required
          {...form.getInputProps('password')}
        />
        <PasswordInput
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
