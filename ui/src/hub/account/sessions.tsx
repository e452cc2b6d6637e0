// Account Settings > Sessions: where you are signed in; revoke one, or sign out everywhere else.
import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatTime } from '../../shared/format';
import { serverProblem } from '../../shared/pb';
import { Empty, LoadError, Loading } from '../../shared/states';
import { pb } from '../pb';

interface Session {
  id: string;
  ip: string;
  userAgent: string;
  created: string;
  lastSeen: string;
  expires: string;
  current: boolean;
}

export function SessionsTab() {
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: ['sessions'],
    queryFn: ({ signal }) => pb.send<{ items: Session[] }>('/api/sessions', { signal }),
  });
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    return queryClient.invalidateQueries({ queryKey: ['sessions'] });
  };
  const failed = (e: unknown) => {
    notifications.show({ color: 'red', title: 'Not done', message: serverProblem(e).message });
  };
  const revoke = useMutation({
    mutationFn: (id: string) => pb.send(`/api/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => done('Session revoked.'),
    onError: failed,
  });
  const revokeOthers = useMutation({
    mutationFn: () => pb.send<{ sessions?: number }>('/api/sessions', { method: 'DELETE' }),
    onSuccess: () => done('Signed out everywhere else.'),
    onError: failed,
  });

  if (sessions.isPending) return <Loading label="Loading sessions…" />;
  if (sessions.isError)
    return (
      <LoadError what="sessions" error={sessions.error} onRetry={() => void sessions.refetch()} />
    );
  const items = sessions.data.items;
  const others = items.filter((s) => !s.current).length;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed">
          Each place you signed in from. Revoking one signs that browser or app out.
        </Text>
        <Button
          variant="default"
          color="red"
          disabled={others === 0}
          loading={revokeOthers.isPending}
          onClick={() => {
            modals.openConfirmModal({
              title: 'Sign out everywhere else?',
              children: (
                <Text size="sm">
                  Every other session of yours ends now, and your API tokens are revoked. This
                  browser stays signed in.
                </Text>
              ),
              labels: { confirm: 'Sign out everywhere else', cancel: 'Cancel' },
              confirmProps: { color: 'red' },
              closeButtonProps: { 'aria-label': 'Close' },
              onConfirm: () => {
                revokeOthers.mutate();
              },
            });
          }}
        >
          Sign out everywhere else
        </Button>
      </Group>
      {items.length === 0 ? (
        <Empty>No sessions.</Empty>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Device</Table.Th>
                <Table.Th scope="col">IP address</Table.Th>
                <Table.Th scope="col">Signed in</Table.Th>
                <Table.Th scope="col">Last seen</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td maw={320}>
                    <Text size="sm" lineClamp={2} title={s.userAgent}>
                      {s.userAgent || 'Unknown device'}
                    </Text>
                    {s.current ? (
                      <Badge variant="dot" color="green" mt={4}>
                        This session
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{s.ip || '—'}</Table.Td>
                  <Table.Td>{formatTime(s.created)}</Table.Td>
                  <Table.Td>{formatTime(s.lastSeen)}</Table.Td>
                  <Table.Td>
                    {s.current ? null : (
                      <Button
                        size="xs"
                        variant="default"
                        loading={revoke.isPending && revoke.variables === s.id}
                        aria-label={`Revoke session from ${s.ip || 'unknown address'}, last seen ${formatTime(s.lastSeen)}`}
                        onClick={() => {
                          revoke.mutate(s.id);
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
