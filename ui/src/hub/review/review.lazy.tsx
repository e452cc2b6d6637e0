// Admin > Access Review (issue 16, item 10; the seed's "Schedule periodic reviews"): each list the
// server computes with its total and items, each item's one-click remedy (disable, revoke, open the
// details), the server's refusal when one is refused, and "Complete review" with the counts recorded.
import { Alert, Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { formatTime } from '../../shared/format';
import { serverProblem } from '../../shared/pb';
import { LoadError, Loading } from '../../shared/states';
import {
  type Completed,
  type ReviewToken,
  completeReview,
  disableUser,
  fetchReview,
  reviewKey,
  revokeToken,
} from './data';
import { ReviewLists } from './review-lists';
import { LIST_TITLES } from './titles';

function validDays(value: string | number): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : null;
}

function AccessReviewPage() {
  const queryClient = useQueryClient();
  const [input, setInput] = useState<string | number>(90);
  const [debounced] = useDebouncedValue(input, 400);
  const days = validDays(debounced) ?? 90;
  const [refusal, setRefusal] = useState<{ title: string; message: string } | null>(null);
  const [completed, setCompleted] = useState<Completed | null>(null);

  const review = useQuery({
    queryKey: [...reviewKey, days],
    queryFn: ({ signal }) => fetchReview(days, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: reviewKey });
  const refused = (title: string) => (e: unknown) => {
    setRefusal({ title, message: serverProblem(e).message });
  };

  const disable = useMutation({
    mutationFn: (user: { id: string; label: string }) => disableUser(user.id),
    onSuccess: (_, user) => {
      setRefusal(null);
      notifications.show({ color: 'green', message: `${user.label} disabled.` });
      return refresh();
    },
    onError: refused('User not disabled'),
  });

  const revoke = useMutation({
    mutationFn: (token: ReviewToken) => revokeToken(token),
    onSuccess: (_, token) => {
      setRefusal(null);
      notifications.show({ color: 'green', message: `Token ${token.prefix}… revoked.` });
      return refresh();
    },
    onError: refused('Token not revoked'),
  });

  const complete = useMutation({
    mutationFn: () => completeReview(days),
    onSuccess: (done) => {
      setRefusal(null);
      setCompleted(done);
    },
    onError: refused('Review not recorded'),
  });

  const confirmDisable = (user: { id: string; label: string }) => {
    modals.openConfirmModal({
      title: `Disable ${user.label}?`,
      children: (
        <Text size="sm">
          Their data is kept; their sessions and API tokens stop working. You can enable the account
          again later (its tokens stay revoked).
        </Text>
      ),
      labels: { confirm: 'Disable user', cancel: 'Cancel' },
      confirmProps: { color: 'red.9' },
      onConfirm: () => {
        disable.mutate(user);
      },
    });
  };

  const confirmRevoke = (token: ReviewToken) => {
    modals.openConfirmModal({
      title: `Revoke token “${token.name}”?`,
      children: (
        <Text size="sm">
          Anything using {token.prefix}… ({token.account.name || token.account.email}) stops working
          at once. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Revoke token', cancel: 'Cancel' },
      confirmProps: { color: 'red.9' },
      onConfirm: () => {
        revoke.mutate(token);
      },
    });
  };

  return (
    <Stack gap="md">
      <Title order={1}>Access Review</Title>
      <Text size="sm" c="dimmed">
        Accounts and tokens to look at, each with its remedy. When you have gone through them,
        Complete review records what was reviewed and counted in the audit log.
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NumberInput
          label="Days without sign-in or use"
          min={1}
          max={3650}
          allowDecimal={false}
          allowNegative={false}
          value={input}
          onChange={setInput}
          error={validDays(input) === null ? 'Enter a whole number from 1 to 3650.' : undefined}
          w={220}
        />
        <Button
          onClick={() => {
            complete.mutate();
          }}
          loading={complete.isPending}
          disabled={!review.isSuccess}
        >
          Complete review
        </Button>
      </Group>
      {refusal ? (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={refusal.title}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => {
            setRefusal(null);
          }}
        >
          {refusal.message}
        </Alert>
      ) : null}
      {completed ? (
        <Alert color="gray" variant="light" role="status" title="Review recorded">
          <Text size="sm" mb="xs">
            Completed {formatTime(completed.reviewedAt)} for {completed.days} days. Counts recorded:
          </Text>
          <Stack component="ul" gap={2} m={0} pl="md">
            {Object.entries(completed.counts).map(([list, count]) => (
              <Text component="li" size="sm" key={list}>
                {list in LIST_TITLES ? LIST_TITLES[list as keyof typeof LIST_TITLES] : list}:{' '}
                {count}
              </Text>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {review.isPending ? (
        <Loading label="Loading the access review…" />
      ) : review.isError ? (
        <LoadError
          what="the access review"
          error={review.error}
          onRetry={() => void review.refetch()}
        />
      ) : (
        <ReviewLists
          review={review.data}
          busy={disable.isPending || revoke.isPending}
          onDisable={confirmDisable}
          onRevoke={confirmRevoke}
        />
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/access-review')({
  component: AccessReviewPage,
});
