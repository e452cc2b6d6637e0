// The users list's rows: name (a link to the user's details; a click anywhere on the row goes there
// too), email, groups as paths, role, effective level, status and last sign-in, with sortable
// headers and a checkbox per row for Bulk Actions.
import {
  Badge,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useNavigate } from '@tanstack/react-router';
import type { MouseEvent } from 'react';
import { CardList, Details } from '../../shared/details';
import { formatTime } from '../../shared/format';
import { nextSort, sortDirection } from '../records/filter';
import { RouterAnchor } from '../records/links';
import { LevelBadge } from '../roles/level-badge';
import type { ListedUser } from './data';
import { SORTABLE, type SortField } from './filter';

export const nameOf = (u: Pick<ListedUser, 'name' | 'email' | 'id'>) => u.name || u.email || u.id;

function SortHeader(props: {
  field: SortField;
  label: string;
  sort: string;
  onSort: (sort: string) => void;
}) {
  const direction = sortDirection(props.sort, props.field);
  return (
    <Table.Th
      scope="col"
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
    >
      <UnstyledButton
        fw={700}
        fz="sm"
        onClick={() => {
          props.onSort(nextSort(props.sort, props.field));
        }}
      >
        {props.label}{' '}
        <span aria-hidden="true">
          {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
        </span>
        <VisuallyHidden>
          {direction ? `, sorted ${direction === 'asc' ? 'ascending' : 'descending'}` : ', sort'}
        </VisuallyHidden>
      </UnstyledButton>
    </Table.Th>
  );
}

function Groups(props: { user: ListedUser }) {
  const paths = props.user.groupPaths ?? [];
  if (paths.length === 0) return <Text size="sm">—</Text>;
  return (
    <>
      {paths.map((p, i) => (
        <Text key={props.user.groups[i] ?? p} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {p}
        </Text>
      ))}
    </>
  );
}

function Level(props: { user: ListedUser }) {
  const level = props.user.level;
  if (level === null || level === undefined) return <Text size="sm">None</Text>;
  return <LevelBadge level={level} />;
}

function Status(props: { user: ListedUser }) {
  const disabled = props.user.status === 'disabled';
  return (
    <Badge variant="dot" tt="none" color={disabled ? 'gray' : 'green'}>
      {disabled ? 'Disabled' : 'Active'}
    </Badge>
  );
}

const lastSignInOf = (u: ListedUser) =>
  u.lastSignIn === undefined ? '—' : formatTime(u.lastSignIn, 'Never');

const SORT_LABELS: Record<SortField, string> = {
  name: 'Name',
  email: 'Email',
  role: 'Role',
  status: 'Status',
  created: 'Created',
};

/** A phone's list: one card per user, the sort as a select, the same checkboxes. */
function UserCards(props: UsersTableProps) {
  const { users } = props;
  const allSelected = users.length > 0 && users.every((u) => props.selected.has(u.id));
  const someSelected = users.some((u) => props.selected.has(u.id));
  return (
    <Stack gap="sm">
      <NativeSelect
        label="Sort by"
        value={props.sort}
        maw={320}
        data={SORTABLE.flatMap((f) => [
          { value: f, label: `${SORT_LABELS[f]}, ascending` },
          { value: `-${f}`, label: `${SORT_LABELS[f]}, descending` },
        ])}
        onChange={(e) => {
          props.onSort(e.currentTarget.value);
        }}
      />
      {props.selectable ? (
        <Checkbox
          label="Select all users on this page"
          checked={allSelected}
          indeterminate={someSelected && !allSelected}
          onChange={(e) => {
            props.onSelect(users, e.currentTarget.checked);
          }}
        />
      ) : null}
      <CardList label="Users">
        {users.map((u) => (
          <Paper component="li" key={u.id} withBorder p="sm">
            <Stack gap="xs">
              <Group gap="sm" wrap="nowrap" align="flex-start">
                {props.selectable ? (
                  <Checkbox
                    aria-label={`Select ${nameOf(u)}`}
                    checked={props.selected.has(u.id)}
                    onChange={(e) => {
                      props.onSelect([u], e.currentTarget.checked);
                    }}
                  />
                ) : null}
                <RouterAnchor to="/admin/users/$id" params={{ id: u.id }} fw={600}>
                  {nameOf(u)}
                </RouterAnchor>
              </Group>
              <Details
                items={[
                  { label: 'Email', value: u.email || 'Hidden' },
                  { label: 'Groups', value: <Groups user={u} /> },
                  { label: 'Role', value: u.role || '—' },
                  { label: 'Level', value: <Level user={u} /> },
                  { label: 'Status', value: <Status user={u} /> },
                  { label: 'Last sign-in', value: lastSignInOf(u) },
                ]}
              />
            </Stack>
          </Paper>
        ))}
      </CardList>
    </Stack>
  );
}

export interface UsersTableProps {
  users: readonly ListedUser[];
  sort: string;
  onSort: (sort: string) => void;
  selectable: boolean;
  selected: ReadonlyMap<string, ListedUser>;
  onSelect: (users: readonly ListedUser[], on: boolean) => void;
}

/** Clicks on a link, a checkbox or a button do their own thing, not the row's. */
const fromControl = (e: MouseEvent) =>
  e.target instanceof Element && e.target.closest('a, button, input, label') !== null;

export function UsersTable(props: UsersTableProps) {
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  return wide ? <UsersRows {...props} /> : <UserCards {...props} />;
}

function UsersRows(props: UsersTableProps) {
  const navigate = useNavigate();
  const { users, sort, onSort } = props;
  const allSelected = users.length > 0 && users.every((u) => props.selected.has(u.id));
  const someSelected = users.some((u) => props.selected.has(u.id));
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table striped verticalSpacing="sm" aria-label="Users">
        <Table.Thead>
          <Table.Tr>
            {props.selectable ? (
              <Table.Th scope="col" w={40}>
                <Checkbox
                  aria-label="Select all users on this page"
                  checked={allSelected}
                  indeterminate={someSelected && !allSelected}
                  onChange={(e) => {
                    props.onSelect(users, e.currentTarget.checked);
                  }}
                />
              </Table.Th>
            ) : null}
            <SortHeader field="name" label="Name" sort={sort} onSort={onSort} />
            <SortHeader field="email" label="Email" sort={sort} onSort={onSort} />
            <Table.Th scope="col">Groups</Table.Th>
            <SortHeader field="role" label="Role" sort={sort} onSort={onSort} />
            <Table.Th scope="col">Level</Table.Th>
            <SortHeader field="status" label="Status" sort={sort} onSort={onSort} />
            <Table.Th scope="col">Last sign-in</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr
              key={u.id}
              style={{ cursor: 'pointer' }}
              onClick={(e) => {
                if (fromControl(e)) return;
                void navigate({ to: '/admin/users/$id', params: { id: u.id } });
              }}
            >
              {props.selectable ? (
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${nameOf(u)}`}
                    checked={props.selected.has(u.id)}
                    onChange={(e) => {
                      props.onSelect([u], e.currentTarget.checked);
                    }}
                  />
                </Table.Td>
              ) : null}
              <Table.Th scope="row" fw={400}>
                <RouterAnchor to="/admin/users/$id" params={{ id: u.id }} fw={600}>
                  {nameOf(u)}
                </RouterAnchor>
                {u.kind === 'service' ? (
                  <Text size="xs" c="dimmed">
                    Service account
                  </Text>
                ) : null}
              </Table.Th>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {u.email || 'Hidden'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Groups user={u} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{u.role || '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Level user={u} />
              </Table.Td>
              <Table.Td>
                <Status user={u} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {lastSignInOf(u)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
