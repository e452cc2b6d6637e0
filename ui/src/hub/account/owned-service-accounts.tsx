// Account Settings > API Tokens, below your own tokens: the service accounts you own, each a link to
// its page, where you make and revoke its tokens. Without admin grants this is how an owner finds
// them (the navigation shows Service Accounts only to directory readers). Nothing when you own none.
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatTime } from '../../shared/format';
import { CardList } from '../../shared/details';
import { LoadError } from '../../shared/states';
import { RouterAnchor } from '../records/links';
import { ownedServiceAccountsQuery } from '../service-accounts/data';

export function OwnedServiceAccounts() {
  const owned = useQuery(ownedServiceAccountsQuery);
  if (owned.isError)
    return (
      <LoadError
        what="your service accounts"
        error={owned.error}
        onRetry={() => void owned.refetch()}
      />
    );
  if (!owned.data || owned.data.totalItems === 0) return null;
  const { items, totalItems } = owned.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="owned-service-accounts">
      <Title order={2} size="h4" id="owned-service-accounts">
        Service accounts you own
      </Title>
      <Text size="sm" c="dimmed">
        Their tokens act as the account, not as you. Open one to generate or revoke its API tokens.
        {totalItems > items.length ? ` The ${items.length} newest of ${totalItems} are shown.` : ''}
      </Text>
      <CardList label="Service accounts you own">
        {items.map((sa) => (
          <Paper component="li" key={sa.id} withBorder p="sm">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Stack gap={0}>
                <RouterAnchor to="/admin/service-accounts/$id" params={{ id: sa.id }} fw={600}>
                  {sa.name}
                </RouterAnchor>
                {sa.description ? (
                  <Text size="sm" c="dimmed">
                    {sa.description}
                  </Text>
                ) : null}
              </Stack>
              <Group gap="xs" wrap="wrap">
                {sa.status === 'disabled' ? (
                  <Badge color="gray" variant="outline">
                    Disabled
                  </Badge>
                ) : null}
                <Text size="sm">
                  {sa.activeTokens} active token{sa.activeTokens === 1 ? '' : 's'}
                  {sa.lastUsedAt ? ` · last used ${formatTime(sa.lastUsedAt)}` : ' · never used'}
                </Text>
              </Group>
            </Group>
          </Paper>
        ))}
      </CardList>
    </Stack>
  );
}
