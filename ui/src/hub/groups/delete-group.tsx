// "Delete Group" with a confirmation that says what the server detaches (records/groups.hooks.ts):
// members leave it (their accounts stay), child groups move to the top level with their own
// sub-groups and members, the group's roles stop reaching its members and everyone beneath it,
// and records shared with the group are no longer shared with it. Nothing else is deleted.
import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serverProblem } from '../../shared/pb';
import { type DeleteReport, GROUPS_KEY, deleteGroup } from './data';

const plural = (n: number, noun: string) => `${String(n)} ${noun}${n === 1 ? '' : 's'}`;

export interface DeleteFacts {
  id: string;
  name: string;
  childCount?: number;
  memberCount?: number;
  memberCountWithSubgroups?: number;
  roleCount: number;
}

export function detachedLines(f: DeleteFacts): string[] {
  const members = f.memberCount;
  const children = f.childCount ?? 0;
  const below = Math.max(0, (f.memberCountWithSubgroups ?? 0) - (members ?? 0));
  return [
    members === undefined
      ? 'Its members leave the group; their accounts stay.'
      : members > 0
        ? `${members === 1 ? 'Its 1 member leaves' : `Its ${String(members)} members leave`} the group; their accounts stay.`
        : 'It has no members of its own.',
    children > 0
      ? `${children === 1 ? 'Its 1 child group moves' : `Its ${String(children)} child groups move`} to the top level, with ${children === 1 ? 'its' : 'their'} own sub-groups and members.`
      : 'It has no child groups.',
    f.roleCount > 0
      ? `${f.roleCount === 1 ? 'Its 1 role no longer reaches' : `Its ${String(f.roleCount)} roles no longer reach`} its members${below > 0 ? ` or the ${plural(below, 'user')} in its sub-groups` : members === undefined ? ' or those of its sub-groups' : ''}.`
      : 'It gives no roles.',
    'Records shared with the group are no longer shared with it; the records themselves stay.',
  ];
}

/** "Group “X” deleted: 2 members, 1 child group and 3 shares detached." from the server's report. */
export function deletedMessage(name: string, report: DeleteReport | null | undefined): string {
  const d = report?.detached;
  const parts = [
    plural(d?.members?.length ?? 0, 'member'),
    plural(d?.children?.length ?? 0, 'child group'),
    plural(d?.shares ?? 0, 'share'),
  ];
  return `Group “${name}” deleted: ${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''} detached.`;
}

export function DeleteGroup(props: {
  facts: DeleteFacts;
  /** Whether the counts have loaded: the confirmation says them, so it waits for them. */
  ready: boolean;
  onDeleted: (message: string) => void;
}) {
  const { facts } = props;
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteGroup(facts.id),
    onSuccess: async (report) => {
      props.onDeleted(deletedMessage(facts.name, report));
      await queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
    },
  });
  const confirm = () => {
    modals.openConfirmModal({
      title: `Delete group “${facts.name}”?`,
      closeButtonProps: { 'aria-label': 'Close' },
      children: (
        <Stack gap="xs">
          <Text size="sm">Deleting the group detaches everything linked to it:</Text>
          <List size="sm" spacing={4}>
            {detachedLines(facts).map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
          <Text size="sm">This cannot be undone.</Text>
        </Stack>
      ),
      labels: { confirm: 'Delete Group', cancel: 'Cancel' },
      confirmProps: { color: 'red.9' },
      onConfirm: () => {
        remove.mutate();
      },
    });
  };
  return (
    <Stack gap="xs" align="flex-start">
      <Button
        color="red"
        variant="light"
        onClick={confirm}
        loading={remove.isPending || !props.ready}
      >
        Delete Group
      </Button>
      {remove.isError ? (
        <Alert color="red" variant="light" role="alert" title="Not deleted">
          {serverProblem(remove.error).message}
        </Alert>
      ) : null}
    </Stack>
  );
}
