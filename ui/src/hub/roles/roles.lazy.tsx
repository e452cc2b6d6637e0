// Admin > Users & Access > Roles (issue 16, item 4): every role with its level badge and how many
// users and groups hold it (one counts read per kind for the whole page), server-paged; "Create
// Role" for holders of admin roles.manage.
import { Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type UseQueryResult, keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { CardList, Details } from '../../shared/details';
import { Pager } from '../../shared/pager';
import { Empty, LoadError, Loading } from '../../shared/states';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { grantsQuery } from '../records/data';
import { RouterAnchor, RouterButton } from '../records/links';
import { type HolderType, type Role, holderCountsQuery, rolesPageQuery } from './data';
import { LevelBadge } from './level-badge';

/** Who may read each kind of holder (the server's rule in access/directory-reads.ts). */
function useHolderReach() {
  const grants = useQuery(grantsQuery).data;
  return {
    users: hasAdmin(grants, 'users.view', 'users.manage'),
    groups: hasAdmin(grants, 'users.view', 'users.manage', 'groups.manage'),
    manage: hasAdmin(grants, 'roles.manage'),
  };
}

interface PageCounts {
  allowed: boolean;
  counts: UseQueryResult<Map<string, number>>;
}

/** The holders of each kind for the roles of a page: one read per kind, when its reader may. */
function usePageCounts(roles: Role[], type: HolderType, allowed: boolean): PageCounts {
  const counts = useQuery({
    ...holderCountsQuery(
      roles.map((r) => r.id),
      type,
    ),
    enabled: allowed && roles.length > 0,
  });
  return { allowed, counts };
}

function HolderCount(props: { role: Role; type: HolderType; of: PageCounts }) {
  const { allowed, counts } = props.of;
  const count = counts.data?.get(props.role.id);
  const noun = props.type === 'users' ? 'user' : 'group';
  if (!allowed || counts.isError) return <Text size="sm">Not available</Text>;
  if (count === undefined) return <Text size="sm">…</Text>;
  return (
    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
      {count} {noun}
      {count === 1 ? '' : 's'}
    </Text>
  );
}

function RoleName(props: { role: Role }) {
  return (
    <Stack gap={0} align="flex-start">
      <RouterAnchor to="/admin/roles/$id" params={{ id: props.role.id }} fw={600}>
        {props.role.name}
      </RouterAnchor>
      {props.role.builtin ? (
        <Text size="xs" c="dimmed">
          Built-in
        </Text>
      ) : null}
    </Stack>
  );
}

function RolesTable(props: { roles: Role[]; reach: ReturnType<typeof useHolderReach> }) {
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const { roles, reach } = props;
  const users = usePageCounts(roles, 'users', reach.users);
  const groups = usePageCounts(roles, 'groups', reach.groups);
  if (!wide) {
    return (
      <CardList label="Roles">
        {roles.map((r) => (
          <Paper component="li" key={r.id} withBorder p="sm">
            <Stack gap="xs">
              <Group justify="space-between" gap="xs" wrap="wrap">
                <RoleName role={r} />
                <LevelBadge level={r.level} />
              </Group>
              {r.description ? <Text size="sm">{r.description}</Text> : null}
              <Details
                items={[
                  {
                    label: 'Users',
                    value: <HolderCount role={r} type="users" of={users} />,
                  },
                  {
                    label: 'Groups',
                    value: <HolderCount role={r} type="groups" of={groups} />,
                  },
                ]}
              />
            </Stack>
          </Paper>
        ))}
      </CardList>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="sm" aria-label="Roles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Level</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col">Users</Table.Th>
            <Table.Th scope="col">Groups</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Th scope="row" fw={400}>
                <RoleName role={r} />
              </Table.Th>
              <Table.Td>
                <LevelBadge level={r.level} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.description || '—'}</Text>
              </Table.Td>
              <Table.Td>
                <HolderCount role={r} type="users" of={users} />
              </Table.Td>
              <Table.Td>
                <HolderCount role={r} type="groups" of={groups} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RolesPage() {
  const [page, setPage] = useState(1);
  const reach = useHolderReach();
  const list = useQuery({ ...rolesPageQuery(page), placeholderData: keepPreviousData });
  return (
    <Stack gap="md">
      <UsersAccessHeader
        current="roles"
        actions={
          reach.manage ? (
            <RouterButton to="/admin/roles/$id" params={{ id: 'new' }}>
              Create Role
            </RouterButton>
          ) : null
        }
      />
      <Text size="sm" c="dimmed">
        Permission sets that define what actions users can perform. Levels run from 0 Super Admin to
        5 Viewer; a user receives the highest level across all their roles.
      </Text>
      {list.isPending ? (
        <Loading label="Loading roles…" />
      ) : list.isError ? (
        <LoadError what="the roles" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>No roles yet.</Empty>
      ) : (
        <>
          <RolesTable roles={list.data.items} reach={reach} />
          <Pager
            page={list.data.page}
            totalPages={list.data.totalPages}
            totalItems={list.data.totalItems}
            noun="roles"
            onPage={setPage}
          />
        </>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/roles')({ component: RolesPage });
