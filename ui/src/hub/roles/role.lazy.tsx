// Admin > Users & Access > Roles > one role (issue 16, items 4 and 5): Permissions (the editor),
// Users with this role, Groups with this role; the tab in the URL. `new` creates a role.
import { Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { LoadError, Loading } from '../../shared/states';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { grantsQuery } from '../records/data';
import { RouterAnchor } from '../records/links';
import { type Role, roleQuery } from './data';
import { GroupHolders, UserHolders } from './holders';
import { LevelBadge } from './level-badge';
import { RoleForm } from './role-form';

const TABS = ['permissions', 'users', 'groups'] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null | undefined): value is Tab => TABS.some((t) => t === value);

function BackToRoles() {
  return (
    <Text size="sm">
      <RouterAnchor to="/admin/roles">← All roles</RouterAnchor>
    </Text>
  );
}

function RoleTabs(props: { role: Role; canManage: boolean }) {
  const { role } = props;
  const search = useSearch({ from: '/_app/admin/roles/$id' });
  const navigate = useNavigate({ from: '/admin/roles/$id' });
  const tab: Tab = isTab(search.tab) ? search.tab : 'permissions';
  return (
    <>
      <Group gap="sm" wrap="wrap" align="center">
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {role.name}
        </Title>
        <LevelBadge level={role.level} />
        {role.builtin ? (
          <Text size="sm" c="dimmed">
            Built-in role
          </Text>
        ) : null}
      </Group>
      <Tabs
        value={tab}
        keepMounted={false}
        onChange={(value) => {
          if (isTab(value)) void navigate({ search: { tab: value }, replace: true });
        }}
      >
        <Tabs.List>
          <Tabs.Tab value="permissions">Permissions</Tabs.Tab>
          <Tabs.Tab value="users">Users with this role</Tabs.Tab>
          <Tabs.Tab value="groups">Groups with this role</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="permissions" pt="md">
          <RoleForm key={role.id} role={role} canManage={props.canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="users" pt="md">
          <UserHolders roleId={role.id} />
        </Tabs.Panel>
        <Tabs.Panel value="groups" pt="md">
          <GroupHolders roleId={role.id} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function ExistingRole(props: { id: string; canManage: boolean }) {
  const role = useQuery(roleQuery(props.id));
  if (role.isPending) return <Loading label="Loading the role…" />;
  if (role.isError)
    return <LoadError what="the role" error={role.error} onRetry={() => void role.refetch()} />;
  return <RoleTabs role={role.data} canManage={props.canManage} />;
}

function RolePage() {
  const { id } = useParams({ from: '/_app/admin/roles/$id' });
  const grants = useQuery(grantsQuery);
  const canManage = hasAdmin(grants.data, 'roles.manage');
  return (
    <Stack gap="md">
      <UsersAccessHeader current="roles" />
      <BackToRoles />
      {id === 'new' ? (
        <>
          <Title order={2}>Create Role</Title>
          {grants.isPending ? (
            <Loading label="Loading your permissions…" />
          ) : canManage ? (
            <RoleForm role={null} canManage />
          ) : (
            <Text>Your roles do not grant admin.roles.manage, so you cannot create roles.</Text>
          )}
        </>
      ) : (
        <ExistingRole key={id} id={id} canManage={canManage} />
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/roles/$id')({ component: RolePage });
