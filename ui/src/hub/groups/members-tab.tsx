// A group's Members tab: its members a server page at a time (or, with "Include members of
// sub-groups", everyone in it or beneath it, with the group that brings them); add many at once
// through a user picker searched on the server, and remove many at once — one all-or-nothing call
// each (POST /api/groups/{id}/members). Only the group's own members can be removed from it.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  type OptionsFilter,
  Pagination,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { Empty, LoadError, Loading } from '../../shared/states';
import { RouterAnchor } from '../records/links';
import {
  GROUPS_KEY,
  type GroupRecord,
  type Member,
  changeMembers,
  membersQuery,
  userSearchQuery,
} from './data';

/** "Ada Admin (ada@example.com)", or what of it the server shows. */
function userLabel(u: { id: string; name: string; email: string }): string {
  if (u.name && u.email) return `${u.name} (${u.email})`;
  return u.name || u.email || u.id;
}

const asAnswered: OptionsFilter = ({ options }) => options;
const plural = (n: number, noun: string) => `${String(n)} ${noun}${n === 1 ? '' : 's'}`;

function AddMembers(props: { group: GroupRecord }) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<{ value: string; label: string }[]>([]);
  const found = useQuery(userSearchQuery(debounced));
  const data = [
    ...chosen,
    ...(found.data ?? [])
      .filter((u) => !chosen.some((c) => c.value === u.id))
      .map((u) => ({ value: u.id, label: userLabel(u) })),
  ];
  const add = useMutation({
    mutationFn: () => changeMembers(props.group.id, { add: chosen.map((c) => c.value) }),
    onSuccess: async (result) => {
      notifications.show({
        color: 'green',
        message: `${plural(result.added.length, 'user')} added to “${props.group.name}”.`,
      });
      setChosen([]);
      await queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen.length > 0) add.mutate();
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <MultiSelect
            label="Add members"
            placeholder={chosen.length ? undefined : 'Search users by name or email'}
            style={{ flex: '1 1 20rem' }}
            data={data}
            value={chosen.map((c) => c.value)}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={asAnswered}
            nothingFoundMessage={found.isFetching ? 'Searching…' : 'No user matches'}
            onChange={(ids) => {
              add.reset();
              setChosen(
                ids.map((id) => data.find((d) => d.value === id) ?? { value: id, label: id }),
              );
            }}
          />
          <Button type="submit" disabled={chosen.length === 0} loading={add.isPending}>
            Add to group
          </Button>
        </Group>
        {add.isError ? (
          <Alert color="red" variant="light" role="alert" title="No one was added">
            {serverProblem(add.error).message}
          </Alert>
        ) : null}
      </Stack>
    </form>
  );
}

/** Which group brings a member: this one, or the sub-groups (paths below this group's). */
export function viaOf(member: Member, group: GroupRecord): string {
  if (member.groups.includes(group.id)) return 'This group';
  const prefix = `${group.path ?? group.name} / `;
  const below = (member.groupPaths ?? []).filter((p) => p.startsWith(prefix));
  return below.map((p) => p.slice(prefix.length)).join(', ') || 'A sub-group';
}

export function MembersTab(props: { group: GroupRecord; manage: boolean }) {
  const { group } = props;
  const queryClient = useQueryClient();
  const [subgroups, setSubgroups] = useState(false);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const members = useQuery(membersQuery(group.id, subgroups, page));
  const remove = useMutation({
    mutationFn: () => changeMembers(group.id, { remove: selected }),
    onSuccess: async (result) => {
      notifications.show({
        color: 'green',
        message: `${plural(result.removed.length, 'user')} removed from “${group.name}”.`,
      });
      setSelected([]);
      await queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
    },
  });

  let body;
  if (members.isPending) body = <Loading label="Loading the members…" />;
  else if (members.isError)
    body = (
      <LoadError what="the members" error={members.error} onRetry={() => void members.refetch()} />
    );
  else if (members.data.totalItems === 0)
    body = (
      <Empty>
        {subgroups ? 'No one is in this group or beneath it.' : 'This group has no members yet.'}
      </Empty>
    );
  else {
    const rows = members.data.items;
    const removable = rows.filter((m) => m.groups.includes(group.id)).map((m) => m.id);
    const allOnPage = removable.length > 0 && removable.every((id) => selected.includes(id));
    body = (
      <Stack gap="sm">
        <Text size="sm" aria-live="polite">
          {plural(members.data.totalItems, subgroups ? 'user' : 'member')}
          {subgroups ? ' in this group or its sub-groups' : ''}.
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                {props.manage ? (
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label="Select all members on this page"
                      checked={allOnPage}
                      indeterminate={!allOnPage && removable.some((id) => selected.includes(id))}
                      disabled={removable.length === 0}
                      onChange={() => {
                        setSelected((s) =>
                          allOnPage
                            ? s.filter((id) => !removable.includes(id))
                            : [...new Set([...s, ...removable])],
                        );
                      }}
                    />
                  </Table.Th>
                ) : null}
                <Table.Th>Name</Table.Th>
                <Table.Th>Email Address</Table.Th>
                <Table.Th>Status</Table.Th>
                {subgroups ? <Table.Th>Member through</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => {
                const own = m.groups.includes(group.id);
                const label = m.name || m.email || m.id;
                return (
                  <Table.Tr key={m.id}>
                    {props.manage ? (
                      <Table.Td>
                        <Checkbox
                          aria-label={`Select ${label}`}
                          checked={selected.includes(m.id)}
                          disabled={!own}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            setSelected((s) => (on ? [...s, m.id] : s.filter((id) => id !== m.id)));
                          }}
                        />
                      </Table.Td>
                    ) : null}
                    <Table.Td>
                      <RouterAnchor to="/admin/users/$id" params={{ id: m.id }} size="sm">
                        {label}
                      </RouterAnchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {m.email || 'Hidden'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        variant="dot"
                        color={m.status === 'active' ? 'green' : 'gray'}
                        tt="none"
                      >
                        {m.status === 'active' ? 'Active' : 'Disabled'}
                      </Badge>
                    </Table.Td>
                    {subgroups ? (
                      <Table.Td>
                        <Text size="sm">{viaOf(m, group)}</Text>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {members.data.totalPages > 1 ? (
          <Pagination
            total={members.data.totalPages}
            value={page}
            onChange={setPage}
            getControlProps={(control) => ({
              'aria-label': control === 'previous' ? 'Previous page' : 'Next page',
            })}
            getItemProps={(p) => ({ 'aria-label': `Page ${String(p)}` })}
          />
        ) : null}
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      {props.manage ? <AddMembers group={group} /> : null}
      <Group justify="space-between" align="center" wrap="wrap">
        <Checkbox
          label="Include members of sub-groups"
          checked={subgroups}
          onChange={(e) => {
            setSubgroups(e.currentTarget.checked);
            setPage(1);
          }}
        />
        {props.manage ? (
          <Button
            color="red"
            variant="light"
            disabled={selected.length === 0}
            loading={remove.isPending}
            onClick={() => {
              remove.mutate();
            }}
          >
            {selected.length > 0
              ? `Remove ${plural(selected.length, 'member')} from group`
              : 'Remove from group'}
          </Button>
        ) : null}
      </Group>
      {remove.isError ? (
        <Alert color="red" variant="light" role="alert" title="No one was removed">
          {serverProblem(remove.error).message}
        </Alert>
      ) : null}
      {body}
    </Stack>
  );
}
