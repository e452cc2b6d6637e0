// Account status and deletion of a service account: Disable (its tokens stop working and are
// revoked for good) / Enable, after a confirmation saying so; Delete with its name typed, saying
// what is removed (as ServiceAccountsService.delete does it).
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { TypedDeleteDialog } from '../admin/typed-confirm';
import {
  type ServiceAccount,
  deleteServiceAccount,
  oneKey,
  saKey,
  updateServiceAccount,
} from './data';

export const DISABLE_NOTE =
  'A disabled service account cannot act: its API tokens stop working at once and are revoked for good. Enabling it again does not bring them back; generate new ones.';

/** What a delete removes, in the order the server does it. */
export const SA_REMOVED = [
  'Its API tokens: they are revoked and stop working at once.',
  'Its direct shares on records and its group memberships.',
  'Records it owns (its alerts).',
  'The account itself. The audit history, including this deletion, is kept.',
];

function StatusChange(props: { account: ServiceAccount }) {
  const { account } = props;
  const queryClient = useQueryClient();
  const disabling = account.status === 'active';
  const change = useMutation({
    mutationFn: () =>
      updateServiceAccount(account.id, { status: disabling ? 'disabled' : 'active' }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(oneKey(account.id), saved);
      await queryClient.invalidateQueries({ queryKey: saKey });
      const revoked = saved.tokensRevoked ?? 0;
      notifications.show({
        color: 'green',
        message: disabling
          ? `${account.name} was disabled; ${String(revoked)} token${revoked === 1 ? '' : 's'} revoked.`
          : `${account.name} was enabled.`,
      });
    },
    onError: (e) => {
      notifications.show({
        color: 'red',
        title: disabling ? 'Not disabled' : 'Not enabled',
        message: serverProblem(e).message,
      });
    },
  });
  return (
    <Button
      variant={disabling ? 'default' : 'filled'}
      loading={change.isPending}
      onClick={() => {
        modals.openConfirmModal({
          title: disabling ? `Disable ${account.name}?` : `Enable ${account.name}?`,
          children: (
            <Text size="sm">
              {disabling
                ? DISABLE_NOTE
                : 'It can act again once it has a token: generate one under API Tokens.'}
            </Text>
          ),
          labels: { confirm: disabling ? 'Disable' : 'Enable', cancel: 'Cancel' },
          confirmProps: disabling ? { color: 'red.9' } : {},
          closeButtonProps: { 'aria-label': 'Close' },
          onConfirm: () => {
            change.mutate();
          },
        });
      }}
    >
      {disabling ? 'Disable' : 'Enable'}
    </Button>
  );
}

function DeleteDialog(props: { account: ServiceAccount; opened: boolean; onClose: () => void }) {
  const { account } = props;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteServiceAccount(account.id, account.name),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `${account.name} was deleted.` });
      queryClient.removeQueries({ queryKey: oneKey(account.id) });
      await queryClient.invalidateQueries({ queryKey: saKey });
      await navigate({ to: '/admin/service-accounts' });
    },
  });
  return (
    <TypedDeleteDialog
      opened={props.opened}
      onClose={() => {
        remove.reset();
        props.onClose();
      }}
      title={`Delete ${account.name}?`}
      removed={SA_REMOVED}
      note="Anything still using its tokens fails from now on. This cannot be undone; to stop it for a while instead, disable it."
      phrase={account.name}
      onConfirm={() => {
        remove.mutate();
      }}
      pending={remove.isPending}
      error={remove.isError ? remove.error : null}
    />
  );
}

/** Account Status and Delete, for those who may administer it (admin:users.manage). */
export function ServiceAccountDanger(props: { account: ServiceAccount }) {
  const { account } = props;
  const [deleting, setDeleting] = useState(false);
  return (
    <Paper withBorder p="md" maw={560} style={{ borderColor: 'var(--mantine-color-red-7)' }}>
      <Stack gap="md">
        <Title order={2} size="h4">
          Danger zone
        </Title>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Account Status: {account.status === 'active' ? 'Active' : 'Disabled'}
          </Text>
          <Text size="sm">{DISABLE_NOTE}</Text>
          <div>
            <StatusChange account={account} />
          </div>
        </Stack>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Delete
          </Text>
          <Text size="sm">Deleting removes the account and revokes its tokens for good.</Text>
          <div>
            <Button
              color="red.9"
              onClick={() => {
                setDeleting(true);
              }}
            >
              Delete Service Account
            </Button>
          </div>
        </Stack>
      </Stack>
      <DeleteDialog
        account={account}
        opened={deleting}
        onClose={() => {
          setDeleting(false);
        }}
      />
    </Paper>
  );
}
