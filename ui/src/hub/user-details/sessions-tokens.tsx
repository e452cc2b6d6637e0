// The Sessions and API Tokens tabs: the user's sessions and tokens in the account screen's lists,
// each revocable after a confirmation (the server decides who may: admin:users.manage at or above
// the user's level; tokens also need admin:tokens.manage).
import { Button, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatTime } from '../../shared/format';
import { serverProblem } from '../../shared/pb';
import { Empty, LoadError, Loading } from '../../shared/states';
import { type Session, SessionList } from '../account/sessions';
import { type ApiToken, TokenList } from '../account/tokens';
import {
  revokeSession,
  revokeToken,
  sessionsKey,
  tokensKey,
  userSessionsQuery,
  userTokensQuery,
} from './data';

function useRevoke(key: readonly unknown[], fn: (id: string) => Promise<unknown>, done: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      notifications.show({ color: 'green', message: done });
      return queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      notifications.show({ color: 'red', title: 'Not revoked', message: serverProblem(e).message });
    },
  });
}

const confirm = (title: string, body: string, label: string, onConfirm: () => void) => {
  modals.openConfirmModal({
    title,
    children: <Text size="sm">{body}</Text>,
    labels: { confirm: label, cancel: 'Cancel' },
    confirmProps: { color: 'red.9' },
    closeButtonProps: { 'aria-label': 'Close' },
    onConfirm,
  });
};

export function UserSessionsTab(props: { userId: string; userName: string }) {
  const sessions = useQuery(userSessionsQuery(props.userId));
  const revoke = useRevoke(
    sessionsKey(props.userId),
    (id) => revokeSession(props.userId, id),
    'Session revoked.',
  );
  if (sessions.isPending) return <Loading label="Loading sessions…" />;
  if (sessions.isError)
    return (
      <LoadError what="sessions" error={sessions.error} onRetry={() => void sessions.refetch()} />
    );
  const action = (s: Session) => (
    <Button
      size="xs"
      variant="default"
      loading={revoke.isPending && revoke.variables === s.id}
      aria-label={`Revoke session from ${s.ip || 'unknown address'}, last seen ${formatTime(s.lastSeen)}`}
      onClick={() => {
        confirm(
          'Revoke this session?',
          `${props.userName} is signed out of ${s.userAgent || 'this device'} (${s.ip || 'unknown address'}) at once.`,
          'Revoke session',
          () => {
            revoke.mutate(s.id);
          },
        );
      }}
    >
      Revoke
    </Button>
  );
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Where {props.userName} is signed in. Revoking a session signs that browser or app out.
      </Text>
      {sessions.data.items.length === 0 ? (
        <Empty>No active sessions.</Empty>
      ) : (
        <SessionList items={sessions.data.items} action={action} />
      )}
    </Stack>
  );
}

export function UserTokensTab(props: { userId: string; userName: string }) {
  const tokens = useQuery(userTokensQuery(props.userId));
  const revoke = useRevoke(tokensKey(props.userId), revokeToken, 'Token revoked.');
  if (tokens.isPending) return <Loading label="Loading API tokens…" />;
  if (tokens.isError)
    return (
      <LoadError what="API tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />
    );
  const action = (t: ApiToken) => (
    <Button
      size="xs"
      variant="default"
      aria-label={`Revoke token ${t.name}`}
      loading={revoke.isPending && revoke.variables === t.id}
      onClick={() => {
        confirm(
          `Revoke “${t.name}”?`,
          `Anything using this token (${t.prefix}…) stops working at once. This cannot be undone.`,
          'Revoke token',
          () => {
            revoke.mutate(t.id);
          },
        );
      }}
    >
      Revoke
    </Button>
  );
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Tokens act as {props.userName}, with their current permissions, narrowed by their scopes.
      </Text>
      {tokens.data.items.length === 0 ? (
        <Empty>No API tokens.</Empty>
      ) : (
        <TokenList items={tokens.data.items} action={action} allScopes="All their permissions" />
      )}
    </Stack>
  );
}
