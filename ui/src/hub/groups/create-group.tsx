// "Create Group": name, description and parent (searched by path), then Save. The new group is
// selected and revealed in the tree; its Roles and Members tabs come next.
import { Alert, Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { GroupSelect } from '../admin/group-picker';
import { GROUPS_KEY, type GroupRecord, createGroup } from './data';

export function CreateGroupDialog(props: {
  opened: boolean;
  /** The parent to start with (the selected group), '' for the top level. */
  parent: string;
  onClose: () => void;
  onCreated: (group: GroupRecord) => void;
}) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Create Group"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {props.opened ? <CreateForm {...props} /> : null}
    </Modal>
  );
}

function CreateForm(props: {
  parent: string;
  onClose: () => void;
  onCreated: (group: GroupRecord) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [parent, setParent] = useState(props.parent);
  const create = useMutation({
    mutationFn: () => createGroup({ name: name.trim(), description, parent }),
    onSuccess: async (group) => {
      await queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
      props.onCreated(group);
    },
  });
  const problem = create.isError ? serverProblem(create.error) : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Stack gap="md">
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          maxLength={100}
          error={problem?.fields.name}
          onChange={(e) => {
            setName(e.currentTarget.value);
          }}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxLength={1000}
          value={description}
          error={problem?.fields.description}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
          }}
        />
        <GroupSelect
          label="Parent"
          description="Leave it empty for a top-level group."
          placeholder="Top level"
          value={parent || null}
          error={problem?.fields.parent}
          onChange={(id) => {
            setParent(id ?? '');
          }}
        />
        {problem && Object.keys(problem.fields).length === 0 ? (
          <Alert color="red" variant="light" role="alert" title="Not created">
            {problem.message}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
