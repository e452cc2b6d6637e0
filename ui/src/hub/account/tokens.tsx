// Account Settings > API Tokens: the list (prefix, scopes, expiry, last use), Generate Token, revoke.
import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate, formatTime } from '../../shared/format';
import { serverProblem } from '../../shared/pb';
import { Empty, LoadError, Loading } from '../../shared/states';
import { pb } from '../pb';
import { GenerateTokenModal } from './generate-token';

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
              {tokens.data.items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Text component="code" ff="monospace" size="sm">
                      {t.prefix}…
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {t.scopes ? (
                      <Group gap={4}>
                        {t.scopes.map((s) => (
                          <Badge key={s} variant="outline" tt="none">
                            {s}
                          </Badge>
                        ))}
                      </Group>
                    ) : (
                      <Text size="sm">All your permissions</Text>
                    )}
                  </Table.Td>
                  <Table.Td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    {t.lastUsedAt ? (
                      <>
                        {formatTime(t.lastUsedAt)}
                        {t.lastUsedIp ? (
                          <Text size="xs" c="dimmed">
                            from {t.lastUsedIp}
                          </Text>
                        ) : null}
                      </>
                    ) : (
                      'Never'
                    )}
                  </Table.Td>
                  <Table.Td>
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
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <GenerateTokenModal
        opened={generating}
        onClose={() => {
          setGenerating(false);
        }}
      />
    </Stack>
  );
}
