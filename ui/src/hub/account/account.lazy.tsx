// Account Settings (loaded on first visit): profile, password, Sessions and API Tokens, one tab each.
import { Stack, Tabs, Title } from '@mantine/core';
import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { PasswordTab } from './password';
import { ProfileTab } from './profile';
import { SessionsTab } from './sessions';
import { TokensTab } from './tokens';

const TABS = ['profile', 'password', 'sessions', 'tokens'] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => TABS.some((t) => t === value);

function AccountPage() {
  const { tab = 'profile' } = useSearch({ from: '/_app/account' });
  const navigate = useNavigate({ from: '/account' });
  return (
    <Stack gap="md" maw={960}>
      <Title order={1}>Account Settings</Title>
      <Tabs
        value={tab}
        keepMounted={false}
        onChange={(value) => {
          if (isTab(value)) void navigate({ search: { tab: value }, replace: true });
        }}
      >
        <Tabs.List>
          <Tabs.Tab value="profile">Profile</Tabs.Tab>
          <Tabs.Tab value="password">Password</Tabs.Tab>
          <Tabs.Tab value="sessions">Sessions</Tabs.Tab>
          <Tabs.Tab value="tokens">API Tokens</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile" pt="md">
          <ProfileTab />
        </Tabs.Panel>
        <Tabs.Panel value="password" pt="md">
          <PasswordTab />
        </Tabs.Panel>
        <Tabs.Panel value="sessions" pt="md">
          <SessionsTab />
        </Tabs.Panel>
        <Tabs.Panel value="tokens" pt="md">
          <TokensTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/account')({ component: AccountPage });
