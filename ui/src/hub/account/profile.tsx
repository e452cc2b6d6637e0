// Account Settings > Profile: name and email; a new email needs the current password.
import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { emailSchema } from '../../../../src/accounts/users.schema';
import { serverProblem } from '../../shared/pb';
import { fieldRule } from '../../shared/validate';
import { currentUser, pb } from '../pb';
import { PasswordField } from '../../shared/password-field';

export function ProfileTab() {
  const user = currentUser();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { name: user?.name ?? '', email: user?.email ?? '', oldPassword: '' },
    validate: {
      email: fieldRule(emailSchema, 'Enter a valid email address.'),
      oldPassword: (v, values) =>
        values.email.trim().toLowerCase() !== user?.email && v === ''
          ? 'Enter your current password to change your email.'
          : null,
    },
  });
  if (!user) return null;
  const emailChanges = form.values.email.trim().toLowerCase() !== user.email;
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        if (busy) return;
        setBusy(true);
        setError('');
        try {
          const email = values.email.trim().toLowerCase();
          const body: Record<string, string> = { name: values.name.trim() };
          if (email !== user.email) Object.assign(body, { email, oldPassword: values.oldPassword });
          await pb.collection('users').update(user.id, body);
          // A new email ends every session (the server's rule): sign this one in again.
          if (email !== user.email) {
            await pb.collection('users').authWithPassword(email, values.oldPassword);
          } else {
            await pb.collection('users').authRefresh();
          }
          form.setValues({ name: values.name.trim(), email, oldPassword: '' });
          form.resetDirty();
          notifications.show({ color: 'green', message: 'Profile saved.' });
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
        <TextInput label="Name" autoComplete="name" {...form.getInputProps('name')} />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps('email')}
        />
        {emailChanges ? (
          <PasswordField
            label="Current password"
            description="Needed to change your email. Your other sessions will be signed out."
            autoComplete="current-password"
            required
            {...form.getInputProps('oldPassword')}
          />
        ) : null}
        {error ? (
          <Alert color="red" variant="light" role="alert" title="Not saved">
            {error}
          </Alert>
        ) : null}
        <div>
          <Button type="submit" loading={busy}>
            Save profile
          </Button>
        </div>
      </Stack>
    </form>
  );
}
