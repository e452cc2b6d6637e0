// Account Settings > Sessions: where you are signed in; revoke one, or sign out everywhere else.
import { Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { formatTime } from '../../shared/format';
import { serverProblem } from '../../shared/pb';
import { CardList, Details } from '../../shared/details';
import { Empty, LoadError, Loading } from '../../shared/states';
import { pb } from '../pb';

export interface Session {
  id: string;
  ip: string;
  userAgent: string;
  created: string;
  lastSeen: string;
  expires: string;
  current: boolean;
}

function Device(props: { session: Session }) {
  return (
    <>
      <Text size="sm" lineClamp={2} title={props.session.userAgent}>
        {props.session.userAgent || 'Unknown device'}
      </Text>
      {props.session.current ? (
        <Badge variant="dot" color="green" mt={4}>
          This session
        </Badge>
      ) : null}
    </>
  );
}

export type SessionAction = (s: Session) => ReactNode;
type Action = SessionAction;

function SessionTable(props: { items: Session[]; action: Action }) {
  return (
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
          {props.items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td maw={320}>
                <Device session={s} />
              </Table.Td>
              <Table.Td>{s.ip || '—'}</Table.Td>
              <Table.Td>{formatTime(s.created)}</Table.Td>
              <Table.Td>{formatTime(s.lastSeen)}</Table.Td>
              <Table.Td>{props.action(s)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** On a narrow screen each session is a card with the same facts: nothing scrolls sideways. */
function SessionCards(props: { items: Session[]; action: Action }) {
  return (
    <CardList label="Sessions">
      {props.items.map((s) => (
        <Paper component="li" key={s.id} withBorder p="md">
          <Stack gap="sm">
            <div>
              <Device session={s} />
            </div>
            <Details
              items={[
                { label: 'IP address', value: s.ip || '—' },
                { label: 'Signed in', value: formatTime(s.created) },
                { label: 'Last seen', value: formatTime(s.lastSeen) },
              ]}
            />
            {s.current ? null : <Group justify="flex-end">{props.action(s)}</Group>}
          </Stack>
        </Paper>
      ))}
    </CardList>
  );
}

/**
 * Sessions as a table where it fits (about 640 px beside the navigation), else one card each; the
 * caller's own list and an administrator's view of a user's (user details) both show it.
 */
export function SessionList(props: { items: Session[]; action: Action }) {
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  return wide ? <SessionTable {...props} /> : <SessionCards {...props} />;
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
  const action = (s: Session) =>
    s.current ? null : (
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
    );
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
        <SessionList items={items} action={action} />
      )}
    </Stack>
  );
}
