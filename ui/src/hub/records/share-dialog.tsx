// The Share dialog of member-mode records (systems, projects). One record: who has access and how
// ("via group Security Team / Senior Consultants"), an orphaned notice, remove buttons, and the
// picker. Several records: "Share N records", the picker, one all-or-nothing bulk call.
import { Alert, Badge, Button, Divider, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BulkShareResult, RecordAccess } from '../../../../src/sharing/sharing.schema';
import { serverProblem } from '../../shared/pb';
import { LoadError, Loading } from '../../shared/states';
import { pb } from '../pb';
import { accessText, grantText, shareTitle } from './share-describe';
import { SharePicker } from './share-picker';

export interface ShareDialogProps {
  collection: string;
  recordIds: string[];
  opened: boolean;
  onClose: () => void;
  onShared?: () => void;
}

const accessKey = (collection: string, id: string) => ['record-access', collection, id];

export function ShareDialog(props: ShareDialogProps) {
  const { collection, recordIds } = props;
  const queryClient = useQueryClient();
  const single = recordIds.length === 1 ? recordIds[0] : undefined;
  const done = async (result: BulkShareResult, verb: string) => {
    const n = result.changed.length;
    notifications.show({
      color: 'green',
      message:
        n === 0
          ? 'Nothing changed: they already had these shares.'
          : `${verb} ${n.toLocaleString()} record${n === 1 ? '' : 's'}.`,
    });
    await queryClient.invalidateQueries({ queryKey: ['record-access', collection] });
    await queryClient.invalidateQueries({ queryKey: ['records', collection] });
    await queryClient.invalidateQueries({ queryKey: ['record', collection] });
    props.onShared?.();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={shareTitle(recordIds.length)}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        {single ? (
          <AccessList collection={collection} id={single} onChanged={(r) => done(r, 'Updated')} />
        ) : (
          <Text size="sm">
            Pick users and groups to give access to all {recordIds.length.toLocaleString()} selected
            records. If any of them cannot be shared, nothing is.
          </Text>
        )}
        <Divider label={single ? 'Share with more' : undefined} labelPosition="left" />
        <SharePicker
          collection={collection}
          recordIds={recordIds}
          allowRemove={!single}
          onDone={(r) => void done(r, 'Shared')}
        />
      </Stack>
    </Modal>
  );
}

/** Who has access to one record and how, with remove buttons for direct users and groups. */
function AccessList(props: {
  collection: string;
  id: string;
  onChanged: (result: BulkShareResult) => Promise<void>;
}) {
  const { collection, id } = props;
  const access = useQuery({
    queryKey: accessKey(collection, id),
    queryFn: ({ signal }) =>
      pb.send<RecordAccess>(
        `/api/collections/${encodeURIComponent(collection)}/records/${encodeURIComponent(id)}/access`,
        { signal },
      ),
  });
  const remove = useMutation({
    mutationFn: (target: { kind: 'users' | 'groups'; id: string }) =>
      pb.send<BulkShareResult>(`/api/collections/${encodeURIComponent(collection)}/share`, {
        method: 'POST',
        body: { records: [id], remove: { [target.kind]: [target.id] } },
      }),
    onSuccess: (result) => props.onChanged(result),
    onError: (e) => {
      notifications.show({ color: 'red', title: 'Not removed', message: serverProblem(e).message });
    },
  });
  if (access.isPending) return <Loading label="Loading who has access…" />;
  if (access.isError)
    return (
      <LoadError what="who has access" error={access.error} onRetry={() => void access.refetch()} />
    );
  const data = access.data;
  const removing = (kind: 'users' | 'groups', target: string) =>
    remove.isPending && remove.variables.kind === kind && remove.variables.id === target;
  const direct = new Set(data.users.map((u) => u.id));
  return (
    <Stack gap="sm">
      {data.orphaned ? (
        <Alert color="yellow" variant="light" title="This record is orphaned">
          No active member has access any more. Only superusers and roles with access to all records
          reach it. Share it with someone to give it an owner again.
        </Alert>
      ) : null}
      {data.groups.length > 0 ? (
        <Stack gap={4}>
          <Text fw={600} size="sm" component="h3" m={0}>
            Groups
          </Text>
          {data.groups.map((g) => (
            <Group key={g.id} justify="space-between" wrap="nowrap" gap="sm">
              <Text size="sm" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
                {g.path}{' '}
                <Text span size="xs" c="dimmed">
                  ({g.members.toLocaleString()} member{g.members === 1 ? '' : 's'}, sub-groups
                  included)
                </Text>
              </Text>
              <Button
                size="xs"
                variant="default"
                style={{ flexShrink: 0 }}
                aria-label={`Remove group ${g.path}`}
                loading={removing('groups', g.id)}
                onClick={() => {
                  remove.mutate({ kind: 'groups', id: g.id });
                }}
              >
                Remove
              </Button>
            </Group>
          ))}
        </Stack>
      ) : null}
      <Text fw={600} size="sm" component="h3" m={0}>
        People with access ({data.memberCount.toLocaleString()})
      </Text>
      {data.members.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody is listed on this record.
        </Text>
      ) : (
        <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none' }}>
          {data.members.map((m) => (
            <Group
              component="li"
              key={m.id}
              justify="space-between"
              gap="xs"
              py={6}
              style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
            >
              <div style={{ flex: '1 1 12rem', minWidth: 0 }}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {m.name || m.email || m.id}
                  {m.email && m.name ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      {m.email}
                    </Text>
                  ) : null}
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {accessText(m)}
                </Text>
              </div>
              <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
                <Badge variant="outline" tt="none" color={m.active ? 'gray' : 'red'}>
                  {grantText(m)}
                </Badge>
                {direct.has(m.id) ? (
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Remove access for ${m.name || m.email || m.id}`}
                    loading={removing('users', m.id)}
                    onClick={() => {
                      remove.mutate({ kind: 'users', id: m.id });
                    }}
                  >
                    Remove
                  </Button>
                ) : null}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      {data.memberCount > data.members.length ? (
        <Text size="xs" c="dimmed">
          Showing the first {data.members.length.toLocaleString()} by name.
        </Text>
      ) : null}
    </Stack>
  );
}
