// The hub's home page for a signed-in user: who you are and where to go.
import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { Fragment } from 'react';
import { currentUser } from './pb';
import { useResourceCollections } from './records/data';
import { RouterAnchor } from './records/links';
import { titleOf } from './records/schema';

export function HomePage() {
  const user = currentUser();
  const collections = useResourceCollections();
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
        {collections.data?.length ? (
          <List.Item>
            Records your roles reach:{' '}
            {collections.data.map((c, i) => (
              <Fragment key={c.id}>
                {i > 0 ? ', ' : ''}
                <RouterAnchor to="/records/$collection" params={{ collection: c.name }}>
                  {titleOf(c.name)}
                </RouterAnchor>
              </Fragment>
            ))}
            .
          </List.Item>
        ) : null}
      </List>
    </Stack>
  );
}
