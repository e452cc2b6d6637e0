// The Share dialog's picker: users and groups found on the server as you type (groups shown as
// paths), then one bulk call that adds (or removes) them on every record, all or nothing.
import { Alert, Button, Group, MultiSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkShareResult, ShareTargetsPage } from '../../../../src/sharing/sharing.schema';
import { serverProblem } from '../../shared/pb';
import { pb } from '../pb';
import { groupTarget, shareBody, type Target, targetValue, userTarget } from './share-describe';

/** Users and groups matching `search`, one server page of each. */
function useTargets(collection: string, search: string, enabled: boolean) {
  const find = (type: 'users' | 'groups') => ({
    queryKey: ['share-targets', collection, type, search],
    enabled,
    staleTime: 30_000,
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      pb.send<ShareTargetsPage>(
        `/api/collections/${encodeURIComponent(collection)}/share-targets`,
        {
          query: { type, q: search, perPage: 20 },
          signal,
        },
      ),
  });
  const users = useQuery(find('users'));
  const groups = useQuery(find('groups'));
  return { users, groups };
}

export function SharePicker(props: {
  collection: string;
  recordIds: string[];
  /** After a share that the server accepted. */
  onDone: (result: BulkShareResult) => void;
  /** Offer "Remove access" too (several records: there is no list to remove from). */
  allowRemove: boolean;
}) {
  const { collection, recordIds } = props;
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<Target[]>([]);
  const [action, setAction] = useState<'add' | 'remove'>('add');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const { users, groups } = useTargets(collection, debounced, true);

  const found = [
    ...(users.data?.users.map(userTarget) ?? []),
    ...(groups.data?.groups.map(groupTarget) ?? []),
  ];
  const known = new Map<string, Target>();
  for (const t of [...picked, ...found]) known.set(targetValue(t), t);
  const option = (t: Target) => ({ value: targetValue(t), label: t.label });
  const data = [
    { group: 'Users', items: [...known.values()].filter((t) => t.kind === 'user').map(option) },
    { group: 'Groups', items: [...known.values()].filter((t) => t.kind === 'group').map(option) },
  ];
  const loading = users.isFetching || groups.isFetching;
  const loadError = users.error ?? groups.error;

  const submit = async () => {
    if (busy) return;
    const built = shareBody(recordIds, picked, action);
    if (!built.ok) {
      setError(built.message);
      return;
    }
    setBusy(true);
    setError('');
    try {
      const result = await pb.send<BulkShareResult>(
        `/api/collections/${encodeURIComponent(collection)}/share`,
        { method: 'POST', body: built.body },
      );
      setPicked([]);
      props.onDone(result);
    } catch (e) {
      const problem = serverProblem(e);
      const details = Object.values(problem.fields).filter((m) => m !== problem.message);
      setError([problem.message, ...details].join(' '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        {props.allowRemove ? (
          <SegmentedControl
            aria-label="Add or remove access"
            value={action}
            onChange={(value) => {
              setAction(value === 'remove' ? 'remove' : 'add');
            }}
            data={[
              { value: 'add', label: 'Add access' },
              { value: 'remove', label: 'Remove access' },
            ]}
          />
        ) : null}
        <MultiSelect
          label="Users and groups"
          description="Type a name, or part of a group’s path. Sharing with a group reaches its sub-groups too."
          placeholder={picked.length ? undefined : 'Search users and groups'}
          data={data}
          value={picked.map(targetValue)}
          onChange={(values) => {
            setPicked(values.flatMap((v) => known.get(v) ?? []));
            setError('');
          }}
          searchable
          searchValue={search}
          // The server searches; Mantine's own filter keeps the list true to what is typed while
          // the server's answer is on its way (a label holds the name, a visible email, a path).
          onSearchChange={setSearch}
          nothingFoundMessage={loading ? 'Searching…' : 'No users or groups match'}
          clearable
          hidePickedOptions
          maxDropdownHeight={280}
          data-autofocus
        />
        {loadError ? (
          <Text size="sm" c="red.8" role="alert">
            Could not search: {serverProblem(loadError).message}
          </Text>
        ) : null}
        {error ? (
          <Alert
            color="red"
            variant="light"
            role="alert"
            title={action === 'remove' ? 'Nothing was changed' : 'Nothing was shared'}
          >
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={picked.length === 0}>
            {action === 'remove' ? 'Remove access' : 'Share'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
