// A group's Roles tab: its own roles (editable, with the what-if of the change before Save
// Changes) and the roles it inherits from its ancestors, read-only, each with the ancestor it comes
// from. Everyone in the group and in the groups beneath it holds all of them.
import { Alert, Badge, Button, Group, MultiSelect, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { Empty, LoadError, Loading } from '../../shared/states';
import { WhatIf } from '../admin/what-if';
import { LevelBadge } from '../roles/level-badge';
import { rolesQuery } from '../user-details/data';
import { GROUPS_KEY, type GroupRecord, lineageQuery, updateGroup } from './data';

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

export function RolesTab(props: { group: GroupRecord; manage: boolean }) {
  const { group } = props;
  return (
    <Stack gap="xl">
      <OwnRoles key={group.updated} group={group} manage={props.manage} />
      <InheritedRoles group={group} />
    </Stack>
  );
}

function OwnRoles(props: { group: GroupRecord; manage: boolean }) {
  const { group } = props;
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery);
  const [draft, setDraft] = useState<string[]>(group.roles);
  const dirty = !sameSet(draft, group.roles);
  const save = useMutation({
    mutationFn: () => updateGroup(group.id, { roles: draft }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `Roles of “${group.name}” saved.` });
      await queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
      await queryClient.invalidateQueries({ queryKey: ['access'] });
    },
  });
  const named = group.expand?.roles ?? [];
  const data = [
    ...(roles.data ?? []).map((r) => ({ value: r.id, label: r.name })),
    ...named
      .filter((r) => !(roles.data ?? []).some((o) => o.id === r.id))
      .map((r) => ({ value: r.id, label: r.name })),
  ];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty) save.mutate();
      }}
    >
      <Stack gap="md" maw={740}>
        <Text component="h3" fw={600} size="sm" m={0}>
          Its own roles
        </Text>
        <Text size="sm">
          Everyone in “{group.name}” and in the groups beneath it holds these roles.
        </Text>
        <MultiSelect
          label="Roles"
          placeholder={draft.length ? undefined : 'Select roles to assign'}
          data={data}
          value={draft}
          searchable
          clearable
          disabled={!props.manage}
          nothingFoundMessage="No role matches"
          onChange={(ids) => {
            save.reset();
            setDraft(ids);
          }}
        />
        {dirty ? <WhatIf change={{ type: 'group', id: group.id, roles: draft }} /> : null}
        {save.isError ? (
          <Alert color="red" variant="light" role="alert" title="Not saved">
            {serverProblem(save.error).fields.roles ?? serverProblem(save.error).message}
          </Alert>
        ) : null}
        {props.manage ? (
          <Group>
            <Button type="submit" disabled={!dirty} loading={save.isPending}>
              Save Changes
            </Button>
            {dirty ? (
              <Button
                variant="default"
                onClick={() => {
                  setDraft(group.roles);
                }}
              >
                Cancel
              </Button>
            ) : null}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Changing a group’s roles needs admin.groups.manage.
          </Text>
        )}
      </Stack>
    </form>
  );
}

function InheritedRoles(props: { group: GroupRecord }) {
  const lineage = useQuery(lineageQuery(props.group.id));
  let body;
  if (lineage.isPending) body = <Loading label="Loading the ancestors’ roles…" />;
  else if (lineage.isError)
    body = (
      <LoadError
        what="the ancestors’ roles"
        error={lineage.error}
        onRetry={() => void lineage.refetch()}
      />
    );
  else {
    const ancestors = lineage.data.slice(1);
    const rows = ancestors.flatMap((a) =>
      (a.expand?.roles ?? []).map((role) => ({ role, from: a })),
    );
    body =
      rows.length === 0 ? (
        <Empty>
          {ancestors.length === 0
            ? 'A top-level group inherits no roles.'
            : 'Its ancestors give no roles.'}
        </Empty>
      ) : (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {rows.map(({ role, from }) => (
            <Paper component="li" key={`${from.id}:${role.id}`} withBorder p="xs">
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  {role.name}
                </Text>
                <LevelBadge level={role.level} />
                <Badge variant="outline" color="gray" tt="none" size="sm">
                  Inherited
                </Badge>
              </Group>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                from {from.path ?? from.name}
              </Text>
            </Paper>
          ))}
        </Stack>
      );
  }
  return (
    <Stack gap="sm" maw={740}>
      <Text component="h3" fw={600} size="sm" m={0}>
        Inherited from its ancestors (read-only)
      </Text>
      <Text size="sm">Change these on the ancestor they come from.</Text>
      {body}
    </Stack>
  );
}
