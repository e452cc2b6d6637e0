// The access review's lists: a section per list (title, total, what it means) and a card per item
// with its remedy — Disable (accounts), Revoke (tokens), or Open (the account's, service account's or
// group's own page; its details also shown in place).
import { Box, Button, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useId } from 'react';
import { CardList, Details } from '../../shared/details';
import { type AdminTarget, adminLinkOf } from '../admin/links';
import { RouterButton } from '../records/links';
import { formatTime } from '../../shared/format';
import { Empty } from '../../shared/states';
import type { Review, ReviewToken } from './data';
import { LIST_TITLES } from './titles';

type Lists = Review['lists'];
type TokenList =
  | 'disabledWithTokens'
  | 'tokensNeverUsed'
  | 'tokensUnused'
  | 'tokensWithoutExpiry'
  | 'tokensExpiringSoon';

function Section(props: {
  list: keyof Lists;
  total: number;
  shown: number;
  about: string;
  children: ReactNode;
}) {
  const id = useId();
  const title = LIST_TITLES[props.list];
  return (
    <Box component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb={4}>
        {title} ({props.total})
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {props.about}
        {props.shown < props.total ? ` Showing the first ${props.shown}.` : ''}
      </Text>
      {props.total === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <CardList label={title}>{props.children}</CardList>
      )}
    </Box>
  );
}

function Item(props: {
  title: string;
  details: { label: string; value: ReactNode }[];
  action: ReactNode;
}) {
  return (
    <Paper component="li" withBorder p="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 16rem' }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {props.title}
          </Text>
          <Details items={props.details} />
        </Stack>
        {props.action}
      </Group>
    </Paper>
  );
}

/** "Open": the item's page, and its further details shown in place. */
function OpenItem(props: {
  title: string;
  target: AdminTarget;
  summary: { label: string; value: ReactNode }[];
  more: { label: string; value: ReactNode }[];
}) {
  const [opened, { toggle }] = useDisclosure(false);
  const link = adminLinkOf(props.target);
  return (
    <Item
      title={props.title}
      details={opened ? [...props.summary, ...props.more] : props.summary}
      action={
        <Group gap="xs">
          <Button variant="default" size="xs" aria-expanded={opened} onClick={toggle}>
            {opened ? 'Hide details' : 'Details'}
            <VisuallyHidden> for {props.title}</VisuallyHidden>
          </Button>
          {link ? (
            <RouterButton {...link} variant="light" size="xs">
              Open<VisuallyHidden> {props.title}</VisuallyHidden>
            </RouterButton>
          ) : null}
        </Group>
      }
    />
  );
}

const never = (value: string, empty: string) => (value ? formatTime(value) : empty);
const who = (a: { name: string; email: string }) => (a.name ? `${a.name} (${a.email})` : a.email);

function TokenItems(props: {
  items: ReviewToken[];
  busy: boolean;
  onRevoke: (t: ReviewToken) => void;
}) {
  return props.items.map((t) => (
    <Item
      key={t.id}
      title={`${t.name} (${t.prefix}…)`}
      details={[
        {
          label: t.account.kind === 'service' ? 'Service account' : 'Account',
          value: `${who(t.account)}${t.account.status === 'active' ? '' : `, ${t.account.status}`}`,
        },
        { label: 'Created', value: formatTime(t.created) },
        { label: 'Last used', value: never(t.lastUsedAt, 'Never') },
        { label: 'Expires', value: never(t.expiresAt, 'Never') },
      ]}
      action={
        <Button
          color="red"
          variant="light"
          size="xs"
          disabled={props.busy}
          aria-label={`Revoke token ${t.name} (${t.prefix}…)`}
          onClick={() => {
            props.onRevoke(t);
          }}
        >
          Revoke
        </Button>
      }
    />
  ));
}

export function ReviewLists(props: {
  review: Review;
  busy: boolean;
  onDisable: (user: { id: string; label: string }) => void;
  onRevoke: (token: ReviewToken) => void;
}) {
  const { lists, days } = props.review;
  const tokens = (list: TokenList, about: string) => {
    const l = lists[list];
    return (
      <Section list={list} total={l.total} shown={l.items.length} about={about}>
        <TokenItems items={l.items} busy={props.busy} onRevoke={props.onRevoke} />
      </Section>
    );
  };
  return (
    <Stack gap="xl">
      <Section
        list="inactiveAccounts"
        total={lists.inactiveAccounts.total}
        shown={lists.inactiveAccounts.items.length}
        about={`People who have not signed in for ${days} days (or never, counted from when the account was created).`}
      >
        {lists.inactiveAccounts.items.map((u) => (
          <Item
            key={u.id}
            title={u.name || u.email}
            details={[
              { label: 'Email', value: u.email },
              {
                label: 'Last sign-in',
                value: u.lastSignIn ? formatTime(u.lastSignIn) : 'Never signed in',
              },
              { label: 'Created', value: formatTime(u.created) },
            ]}
            action={
              <Group gap="xs">
                <Button
                  color="red"
                  variant="light"
                  size="xs"
                  disabled={props.busy}
                  aria-label={`Disable ${u.name || u.email}`}
                  onClick={() => {
                    props.onDisable({ id: u.id, label: u.name || u.email });
                  }}
                >
                  Disable
                </Button>
                <RouterButton to="/admin/users/$id" params={{ id: u.id }} variant="light" size="xs">
                  Open<VisuallyHidden> {u.name || u.email}</VisuallyHidden>
                </RouterButton>
              </Group>
            }
          />
        ))}
      </Section>
      {tokens('disabledWithTokens', 'Tokens of disabled accounts that have not been revoked.')}
      {tokens('tokensNeverUsed', 'Tokens that have never been used.')}
      {tokens('tokensUnused', `Tokens used before, but not in the last ${days} days.`)}
      {tokens('tokensWithoutExpiry', 'Tokens that never expire.')}
      {tokens(
        'tokensExpiringSoon',
        `Tokens that expire within ${props.review.expiringWithinDays} days.`,
      )}
      <Section
        list="privilegedUsers"
        total={lists.privilegedUsers.total}
        shown={lists.privilegedUsers.items.length}
        about={`Accounts at level ${props.review.privilegedLevel} or above (0 Super Admin, 1 Admin).`}
      >
        {lists.privilegedUsers.items.map((u) => (
          <OpenItem
            key={u.id}
            target={{ kind: u.kind === 'service' ? 'service' : 'user', id: u.id }}
            title={u.name || u.email}
            summary={[{ label: 'Level', value: `${u.level} ${u.levelName}` }]}
            more={[
              { label: 'Email', value: u.email },
              { label: 'Kind', value: u.kind === 'service' ? 'Service account' : 'User' },
              { label: 'Status', value: u.status },
              { label: 'ID', value: u.id },
            ]}
          />
        ))}
      </Section>
      <Section
        list="emptyGroups"
        total={lists.emptyGroups.total}
        shown={lists.emptyGroups.items.length}
        about="Groups nobody is a member of (directly, or in any sub-group)."
      >
        {lists.emptyGroups.items.map((g) => (
          <OpenItem
            key={g.id}
            target={{ kind: 'group', id: g.id }}
            title={g.path || g.name}
            summary={[
              {
                label: 'Empty',
                value:
                  g.empty === 'subtree'
                    ? 'No members, nor in sub-groups'
                    : 'Members only in sub-groups',
              },
            ]}
            more={[
              { label: 'Name', value: g.name },
              { label: 'ID', value: g.id },
            ]}
          />
        ))}
      </Section>
      <Section
        list="unownedServiceAccounts"
        total={lists.unownedServiceAccounts.total}
        shown={lists.unownedServiceAccounts.items.length}
        about="Service accounts with no owner, or whose owner was deleted or disabled."
      >
        {lists.unownedServiceAccounts.items.map((s) => (
          <OpenItem
            key={s.id}
            target={{ kind: 'service', id: s.id }}
            title={s.name || s.email}
            summary={[
              {
                label: 'Owner',
                value: s.reason === 'none' ? 'None' : `${s.owner || '—'} (${s.reason})`,
              },
            ]}
            more={[
              { label: 'Email', value: s.email },
              { label: 'ID', value: s.id },
            ]}
          />
        ))}
      </Section>
    </Stack>
  );
}
