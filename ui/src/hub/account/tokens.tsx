// Account Settings > API Tokens: the list (prefix, scopes, expiry, last use), Generate Token, revoke;
// below, the service accounts you own.
import { Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { formatDate, formatTime } from '../../shared/format';
import { serverProblem } from '../../shared/pb';
import { CardList, Details } from '../../shared/details';
import { Empty, LoadError, Loading } from '../../shared/states';
import { pb } from '../pb';
import { GenerateTokenModal } from './generate-token';
import { OwnedServiceAccounts } from './owned-service-accounts';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[] | null;
  expiresAt: string;
  lastUsedAt: string;
  lastUsedIp: string;
  created: string;
}

const Prefix = (props: { token: ApiToken }) => (
  <Text component="code" ff="monospace" size="sm">
    {props.token.prefix}…
  </Text>
);

const Scopes = (props: { token: ApiToken; all: string }) =>
  props.token.scopes ? (
    <Group gap={4}>
      {props.token.scopes.map((s) => (
        <Badge key={s} variant="outline" tt="none">
          {s}
        </Badge>
      ))}
    </Group>
  ) : (
    <Text size="sm" span>
      {props.all}
    </Text>
  );

const LastUsed = (props: { token: ApiToken }) =>
  props.token.lastUsedAt ? (
    <>
      {formatTime(props.token.lastUsedAt)}
      {props.token.lastUsedIp ? (
        <Text size="xs" c="dimmed">
          from {props.token.lastUsedIp}
        </Text>
      ) : null}
    </>
  ) : (
    'Never'
  );

const expires = (t: ApiToken) => (t.expiresAt ? formatDate(t.expiresAt) : 'Never');

/**
 * A table where it fits (about 760 px beside the navigation), else one card per token; the caller's
 * own and an administrator's view of a user's (user details). `allScopes` names an unscoped token's
 * reach ("All your permissions").
 */
export function TokenList(props: {
  items: ApiToken[];
  action: (t: ApiToken) => ReactNode;
  allScopes?: string;
}) {
  const all = props.allScopes ?? 'All your permissions';
  const wide = useMediaQuery('(min-width: 75em)', true, { getInitialValueInEffect: false });
  if (!wide) {
    return (
      <CardList label="API tokens">
        {props.items.map((t) => (
          <Paper component="li" key={t.id} withBorder p="md">
            <Stack gap="sm">
              <Group justify="space-between" gap="xs">
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {t.name}
                </Text>
                <Prefix token={t} />
              </Group>
              <Details
                items={[
                  { label: 'Scopes', value: <Scopes token={t} all={all} /> },
                  { label: 'Expires', value: expires(t) },
                  { label: 'Last used', value: <LastUsed token={t} /> },
                ]}
              />
              <Group justify="flex-end">{props.action(t)}</Group>
            </Stack>
          </Paper>
        ))}
      </CardList>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Prefix</Table.Th>
            <Table.Th scope="col">Scopes</Table.Th>
            <Table.Th scope="col">Expires</Table.Th>
            <Table.Th scope="col">Last used</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{t.name}</Table.Td>
              <Table.Td>
                <Prefix token={t} />
              </Table.Td>
              <Table.Td>
                <Scopes token={t} all={all} />
              </Table.Td>
              <Table.Td>{expires(t)}</Table.Td>
              <Table.Td>
                <LastUsed token={t} />
              </Table.Td>
              <Table.Td>{props.action(t)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function TokensTab() {
  const queryClient = useQueryClient();
  const [generating, setGenerating] = useState(false);
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: ({ signal }) => pb.send<{ items: ApiToken[] }>('/api/tokens', { signal }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => pb.send(`/api/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Token revoked.' });
      return queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (e) => {
      notifications.show({ color: 'red', title: 'Not revoked', message: serverProblem(e).message });
    },
  });

  const confirmRevoke = (token: ApiToken) => {
    modals.openConfirmModal({
      title: `Revoke “${token.name}”?`,
      children: (
        <Text size="sm">
          Anything using this token ({token.prefix}…) stops working at once. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Revoke token', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': 'Close' },
      onConfirm: () => {
        revoke.mutate(token.id);
      },
    });
  };

  const action = (t: ApiToken) => (
    <Button
      size="xs"
      variant="default"
      aria-label={`Revoke token ${t.name}`}
      loading={revoke.isPending && revoke.variables === t.id}
      onClick={() => {
        confirmRevoke(t);
      }}
    >
      Revoke
    </Button>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed">
          Tokens act as you, with your current permissions, narrowed by their scopes.
        </Text>
        <Button
          onClick={() => {
            setGenerating(true);
          }}
        >
          Generate Token
        </Button>
      </Group>
      {tokens.isPending ? (
        <Loading label="Loading API tokens…" />
      ) : tokens.isError ? (
        <LoadError what="API tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.items.length === 0 ? (
        <Empty>You have no API tokens yet.</Empty>
      ) : (
        <TokenList items={tokens.data.items} action={action} />
      )}
      <OwnedServiceAccounts />
      <GenerateTokenModal
        opened={generating}
        onClose={() => {
          setGenerating(false);
        }}
      />
    </Stack>
  );
}
