// The email + password form both apps sign in with; the server's message shows in a role="alert".
import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { serverProblem } from './pb';
import { PasswordField } from './password-field';

export function SignInForm(props: {
  onSubmit: (email: string, password: string) => Promise<void>;
  submitLabel?: string;
}) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() === '' ? 'Enter your email.' : null),
      password: (v) => (v === '' ? 'Enter your password.' : null),
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        if (busy) return;
        setBusy(true);
        setError('');
        try {
          await props.onSubmit(values.email.trim(), values.password);
        } catch (e) {
          setError(serverProblem(e).message);
        } finally {
          setBusy(false);
        }
      })}
    >
      <Stack gap="md">
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          {...form.getInputProps('email')}
        />
        <PasswordField
          label="Password"
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
        />
        {error ? (
          <Alert color="red" variant="light" role="alert" title="Could not sign in">
            {error}
          </Alert>
        ) : null}
        <Button type="submit" loading={busy} fullWidth>
          {props.submitLabel ?? 'Sign in'}
        </Button>
      </Stack>
    </form>
  );
}
