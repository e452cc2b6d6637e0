// The hub's 404 page: the address matches no screen.
import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  return (
    <Stack align="flex-start" p="xl" gap="sm">
      <Title order={1}>Page not found</Title>
      <Text c="dimmed">No page lives at this address.</Text>
      <Button component={Link} to="/">
        Go to the home page
      </Button>
    </Stack>
  );
}
