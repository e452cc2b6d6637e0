// The first-run page: while setup is open, it creates the admin user and the superuser, then signs in.
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { CenteredCard } from '../shared/centered-card';
import { serverProblem } from '../shared/pb';
import { fieldRule } from '../shared/validate';
import { emailSchema } from '../../../src/accounts/users.schema';
import { pb } from './pb';
import { usePasswordRule } from './password-rule';
import { PasswordField } from '../shared/password-field';

export function FirstRunPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const password = usePasswordRule();
  const form = useForm({
    initialValues: { name: '', email: '', password: '' },
    validate: {
      email: fieldRule(emailSchema, 'Enter a valid email address.'),
      password: password.rule,
    },
  });
  return (
    <CenteredCard
      title="Set up Gatehouse"
      subtitle="Create the first account. It becomes an admin user of the hub and a superuser of the console: two separate accounts with the same email and password."
    >
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          if (busy) return;
          setBusy(true);
          setError('');
          try {
            await pb.send('/api/setup', { method: 'POST', body: values });
            await pb.collection('users').authWithPassword(values.email.trim(), values.password);
            await queryClient.invalidateQueries({ queryKey: ['setup'] });
            await navigate({ to: '/', replace: true });
          } catch (e) {
            const problem = serverProblem(e);
            setError(problem.message);
            form.setErrors(problem.fields);
            // Setup may have been completed elsewhere meanwhile.
            await queryClient.invalidateQueries({ queryKey: ['setup'] });
          } finally {
            setBusy(false);
          }
        })}
      >
        <Stack gap="md">
          <TextInput label="Name" autoComplete="name" {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordField
            label="Password"
            description={password.hint}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          {error ? (
            <Alert color="red" variant="light" role="alert" title="Setup failed">
              {error}
            </Alert>
          ) : null}
          <Button type="submit" loading={busy} fullWidth>
            Create account
          </Button>
          <Text size="xs" c="dimmed">
            Only the first visitor can do this; afterwards this page shows the sign-in form.
          </Text>
        </Stack>
      </form>
    </CenteredCard>
  );
}
