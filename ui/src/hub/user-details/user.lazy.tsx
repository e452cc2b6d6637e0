// Admin > Users & Access > a user (issue 16 items 1, 2 and the user part of 5): the header (name,
// email, status), then the tabs in the URL — Details (edit, Account Status, Delete User), Effective
// permissions, Sessions, API Tokens. Edit controls and tabs show by the signed-in user's grants; the
// server decides every change and its refusals are shown as it words them.
import { Alert, Badge, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { Details } from '../../shared/details';
import { LoadError, Loading } from '../../shared/states';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { grantsQuery } from '../records/data';
import { RouterAnchor } from '../records/links';
import { type UserRecord, userQuery } from './data';
import { DangerZone } from './delete-user';
import { DetailsForm, DISABLED_NOTE } from './details-form';
import { PermissionsTab } from './permissions-tab';
import { UserSessionsTab, UserTokensTab } from './sessions-tokens';

const TABS = [
  { value: 'details', label: 'Details' },
  { value: 'permissions', label: 'Effective permissions' },
  { value: 'sessions', label: 'Sessions' },
  { value: 'tokens', label: 'API Tokens' },
] as const;
type Tab = (typeof TABS)[number]['value'];

export function StatusBadge(props: { status: string }) {
  const active = props.status === 'active';
  return (
    <Badge variant="dot" color={active ? 'green' : 'gray'} size="lg" tt="none">
      {active ? 'Active' : 'Disabled'}
    </Badge>
  );
}

/** What someone who may view but not change users sees on the Details tab. */
function ReadOnlyDetails(props: { user: UserRecord }) {
  const { user } = props;
  return (
    <Stack gap="sm" maw={560}>
      <Details
        items={[
          { label: 'Full Name', value: user.name || '—' },
          { label: 'Email Address', value: user.email || 'Hidden' },
          { label: 'Groups', value: (user.groupPaths ?? []).join(', ') || 'None' },
          { label: 'Role', value: user.role || 'None' },
          { label: 'Account Status', value: user.status === 'active' ? 'Active' : 'Disabled' },
        ]}
      />
      <Text size="sm" c="dimmed">
        Changing users needs admin.users.manage.
      </Text>
    </Stack>
  );
}

function UserPage() {
  const { id } = useParams({ from: '/_app/admin/users/$id' });
  const { tab } = useSearch({ from: '/_app/admin/users/$id' });
  const navigate = useNavigate({ from: '/admin/users/$id' });
  const grants = useQuery(grantsQuery);
  const user = useQuery(userQuery(id));
  const manage = hasAdmin(grants.data, 'users.manage');
  const shown = TABS.filter(
    (t) =>
      (t.value !== 'sessions' || manage) &&
      (t.value !== 'tokens' || (manage && hasAdmin(grants.data, 'tokens.manage'))),
  );
  const current: Tab = shown.find((t) => t.value === tab)?.value ?? 'details';

  let body;
  if (user.isPending) body = <Loading label="Loading the user…" />;
  else if (user.isError)
    body = <LoadError what="the user" error={user.error} onRetry={() => void user.refetch()} />;
  else {
    const u = user.data;
    const name = u.name || u.email || u.id;
    body = (
      <>
        <Stack gap={4}>
          <Group gap="sm" align="center" wrap="wrap">
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Title>
            <StatusBadge status={u.status} />
          </Group>
          {u.email ? (
            <Text c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {u.email}
            </Text>
          ) : null}
          {u.status === 'disabled' ? <Text size="sm">{DISABLED_NOTE}</Text> : null}
        </Stack>
        <Tabs
          value={current}
          keepMounted={false}
          onChange={(value) => {
            const next = shown.find((t) => t.value === value);
            if (next) void navigate({ search: { tab: next.value }, replace: true });
          }}
        >
          <Tabs.List>
            {shown.map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="details" pt="md">
            {u.kind === 'service' ? (
              <Alert color="blue" variant="light" title="A service account">
                <Text size="sm">
                  Service accounts are changed and deleted under{' '}
                  <RouterAnchor to="/admin/service-accounts/$id" params={{ id: u.id }}>
                    Service Accounts
                  </RouterAnchor>
                  .
                </Text>
              </Alert>
            ) : manage ? (
              <Stack gap="xl">
                <DetailsForm key={u.updated} user={u} />
                <DangerZone user={u} />
              </Stack>
            ) : (
              <ReadOnlyDetails user={u} />
            )}
          </Tabs.Panel>
          <Tabs.Panel value="permissions" pt="md">
            <PermissionsTab userId={u.id} userName={name} />
          </Tabs.Panel>
          <Tabs.Panel value="sessions" pt="md">
            <UserSessionsTab userId={u.id} userName={name} />
          </Tabs.Panel>
          <Tabs.Panel value="tokens" pt="md">
            <UserTokensTab userId={u.id} userName={name} />
          </Tabs.Panel>
        </Tabs>
      </>
    );
  }

  return (
    <Stack gap="md">
      <UsersAccessHeader current="users" />
      <Text size="sm">
        <RouterAnchor to="/admin/users">← All users</RouterAnchor>
      </Text>
      {body}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/users/$id')({ component: UserPage });
