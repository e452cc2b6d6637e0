// The signed-in frame: header (menu button on narrow screens, colour scheme, sign-out), navigation, page.
import { AppShell, Burger, Button, Group, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { ColorSchemeToggle } from '../shared/color-scheme-toggle';
import { RouterNavLink } from '../shared/nav-link';
import { AdminNav } from './admin-nav';
import { currentUser, pb, signOut } from './pb';
import { useResourceCollections } from './records/data';
import { titleOf } from './records/schema';

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  // Checks the session with the server once per visit (a revoked one answers 401 → sign-in).
  useQuery({
    queryKey: ['auth-refresh'],
    queryFn: ({ signal }) => pb.collection('users').authRefresh({ signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const user = currentUser();
  // The resource collections the user's grants reach (the server describes only those).
  const collections = useResourceCollections();
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
            <Text component={Link} to="/" fw={700} size="lg" c="inherit" td="none">
              Gatehouse
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {user ? (
              <Tooltip label={user.email}>
                <Text size="sm" c="dimmed" visibleFrom="sm" truncate maw={240}>
                  {user.name || user.email}
                </Text>
              </Tooltip>
            ) : null}
            <ColorSchemeToggle />
            <Button
              variant="default"
              onClick={() => {
                void signOut().then(() => {
                  queryClient.clear();
                  return navigate({ to: '/sign-in', search: { reason: 'signed-out' } });
                });
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <RouterNavLink to="/" label="Home" active={pathname === '/'} onClick={close} />
        {collections.data?.map((c) => (
          <RouterNavLink
            key={c.id}
            to="/records/$collection"
            params={{ collection: c.name }}
            label={titleOf(c.name)}
            active={pathname === `/records/${c.name}` || pathname.startsWith(`/records/${c.name}/`)}
            onClick={close}
          />
        ))}
        <AdminNav pathname={pathname} onNavigate={close} />
        <RouterNavLink
          to="/account"
          label="Account Settings"
          active={pathname.startsWith('/account')}
          onClick={close}
        />
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
