// Account Settings (loaded on first visit): profile, password, Sessions and API Tokens.
import { Stack, Text, Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';
import { currentUser } from '../pb';

function AccountPage() {
  const user = currentUser();
  return (
    <Stack gap="md" maw={880}>
      <Title order={1}>Account Settings</Title>
      <Text>{user?.email}</Text>
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/account')({ component: AccountPage });
