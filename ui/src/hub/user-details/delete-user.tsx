// The danger zone's Delete User: a dialog that says what goes and what stays (as the server's
// users.delete.ts does it) and asks for the user's email before the delete is allowed.
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { TypedDeleteDialog } from '../admin/typed-confirm';
import { type UserRecord, deleteUser } from './data';

/** What a delete removes and keeps, in the order users.delete.ts does it. */
export const REMOVED = [
  'Their direct shares on records: they are taken off every system and project shared with them.',
  'Their group memberships.',
  'Their own alerts.',
  'Their sessions (signed out everywhere) and their API tokens (they stop working).',
];
export const KEPT = [
  'The records they created or worked on (only their name is taken off them).',
  'The audit history, including this deletion.',
  'Service accounts they own: they keep working, without an owner, for an administrator to reassign.',
];

function DeleteDialog(props: { user: UserRecord; opened: boolean; onClose: () => void }) {
  const { user } = props;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteUser(user.id, user.email),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `${user.name || user.email} was deleted.` });
      queryClient.removeQueries({ queryKey: ['admin-user', user.id] });
      await navigate({ to: '/admin/users' });
    },
  });
  return (
    <TypedDeleteDialog
      opened={props.opened}
      onClose={() => {
        remove.reset();
        props.onClose();
      }}
      title={`Delete ${user.name || user.email}?`}
      removed={REMOVED}
      kept={KEPT}
      note="This cannot be undone. To disable the account instead, use Account Status."
      // The email, or when the caller may not see it, the name (the id if it has none).
      phrase={user.email || user.name || user.id}
      ignoreCase
      onConfirm={() => {
        remove.mutate();
      }}
      pending={remove.isPending}
      error={remove.isError ? remove.error : null}
    />
  );
}

export function DangerZone(props: { user: UserRecord }) {
  const [opened, setOpened] = useState(false);
  return (
    <Paper withBorder p="md" maw={560} style={{ borderColor: 'var(--mantine-color-red-7)' }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Danger zone
        </Title>
        <Text size="sm">
          Deleting removes the account for good. To keep their data and history, set Account Status
          to Disabled instead.
        </Text>
        <div>
          <Button
            color="red.9"
            onClick={() => {
              setOpened(true);
            }}
          >
            Delete User
          </Button>
        </div>
      </Stack>
      <DeleteDialog
        user={props.user}
        opened={opened}
        onClose={() => {
          setOpened(false);
        }}
      />
    </Paper>
  );
}
