// The hub's home page for a signed-in user: who you are and where to go.
import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { currentUser } from './pb';

export function HomePage() {
  const user = currentUser();
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>Welcome{user?.name ? `, ${user.name}` : ''}</Title>
      <Text>
        You are signed in as <b>{user?.email}</b>.
      </Text>
      <List spacing="xs">
        <List.Item>
          <Anchor component={Link} to="/account">
            Account Settings
          </Anchor>{' '}
          — your profile, password, Sessions and API Tokens.
        </List.Item>
      </List>
    </Stack>
  );
}
