// Admin > Users & Access > Service Accounts (issue 16, item 8): the accounts automation uses, a page
// at a time and searched on the server, each with its owner, groups (as paths), role, status and its
// tokens at a glance; "Create Service Account" for holders of admin:users.manage.
import { Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { CardList, Details } from '../../shared/details';
import { formatTime } from '../../shared/format';
import { PageButtons } from '../../shared/pager';
import { Empty, LoadError, Loading } from '../../shared/states';
import { useGroupPaths } from '../admin/groups-data';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { grantsQuery } from '../records/data';
import { RouterAnchor, RouterButton } from '../records/links';
import { type ServiceAccountRow, serviceAccountsQuery } from './data';
import { GroupPaths, SaStatusBadge } from './sa-badges';

type Paths = ReadonlyMap<string, string> | undefined;

function Name(props: { sa: ServiceAccountRow }) {
  return (
    <Stack gap={0} align="flex-start">
      <RouterAnchor
        to="/admin/service-accounts/$id"
        params={{ id: props.sa.id }}
        fw={600}
        style={{ overflowWrap: 'anywhere' }}
      >
        {props.sa.name}
      </RouterAnchor>
      {props.sa.description ? (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {props.sa.description}
        </Text>
      ) : null}
    </Stack>
  );
}

const owner = (sa: ServiceAccountRow) => (sa.ownerId ? sa.ownerName || 'Unknown user' : 'No owner');

function Tokens(props: { sa: ServiceAccountRow }) {
  const n = props.sa.activeTokens;
  return (
    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
      {n} token{n === 1 ? '' : 's'}
    </Text>
  );
}

function SaTable(props: { items: ServiceAccountRow[]; paths: Paths }) {
  const wide = useMediaQuery('(min-width: 75em)', true, { getInitialValueInEffect: false });
  const { items, paths } = props;
  if (!wide) {
    return (
      <CardList label="Service accounts">
        {items.map((sa) => (
          <Paper component="li" key={sa.id} withBorder p="sm">
            <Stack gap="xs">
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Name sa={sa} />
                <SaStatusBadge status={sa.status} />
              </Group>
              <Details
                items={[
                  { label: 'Owner', value: owner(sa) },
                  { label: 'Groups', value: <GroupPaths ids={sa.groups} paths={paths} /> },
                  { label: 'Role', value: sa.role || 'None' },
                  { label: 'API tokens', value: <Tokens sa={sa} /> },
                  { label: 'Last used', value: formatTime(sa.lastUsedAt, 'Never') },
                ]}
              />
            </Stack>
          </Paper>
        ))}
      </CardList>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="sm" aria-label="Service accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <Table.Th scope="col">Groups</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">API tokens</Table.Th>
            <Table.Th scope="col">Last used</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((sa) => (
            <Table.Tr key={sa.id}>
              <Table.Th scope="row" fw={400} maw={320}>
                <Name sa={sa} />
              </Table.Th>
              <Table.Td>
                <Text size="sm">{owner(sa)}</Text>
              </Table.Td>
              <Table.Td maw={260}>
                <GroupPaths ids={sa.groups} paths={paths} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{sa.role || 'None'}</Text>
              </Table.Td>
              <Table.Td>
                <SaStatusBadge status={sa.status} />
              </Table.Td>
              <Table.Td>
                <Tokens sa={sa} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTime(sa.lastUsedAt, 'Never')}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ServiceAccountsPage() {
  const grants = useQuery(grantsQuery);
  const manage = hasAdmin(grants.data, 'users.manage');
  const seesAll = hasAdmin(grants.data, 'users.view', 'users.manage');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const list = useQuery(serviceAccountsQuery(q, page));
  const paths = useGroupPaths(list.data?.items.flatMap((sa) => sa.groups) ?? []);

  return (
    <Stack gap="md">
      <UsersAccessHeader
        current="service-accounts"
        actions={
          manage ? (
            <RouterButton to="/admin/service-accounts/$id" params={{ id: 'new' }}>
              Create Service Account
            </RouterButton>
          ) : null
        }
      />
      <Text size="sm" c="dimmed">
        Accounts for automation (a CI server, a scanner, a script): each has an owner, gets its
        permissions from a role and groups like anyone, and signs in only with API tokens.
      </Text>
      {grants.isSuccess && !seesAll ? (
        <Text size="sm">You see the service accounts you own.</Text>
      ) : null}
      <TextInput
        label="Search service accounts"
        placeholder="Name or description"
        type="search"
        maw={420}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
      />
      {list.isPending ? (
        <Loading label="Loading service accounts…" />
      ) : list.isError ? (
        <LoadError
          what="the service accounts"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Empty>{q ? 'No service account matches.' : 'No service accounts yet.'}</Empty>
      ) : (
        <>
          <SaTable items={list.data.items} paths={paths.data} />
          <Group justify="space-between" gap="sm">
            <Text size="sm" role="status">
              {list.data.totalItems} service account{list.data.totalItems === 1 ? '' : 's'}
              {list.data.totalPages > 1
                ? `, page ${String(list.data.page)} of ${String(list.data.totalPages)}`
                : ''}
            </Text>
            {list.data.totalPages > 1 ? (
              <PageButtons page={page} totalPages={list.data.totalPages} onPage={setPage} />
            ) : null}
          </Group>
        </>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/service-accounts')({
  component: ServiceAccountsPage,
});
