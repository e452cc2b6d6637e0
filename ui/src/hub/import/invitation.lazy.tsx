// The invitation page (/invitation/<token>, no session needed): an imported user opens the link an
// administrator copied for them, sees whom it invites, sets the first password, and is signed in.
// A used, expired or mistyped link says so plainly and points to sign-in.
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { CenteredCard } from '../../shared/centered-card';
import { formatTime } from '../../shared/format';
import { PasswordField } from '../../shared/password-field';
import { serverProblem } from '../../shared/pb';
import { Loading } from '../../shared/states';
import { usePasswordRule } from '../password-rule';
import { pb } from '../pb';
import { RouterAnchor } from '../records/links';
import { acceptInvitation, invitationQuery } from './data';

function InvalidLink(props: { message: string }) {
  return (
    <Stack gap="md">
      <Alert color="red" variant="light" role="alert" title="This invitation link cannot be used">
        <Text size="sm">
          {props.message} A link works once and for a limited time; ask your administrator for a new
          one.
        </Text>
      </Alert>
      <Text size="sm">
        Already set your password?{' '}
        <RouterAnchor to="/sign-in" search={{}}>
          Sign in
        </RouterAnchor>
      </Text>
    </Stack>
  );
}

function SetPasswordForm(props: { token: string; email: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const password = usePasswordRule();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { password: '', passwordConfirm: '' },
    validate: {
      password: password.rule,
      passwordConfirm: (value, values) =>
        value === values.password ? null : 'The passwords do not match.',
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
          await acceptInvitation(props.token, values.password);
        } catch (e) {
          const problem = serverProblem(e);
          setError(problem.message);
          form.setErrors(problem.fields);
          setBusy(false);
          return;
        }
        // The password is set; sign in with it (a second factor or a policy may still ask for
        // the sign-in page, which then says nothing is lost).
        try {
          await pb.collection('users').authWithPassword(props.email, values.password);
          queryClient.clear();
          await navigate({ to: '/', replace: true });
        } catch {
          await navigate({ to: '/sign-in', search: {}, replace: true });
        }
      })}
    >
      <Stack gap="md">
        {/* The account's email, for password managers and so the user knows which account. */}
        <TextInput
          label="Email Address"
          value={props.email}
          readOnly
          autoComplete="username"
          variant="filled"
        />
        <PasswordField
          label="Password"
          description={password.hint}
          autoComplete="new-password"
          required
          data-autofocus
          {...form.getInputProps('password')}
        />
        <PasswordField
          label="Confirm password"
          autoComplete="new-password"
          required
          {...form.getInputProps('passwordConfirm')}
        />
        {error ? (
          <Alert color="red" variant="light" role="alert" title="The password was not set">
            {error}
          </Alert>
        ) : null}
        <Button type="submit" loading={busy} fullWidth>
          Set password and sign in
        </Button>
      </Stack>
    </form>
  );
}

function InvitationPage() {
  const { token } = useParams({ from: '/invitation/$token' });
  const invitation = useQuery(invitationQuery(token));
  if (invitation.isPending)
    return (
      <CenteredCard title="Welcome to Gatehouse">
        <Loading label="Checking your invitation…" />
      </CenteredCard>
    );
  if (invitation.isError) {
    const problem = serverProblem(invitation.error);
    return (
      <CenteredCard title="Invitation">
        {problem.fields.token ? (
          <InvalidLink message={problem.fields.token} />
        ) : (
          <Stack gap="md">
            <Alert color="red" variant="light" role="alert" title="Could not check the invitation">
              <Text size="sm">{problem.message}</Text>
            </Alert>
            <Button variant="default" onClick={() => void invitation.refetch()}>
              Try again
            </Button>
          </Stack>
        )}
      </CenteredCard>
    );
  }
  const { email, name, expires } = invitation.data;
  return (
    <CenteredCard
      title={name ? `Welcome, ${name}` : 'Welcome to Gatehouse'}
      subtitle={
        <>
          You were invited as <strong>{email}</strong>. Choose a password to finish setting up your
          account. This link works once, until {formatTime(expires)}.
        </>
      }
    >
      <SetPasswordForm token={token} email={email} />
      <Text size="xs" c="dimmed" mt="md">
        Not you? Close this page and tell the administrator who sent you the link.
      </Text>
    </CenteredCard>
  );
}

export const Route = createLazyRoute('/invitation/$token')({ component: InvitationPage });
