// A service account's API Tokens: the account screen's token list, Generate Token (the secret shown
// once, scopes bounded by what the account holds) and revoke after a confirmation. The server
// decides: minting needs its owner or admin:users.manage at or above its level, in a session.
import { Button, Group, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { Empty, LoadError, Loading } from '../../shared/states';
import { GenerateTokenModal } from '../account/generate-token';
import { type ApiToken, TokenList } from '../account/tokens';
import { type ServiceAccount, revokeSaToken, saKey, saTokensKey, saTokensQuery } from './data';

export function ServiceAccountTokens(props: { account: ServiceAccount; manage: boolean }) {
  const { account, manage } = props;
  const queryClient = useQueryClient();
  const [generating, setGenerating] = useState(false);
  const tokens = useQuery(saTokensQuery(account.id));
  const revoke = useMutation({
    mutationFn: (tokenId: string) => revokeSaToken(account.id, tokenId),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: 'Token revoked.' });
      await queryClient.invalidateQueries({ queryKey: saKey });
    },
    onError: (e) => {
      notifications.show({ color: 'red', title: 'Not revoked', message: serverProblem(e).message });
    },
  });
  const active = account.status === 'active';

  const action = (t: ApiToken) =>
    manage ? (
      <Button
        size="xs"
        variant="default"
        aria-label={`Revoke token ${t.name}`}
        loading={revoke.isPending && revoke.variables === t.id}
        onClick={() => {
          modals.openConfirmModal({
            title: `Revoke “${t.name}”?`,
            children: (
              <Text size="sm">
                Anything using this token ({t.prefix}…) as {account.name} stops working at once.
                This cannot be undone.
              </Text>
            ),
            labels: { confirm: 'Revoke token', cancel: 'Cancel' },
            confirmProps: { color: 'red.9' },
            closeButtonProps: { 'aria-label': 'Close' },
            onConfirm: () => {
              revoke.mutate(t.id);
            },
          });
        }}
      >
        Revoke
      </Button>
    ) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" maw={640}>
          Tokens are its only credential: they act as {account.name}, with its current permissions,
          narrowed by their scopes.
          {active ? '' : ' It is disabled: enable it before generating a token.'}
        </Text>
        {manage ? (
          <Button
            disabled={!active}
            onClick={() => {
              setGenerating(true);
            }}
          >
            Generate Token
          </Button>
        ) : null}
      </Group>
      {tokens.isPending ? (
        <Loading label="Loading API tokens…" />
      ) : tokens.isError ? (
        <LoadError what="API tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.items.length === 0 ? (
        <Empty>No API tokens.</Empty>
      ) : (
        <TokenList items={tokens.data.items} action={action} allScopes="All its permissions" />
      )}
      <GenerateTokenModal
        opened={generating}
        onClose={() => {
          setGenerating(false);
        }}
        target={{
          post: `/api/service-accounts/${encodeURIComponent(account.id)}/tokens`,
          grants: `/api/access/users/${encodeURIComponent(account.id)}`,
          queryKey: saTokensKey(account.id),
          allScopes: 'All its permissions',
          example: `${account.name} on the build server`,
        }}
      />
    </Stack>
  );
}
