// Admin > Users & Access > Users (issue 16, items 1, 6 and 7's export): the server-paged list with
// search, filters and sort in the URL; Create User, Import Users and Export for the grants that
// allow them; row selection → Bulk Actions. A row opens the user's details.
import { Button, Group, Menu, Pagination, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { Empty, LoadError, Loading } from '../../shared/states';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { grantsQuery } from '../records/data';
import { RouterButton } from '../records/links';
import { BulkActionsMenu } from './bulk-dialog';
import { type ListedUser, PER_PAGE, exportUsers, usersPageQuery } from './data';
import { type UsersSearch, isFiltered, sortOf } from './filter';
import { UsersFilters } from './users-filters';
import { UsersTable } from './users-table';

function ExportMenu() {
  const [busy, setBusy] = useState(false);
  const run = (format: 'csv' | 'json') => {
    setBusy(true);
    exportUsers(format)
      .catch((e: unknown) => {
        notifications.show({
          color: 'red',
          title: 'Not exported',
          message: e instanceof Error ? e.message : String(e),
        });
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" loading={busy}>
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          onClick={() => {
            run('csv');
          }}
        >
          Export as CSV
        </Menu.Item>
        <Menu.Item
          onClick={() => {
            run('json');
          }}
        >
          Export as JSON
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function UsersPage() {
  const search: UsersSearch = useSearch({ from: '/_app/admin/users' });
  const navigate = useNavigate({ from: '/admin/users' });
  const grants = useQuery(grantsQuery).data;
  const manage = hasAdmin(grants, 'users.manage');
  const read = hasAdmin(grants, 'users.view', 'users.manage');
  const mayImport = manage && hasAdmin(grants, 'import');
  const list = useQuery(usersPageQuery(search));
  const [selected, setSelected] = useState<ReadonlyMap<string, ListedUser>>(new Map());
  const sort = sortOf(search.sort);

  const change = (next: Partial<UsersSearch>, keepPage = false) => {
    void navigate({
      search: (prev) => ({ ...prev, ...next, ...(keepPage ? {} : { page: undefined }) }),
      replace: true,
    });
  };
  const select = (users: readonly ListedUser[], on: boolean) => {
    setSelected((prev) => {
      const next = new Map(prev);
      for (const u of users) {
        if (on) next.set(u.id, u);
        else next.delete(u.id);
      }
      return next;
    });
  };

  return (
    <Stack gap="md">
      <UsersAccessHeader
        current="users"
        actions={
          <>
            {manage ? <RouterButton to="/admin/users/new">Create User</RouterButton> : null}
            {mayImport ? (
              <RouterButton to="/admin/users/import" variant="default">
                Import Users
              </RouterButton>
            ) : null}
            {read ? <ExportMenu /> : null}
          </>
        }
      />
      <UsersFilters search={search} onChange={change} />
      {manage ? (
        <Group gap="sm">
          <BulkActionsMenu
            selected={selected}
            onDone={() => {
              setSelected(new Map());
            }}
          />
          <Text size="sm" aria-live="polite">
            {selected.size === 0
              ? 'Select users to act on many at once.'
              : `${String(selected.size)} selected`}
          </Text>
          {selected.size > 0 ? (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setSelected(new Map());
              }}
            >
              Clear selection
            </Button>
          ) : null}
        </Group>
      ) : null}
      {list.isPending ? (
        <Loading label="Loading users…" />
      ) : list.isError ? (
        <LoadError what="the users" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{isFiltered(search) ? 'No users match these filters.' : 'No users yet.'}</Empty>
      ) : (
        <>
          <UsersTable
            users={list.data.items}
            sort={sort}
            onSort={(next) => {
              change({ sort: next === 'name' ? undefined : next }, false);
            }}
            selectable={manage}
            selected={selected}
            onSelect={select}
          />
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              {list.data.totalItems} user{list.data.totalItems === 1 ? '' : 's'}
              {list.data.totalPages > 1
                ? ` · page ${String(list.data.page)} of ${String(list.data.totalPages)}`
                : ''}
            </Text>
            {list.data.totalPages > 1 ? (
              <Pagination
                total={list.data.totalPages}
                value={list.data.page}
                onChange={(page) => {
                  change({ page: page === 1 ? undefined : page }, true);
                }}
                getControlProps={(control) => ({
                  'aria-label':
                    control === 'previous'
                      ? 'Previous page'
                      : control === 'next'
                        ? 'Next page'
                        : control,
                })}
                getItemProps={(page) => ({ 'aria-label': `Page ${String(page)}` })}
              />
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            {PER_PAGE} users per page. Levels run from 0 Super Admin to 5 Viewer; a user receives
            the highest level across all their roles.
          </Text>
        </>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/users')({ component: UsersPage });
