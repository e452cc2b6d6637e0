// A group's Details tab: name and description → Save Changes; where it sits (its path) with
// "Move to…"; and Delete Group. Read-only for those without admin groups.manage.
import { Alert, Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Details } from '../../shared/details';
import { serverProblem } from '../../shared/pb';
import { GROUPS_KEY, type GroupRecord, updateGroup } from './data';

export function DetailsTab(props: {
  group: GroupRecord;
  manage: boolean;
  onMove: () => void;
  danger: React.ReactNode;
}) {
  const { group } = props;
  const queryClient = useQueryClient();
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const dirty = name !== group.name || description !== group.description;
  const save = useMutation({
    mutationFn: () => updateGroup(group.id, { name: name.trim(), description }),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', message: `Group “${saved.name}” saved.` });
      await queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
    },
  });
  const problem = save.isError ? serverProblem(save.error) : null;

  if (!props.manage)
    return (
      <Stack gap="sm" maw={640}>
        <Details
          items={[
            { label: 'Name', value: group.name },
            { label: 'Description', value: group.description || '—' },
            { label: 'Path', value: group.path ?? group.name },
          ]}
        />
        <Text size="sm" c="dimmed">
          Changing groups needs admin.groups.manage.
        </Text>
      </Stack>
    );

  return (
    <Stack gap="xl" maw={640}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty && name.trim()) save.mutate();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Name"
            required
            maxLength={100}
            value={name}
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
          {problem && !problem.fields.name && !problem.fields.description ? (
            <Alert color="red" variant="light" role="alert" title="Not saved">
              {problem.message}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" disabled={!dirty || !name.trim()} loading={save.isPending}>
              Save Changes
            </Button>
          </Group>
        </Stack>
      </form>
      <Stack gap="xs">
        <Text component="h3" fw={600} size="sm" m={0}>
          Where it sits
        </Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {group.parent ? group.path : `${group.name} (top level)`}
        </Text>
        <Group>
          <Button variant="default" onClick={props.onMove}>
            Move to…
          </Button>
        </Group>
      </Stack>
      {props.danger}
    </Stack>
  );
}
