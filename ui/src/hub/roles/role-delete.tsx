// "Delete Role" with a confirmation that says what happens to its holders. The server refuses while
// any user or group holds the role; its reason is shown as it words it.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { serverProblem } from '../../shared/pb';
import { hasAdmin } from '../admin/sections';
import { grantsQuery } from '../records/data';
import { type Role, type RolesPage, deleteRole, holderCountQuery, rolesKey } from './data';

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function RoleDelete(props: { role: Role }) {
  const { role } = props;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const grants = useQuery(grantsQuery).data;
  const users = useQuery({
    ...holderCountQuery(role.id, 'users'),
    enabled: hasAdmin(grants, 'users.view', 'users.manage'),
  });
  const groups = useQuery({
    ...holderCountQuery(role.id, 'groups'),
    enabled: hasAdmin(grants, 'users.view', 'users.manage', 'groups.manage'),
  });
  const remove = useMutation({
    mutationFn: () => deleteRole(role.id),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `Role “${role.name}” deleted.` });
      // The list shown next must not show it while it reloads.
      queryClient.setQueriesData<RolesPage>({ queryKey: [...rolesKey, 'list'] }, (page) =>
        page ? { ...page, items: page.items.filter((r) => r.id !== role.id) } : page,
      );
      await navigate({ to: '/admin/roles' });
      queryClient.removeQueries({ queryKey: [...rolesKey, 'one', role.id] });
      await queryClient.invalidateQueries({ queryKey: rolesKey });
    },
  });

  const held =
    users.data !== undefined && groups.data !== undefined
      ? `It is held by ${plural(users.data, 'user')} and ${plural(groups.data, 'group')} now.`
      : '';
  const confirm = () => {
    modals.openConfirmModal({
      title: `Delete role “${role.name}”?`,
      children: (
        <Stack gap="xs">
          <Text size="sm">
            A role still assigned to a user or a group is not deleted: unassign it first (users and
            groups holding it would lose what it grants). {held}
          </Text>
          <Text size="sm">This cannot be undone.</Text>
        </Stack>
      ),
      labels: { confirm: 'Delete Role', cancel: 'Cancel' },
      confirmProps: { color: 'red.9' },
      onConfirm: () => {
        remove.mutate();
      },
    });
  };

  return (
    <Stack gap="xs" align="flex-end">
      <Button color="red" variant="light" onClick={confirm} loading={remove.isPending}>
        Delete Role
      </Button>
      {remove.isError ? (
        <Alert color="red" variant="light" role="alert" title="Not deleted">
          {serverProblem(remove.error).message}
        </Alert>
      ) : null}
    </Stack>
  );
}
