// "Move to…": a group's new parent (or the top level), the what-if of the move (who gains and who
// loses the roles of the ancestors it joins and leaves) before Save, and the server's refusal as
// it words it (a cycle names its path). Dragging a group onto another opens this dialog too.
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { GroupSelect } from '../admin/group-picker';
import { WhatIf } from '../admin/what-if';
import { GROUPS_KEY, updateGroup } from './data';

export interface MoveRequest {
  id: string;
  name: string;
  /** The parent it has now ('' at the top level). */
  from: string;
  /** The parent proposed by a drop ('' for the top level); the current one when opened by hand. */
  to: string;
}

export function MoveGroupDialog(props: {
  request: MoveRequest | null;
  onClose: () => void;
  onMoved: (message: string, id: string) => void;
}) {
  return (
    <Modal
      opened={props.request !== null}
      onClose={props.onClose}
      title={props.request ? `Move “${props.request.name}” to…` : 'Move to…'}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {props.request ? (
        <MoveForm
          key={`${props.request.id}:${props.request.to}`}
          request={props.request}
          onClose={props.onClose}
          onMoved={props.onMoved}
        />
      ) : null}
    </Modal>
  );
}

function MoveForm(props: {
  request: MoveRequest;
  onClose: () => void;
  onMoved: (message: string, id: string) => void;
}) {
  const { request } = props;
  const queryClient = useQueryClient();
  const [picked, setParent] = useState<string>(request.to);
  // Checked when a drop on the top-level zone proposed it, not for a top-level group opened by hand.
  const [topLevel, setTopLevel] = useState(request.to === '' && request.from !== '');
  const parent = topLevel ? '' : picked;
  const changed = parent !== request.from && (topLevel || picked !== '');
  const move = useMutation({
    mutationFn: () => updateGroup(request.id, { parent }),
    onSuccess: async (saved) => {
      const under = (saved.path ?? '').split(' / ').slice(0, -1).join(' / ');
      props.onMoved(
        `Moved “${request.name}” ${parent ? `under ${under}` : 'to the top level'}.`,
        request.id,
      );
      props.onClose();
      await queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) move.mutate();
      }}
    >
      <Stack gap="md">
        <Checkbox
          label="Move it to the top level (no parent)"
          checked={topLevel}
          onChange={(e) => {
            move.reset();
            setTopLevel(e.currentTarget.checked);
          }}
        />
        <GroupSelect
          label="New parent"
          placeholder={topLevel ? 'Top level' : 'Search groups'}
          disabled={topLevel}
          value={parent || null}
          exclude={[request.id]}
          onChange={(id) => {
            move.reset();
            setParent(id ?? '');
          }}
        />
        {changed ? (
          <WhatIf change={{ type: 'group', id: request.id, parent: parent || null }} />
        ) : (
          <Text size="sm">Choose where the group should go.</Text>
        )}
        {move.isError ? (
          <Alert color="red" variant="light" role="alert" title="Not moved">
            {serverProblem(move.error).fields.parent ?? serverProblem(move.error).message}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!changed} loading={move.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
