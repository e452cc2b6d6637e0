// The console's superuser sign-in (superusers are separate accounts from hub users).
import { Alert, Stack } from '@mantine/core';
import { CenteredCard } from '../shared/centered-card';
import { SignInForm } from '../shared/sign-in-form';
import { pb } from './pb';

export function SuperuserSignIn(props: { onSignedIn: () => void; ended: boolean }) {
  return (
    <CenteredCard
      title="Sign in to the console"
      subtitle="Superusers only. Hub users sign in at the home page."
    >
      <Stack gap="md">
        {props.ended ? (
          <Alert color="yellow" variant="light" role="status">
            Your console session has ended. Sign in again.
          </Alert>
        ) : null}
        <SignInForm
          onSubmit={async (email, password) => {
            await pb.collection('_superusers').authWithPassword(email, password);
            props.onSignedIn();
          }}
        />
      </Stack>
    </CenteredCard>
  );
}
