// Admin > Users & Access > a service account (issue 16, item 8). `new`: the create form (Save). An
// existing one: its header (name, status), then Details (edit → Save Changes; Disable / Enable and
// Delete in the danger zone) and API Tokens (Generate Token, the secret shown once; revoke). What
// is offered follows the grants (admin:users.manage) or ownership; the server decides every change.
import { Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { Details } from '../../shared/details';
import { formatTime } from '../../shared/format';
import { LoadError, Loading } from '../../shared/states';
import { useGroupPaths } from '../admin/groups-data';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { pb } from '../pb';
import { grantsQuery } from '../records/data';
import { RouterAnchor } from '../records/links';
import { type ServiceAccount, personLabel, personQuery, serviceAccountQuery } from './data';
import { GroupPaths, SaStatusBadge } from './sa-badges';
import { DISABLE_NOTE, ServiceAccountDanger } from './sa-danger';
import { ServiceAccountForm } from './sa-form';
import { ServiceAccountTokens } from './sa-tokens';

function OwnerName(props: { id: string | null }) {
  const person = useQuery({ ...personQuery(props.id ?? ''), enabled: props.id !== null });
  if (props.id === null) return <>No owner</>;
  return <>{person.data ? personLabel(person.data) : person.isError ? 'Unknown user' : '…'}</>;
}

/** What someone who may see but not change it reads on the Details tab. */
function ReadOnlyDetails(props: { account: ServiceAccount }) {
  const { account } = props;
  const paths = useGroupPaths(account.groups);
  return (
    <Stack gap="sm" maw={560}>
      <Details
        items={[
          { label: 'Name', value: account.name },
          { label: 'Description', value: account.description || '—' },
          { label: 'Owner', value: <OwnerName id={account.ownerId} /> },
          { label: 'Groups', value: <GroupPaths ids={account.groups} paths={paths.data} /> },
          { label: 'Role', value: account.role || 'None' },
          { label: 'Created', value: formatTime(account.created) },
        ]}
      />
      <Text size="sm" c="dimmed">
        Changing service accounts needs admin.users.manage.
      </Text>
    </Stack>
  );
}

function Existing(props: { id: string }) {
  const grants = useQuery(grantsQuery);
  const account = useQuery(serviceAccountQuery(props.id));
  const [tab, setTab] = useState<string | null>('details');
  if (account.isPending) return <Loading label="Loading the service account…" />;
  if (account.isError)
    return (
      <LoadError
        what="the service account"
        error={account.error}
        onRetry={() => void account.refetch()}
      />
    );
  const sa = account.data;
  const manage = hasAdmin(grants.data, 'users.manage');
  const owns = sa.ownerId !== null && sa.ownerId === pb.authStore.record?.id;
  return (
    <>
      <Stack gap={4}>
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {sa.name}
          </Title>
          <SaStatusBadge status={sa.status} size="lg" />
        </Group>
        {sa.description ? <Text c="dimmed">{sa.description}</Text> : null}
        {sa.status === 'disabled' ? <Text size="sm">{DISABLE_NOTE}</Text> : null}
      </Stack>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">Details</Tabs.Tab>
          <Tabs.Tab value="tokens">API Tokens</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          {manage || owns ? (
            <Stack gap="xl">
              <ServiceAccountForm key={sa.updated} account={sa} manage={manage} />
              {manage ? <ServiceAccountDanger account={sa} /> : null}
            </Stack>
          ) : (
            <ReadOnlyDetails account={sa} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="tokens" pt="md">
          <ServiceAccountTokens account={sa} manage={manage || owns} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function ServiceAccountPage() {
  const { id } = useParams({ from: '/_app/admin/service-accounts/$id' });
  const grants = useQuery(grantsQuery);
  const creating = id === 'new';
  let body;
  if (!creating) body = <Existing id={id} />;
  else if (grants.isPending) body = <Loading label="Loading…" />;
  else if (!hasAdmin(grants.data, 'users.manage'))
    body = <Text>Creating service accounts needs admin.users.manage.</Text>;
  else
    body = (
      <>
        <Title order={2}>Create Service Account</Title>
        <Text size="sm" c="dimmed" maw={640}>
          It starts with no permissions beyond its groups and role: grant it the least it needs.
          After saving, generate its API token.
        </Text>
        <ServiceAccountForm manage />
      </>
    );
  return (
    <Stack gap="md">
      <UsersAccessHeader current="service-accounts" />
      <Text size="sm">
        <RouterAnchor to="/admin/service-accounts">← All service accounts</RouterAnchor>
      </Text>
      {body}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/service-accounts/$id')({
  component: ServiceAccountPage,
});
