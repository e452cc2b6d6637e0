// Bulk Actions on the selected users: the menu (Assign to Group, Remove from Group, Disable, Enable,
// Set Role) → a dialog to choose the target → the summary ("Assign 12 users to Engineering /
// Platform") → Confirm → one POST /api/users/bulk, all or nothing → what changed, or the server's
// refusal with every refused user named.
import { Alert, Button, Group, Menu, Modal, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { GroupSelect } from '../admin/group-picker';
import { useGroupPaths } from '../admin/groups-data';
import { rolesQuery } from '../user-details/data';
import {
  BULK_ACTIONS,
  type BulkAction,
  type BulkResult,
  bulkBody,
  bulkLabel,
  bulkSummary,
  namedRefusal,
  resultText,
  targetOf,
} from './bulk';
import { type ListedUser, runBulk } from './data';
import { nameOf } from './users-table';

export function BulkActionsMenu(props: {
  selected: ReadonlyMap<string, ListedUser>;
  onDone: () => void;
}) {
  // The users as chosen when the dialog opened: the selection is cleared once the action is done.
  const [open, setOpen] = useState<{ action: BulkAction; users: ListedUser[] } | null>(null);
  const count = props.selected.size;
  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="default" disabled={count === 0}>
            Bulk Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {BULK_ACTIONS.map((a) => (
            <Menu.Item
              key={a.action}
              onClick={() => {
                setOpen({ action: a.action, users: [...props.selected.values()] });
              }}
            >
              {a.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {open ? (
        <BulkDialog
          action={open.action}
          users={open.users}
          onClose={() => {
            setOpen(null);
          }}
          onDone={props.onDone}
        />
      ) : null}
    </>
  );
}

function BulkDialog(props: {
  action: BulkAction;
  users: ListedUser[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { action, users } = props;
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<string | null>(null);
  const kind = targetOf(action);
  const paths = useGroupPaths(kind === 'group' && target ? [target] : []);
  const roles = useQuery({ ...rolesQuery, enabled: kind === 'role' });
  const targetLabel = kind === 'group' && target ? (paths.data?.get(target) ?? '') : (target ?? '');
  const summary = bulkSummary(action, users.length, targetLabel);
  const body = bulkBody(
    action,
    users.map((u) => u.id),
    target,
  );
  const run = useMutation({
    mutationFn: runBulk,
    onSuccess: async () => {
      props.onDone();
      await queryClient.invalidateQueries({ queryKey: ['admin-users'] });
    },
  });
  const names = new Map(users.map((u) => [u.id, nameOf(u)]));
  const done: BulkResult | undefined = run.data;

  return (
    <Modal opened onClose={props.onClose} title={bulkLabel(action)} size="lg">
      <Stack gap="md">
        {done ? (
          <>
            <Alert color="green" variant="light" role="status" title="Done">
              {resultText(action, done, users.length, targetLabel)}
            </Alert>
            <Group justify="flex-end">
              <Button onClick={props.onClose}>Done</Button>
            </Group>
          </>
        ) : (
          <>
            {kind === 'group' ? (
              <GroupSelect
                label="Target group"
                value={target}
                onChange={(id) => {
                  setTarget(id);
                  run.reset();
                }}
              />
            ) : kind === 'role' ? (
              <Select
                label="Role"
                data={(roles.data ?? []).map((r) => ({
                  value: r.name,
                  label: `${r.name} (level ${String(r.level)})`,
                }))}
                searchable
                value={target}
                nothingFoundMessage={roles.isError ? 'Could not load roles' : 'No role matches'}
                onChange={(value) => {
                  setTarget(value);
                  run.reset();
                }}
              />
            ) : null}
            {summary ? (
              <Alert color="blue" variant="light" title="Summary" role="status">
                <Text size="sm">{summary}:</Text>
                <Text size="sm" mt={4}>
                  {users.map(nameOf).join(', ')}
                </Text>
                <Text size="sm" mt={4}>
                  All of them change or none does.
                  {action === 'disable'
                    ? ' Disabled users cannot sign in; their sessions end and their API tokens are revoked.'
                    : ''}
                </Text>
              </Alert>
            ) : (
              <Text size="sm">
                Choose the {kind} for the {String(users.length)} selected users.
              </Text>
            )}
            {run.isError ? (
              <Alert color="red" variant="light" role="alert" title="Nothing was changed">
                {namedRefusal(serverProblem(run.error).message, names)}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={props.onClose}>
                Cancel
              </Button>
              <Button
                disabled={!body || !summary}
                loading={run.isPending}
                onClick={() => {
                  if (body) run.mutate(body);
                }}
              >
                Confirm
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
