// The hub's sign-in page: email and password; returns to the page that was asked for.
import { Alert, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { CenteredCard } from '../shared/centered-card';
import { SignInForm } from '../shared/sign-in-form';
import { pb } from './pb';
import { safeRedirect } from './redirect';

const REASONS: Record<string, string> = {
  expired: 'Your session has ended (it expired or was signed out elsewhere). Sign in again.',
  'signed-out': 'You are signed out.',
};

export function SignInPage() {
  const search = useSearch({ from: '/sign-in' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const reason = search.reason ? REASONS[search.reason] : undefined;
  return (
    <CenteredCard title="Sign in">
      <Stack gap="md">
        {reason ? (
          <Alert
            color={search.reason === 'expired' ? 'yellow' : 'blue'}
            variant="light"
            role="status"
          >
            {reason}
          </Alert>
        ) : null}
        <SignInForm
          onSubmit={async (email, password) => {
            await pb.collection('users').authWithPassword(email, password);
            queryClient.clear();
            await navigate({ href: safeRedirect(search.redirect), replace: true });
          }}
        />
      </Stack>
    </CenteredCard>
  );
}
