// The console's signed-in frame: header with sign-out, an empty navigation, the page.
import { Anchor, AppShell, Burger, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ColorSchemeToggle } from '../shared/color-scheme-toggle';
import { pb } from './pb';

export function ConsoleFrame(props: { onSignedOut: () => void }) {
  const [opened, { toggle }] = useDisclosure(false);
  const email = typeof pb.authStore.record?.email === 'string' ? pb.authStore.record.email : '';
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Text fw={700} size="lg">
              Gatehouse console
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm" truncate maw={240}>
              {email}
            </Text>
            <ColorSchemeToggle />
            <Button
              variant="default"
              onClick={() => {
                pb.authStore.clear();
                props.onSignedOut();
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="md" aria-label="Console">
        <Text size="sm" c="dimmed">
          Collections, settings, backups and logs will be listed here.
        </Text>
      </AppShell.Navbar>
      <AppShell.Main>
        <Stack gap="sm" maw={720}>
          <Title order={1}>Console</Title>
          <Text>
            You are signed in as superuser <b>{email}</b>. The console&apos;s screens are not built
            yet; the <Anchor href="/">hub</Anchor> and the API work today.
          </Text>
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}
