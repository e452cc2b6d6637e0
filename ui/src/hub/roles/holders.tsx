// The "Users with this role" and "Groups with this role" tabs: the holders endpoint, paged, each
// holder with how they hold the role — directly, through a group (its path), or inherited from an
// ancestor group. Users link to their details, groups to the groups screen.
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { CardList } from '../../shared/details';
import { Pager } from '../../shared/pager';
import { Empty, LoadError, Loading } from '../../shared/states';
import { RouterAnchor } from '../records/links';
import {
  type GroupHolder,
  type HolderType,
  type HoldingPath,
  type UserHolder,
  holdersQuery,
} from './data';

/** One way a user holds the role, in words. */
export function holdingText(h: HoldingPath): string {
  if (h.via === 'role') return 'Direct role';
  const path = h.path.join(' → ');
  if (h.via === 'group') return `Via group ${path}`;
  const from = h.path[h.path.length - 1] ?? '';
  return `Inherited from ancestor group ${from} (${path})`;
}

function HolderList<T extends HolderType>(props: {
  roleId: string;
  type: T;
  what: string;
  render: (item: T extends 'users' ? UserHolder : GroupHolder) => ReactNode;
}) {
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...holdersQuery(props.roleId, props.type, page),
    placeholderData: keepPreviousData,
  });
  if (list.isPending) return <Loading label={`Loading ${props.what}…`} />;
  if (list.isError)
    return <LoadError what={props.what} error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.totalItems === 0) return <Empty>{`No ${props.what} hold this role.`}</Empty>;
  return (
    <Stack gap="sm">
      <Text size="sm">
        {list.data.totalItems} {props.what} hold this role.
      </Text>
      <CardList label={props.what}>{list.data.items.map(props.render)}</CardList>
      <Pager
        page={list.data.page}
        totalPages={list.data.totalPages}
        totalItems={list.data.totalItems}
        noun={props.what}
        onPage={setPage}
      />
    </Stack>
  );
}

export function UserHolders(props: { roleId: string }) {
  return (
    <HolderList
      roleId={props.roleId}
      type="users"
      what="users"
      render={(u) => (
        <Paper component="li" key={u.id} withBorder p="sm">
          <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
            <Stack gap={4} style={{ minWidth: 0, flex: '1 1 16rem' }}>
              <RouterAnchor to="/admin/users/$id" params={{ id: u.id }} fw={600}>
                {u.name || u.id}
              </RouterAnchor>
              <Stack
                component="ul"
                gap={2}
                m={0}
                pl="md"
                aria-label={`How ${u.name || u.id} holds it`}
              >
                {u.via.map((h) => (
                  <Text component="li" size="sm" key={`${h.via}:${h.path.join('/')}`}>
                    {holdingText(h)}
                  </Text>
                ))}
              </Stack>
            </Stack>
            {u.status && u.status !== 'active' ? (
              <Badge variant="outline" color="gray" tt="none">
                {u.status}
              </Badge>
            ) : null}
          </Group>
        </Paper>
      )}
    />
  );
}

export function GroupHolders(props: { roleId: string }) {
  return (
    <HolderList
      roleId={props.roleId}
      type="groups"
      what="groups"
      render={(g) => (
        <Paper component="li" key={g.id} withBorder p="sm">
          <Stack gap={4}>
            <RouterAnchor to="/admin/groups" search={{ group: g.id }} fw={600}>
              {g.path}
            </RouterAnchor>
            <Text size="sm">
              {g.via === 'group'
                ? 'Holds it directly'
                : `Inherited from ancestor group ${g.from.path}`}
            </Text>
          </Stack>
        </Paper>
      )}
    />
  );
}
