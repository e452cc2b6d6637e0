// A resource collection's records (loaded on first visit), generated from its schema: server-paged
// (one request per page, no count), searched through a PocketBase filter, sorted by header clicks.
// Buttons the user's grants do not allow are not shown.
import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import type { RecordModel } from 'pocketbase';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { Empty, LoadError, Loading } from '../../shared/states';
import { pb } from '../pb';
import { can, grantsQuery, useCollection } from './data';
import { nextSort, searchFilter } from './filter';
import { recordLabel } from './format';
import { RecordsTable } from './records-table';
import { displayField, expandOf, listColumns, searchFields, singularOf, titleOf } from './schema';
import { RouterButton } from './links';
import { ShareDialog } from './share-dialog';

export const PER_PAGE = 30;

function RecordsPage() {
  const { collection } = useParams({ from: '/_app/records/$collection' });
  // A new collection starts with its own search box, selection and dialogs.
  return <RecordsList key={collection} name={collection} />;
}

function RecordsList(props: { name: string }) {
  const { name } = props;
  const { q = '', sort = '', page = 1 } = useSearch({ from: '/_app/records/$collection' });
  const navigate = useNavigate({ from: '/records/$collection' });
  const queryClient = useQueryClient();
  const schema = useCollection(name);
  const grants = useQuery(grantsQuery);
  const [text, setText] = useState(q);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [sharing, setSharing] = useState<string[] | null>(null);
  const { collection, share } = schema;

  const columns = collection ? listColumns(collection, share) : [];
  const filter = collection
    ? searchFilter(searchFields(collection), q, (r, p) => pb.filter(r, p))
    : '';
  const expand = expandOf(columns);
  const list = useQuery({
    queryKey: ['records', name, { page, sort, filter }],
    enabled: !!collection,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      pb.collection(name).getList(page, PER_PAGE, {
        filter,
        sort,
        expand,
        // Only what the list shows: no json blobs, no member lists.
        fields: [
          'id',
          ...columns.map((f) => f.name),
          ...expandOf(columns)
            .split(',')
            .filter(Boolean)
            .map((f) => `expand.${f}`),
        ].join(','),
        skipTotal: true,
        signal,
      }),
  });

  const remove = useMutation({
    mutationFn: (id: string) => pb.collection(name).delete(id),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `${titleOf(singularOf(name))} deleted.` });
      await queryClient.invalidateQueries({ queryKey: ['records', name] });
    },
    onError: (e) => {
      notifications.show({ color: 'red', title: 'Not deleted', message: serverProblem(e).message });
    },
  });

  const setSearch = useDebouncedCallback((value: string) => {
    void navigate({
      search: (prev) => ({ ...prev, q: value.trim() || undefined, page: undefined }),
      replace: true,
    });
  }, 300);

  if (schema.query.isPending) return <Loading label="Loading…" />;
  if (schema.query.isError) {
    return (
      <LoadError
        what="the collections"
        error={schema.query.error}
        onRetry={() => void schema.query.refetch()}
      />
    );
  }
  if (!collection) {
    return (
      <Stack gap="md">
        <Title order={1}>Not found</Title>
        <Text>There is no collection “{name}”, or your roles do not reach it.</Text>
      </Stack>
    );
  }

  const title = titleOf(name);
  const one = singularOf(name);
  const mayCreate = can(grants.data, name, 'create');
  const mayEdit = can(grants.data, name, 'edit');
  const actions = {
    share: !!share && mayEdit,
    remove: can(grants.data, name, 'delete'),
    selectable: !!share && mayEdit,
  };
  const display = displayField(collection);
  const items = list.data?.items ?? [];
  const hasNext = items.length === PER_PAGE;

  const confirmDelete = (record: RecordModel) => {
    const label = recordLabel(record, display);
    modals.openConfirmModal({
      title: `Delete ${one} “${label}”?`,
      children: <Text size="sm">This cannot be undone.</Text>,
      labels: { confirm: `Delete ${one}`, cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        remove.mutate(record.id);
      },
    });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1}>{title}</Title>
        <Group gap="sm" wrap="wrap">
          {actions.selectable ? (
            <Button
              variant="default"
              disabled={selected.size === 0}
              onClick={() => {
                setSharing([...selected]);
              }}
            >
              Share selected{selected.size ? ` (${selected.size})` : ''}
            </Button>
          ) : null}
          {mayCreate ? (
            <RouterButton to="/records/$collection/$id" params={{ collection: name, id: 'new' }}>
              New {one}
            </RouterButton>
          ) : null}
        </Group>
      </Group>
      <TextInput
        label={`Search ${name}`}
        type="search"
        placeholder={searchFields(collection).join(', ')}
        value={text}
        maw={480}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setSearch(e.currentTarget.value);
        }}
      />
      {list.isPending ? (
        <Loading label={`Loading ${name}…`} />
      ) : list.isError ? (
        <LoadError what={name} error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>
          {q
            ? `No ${name} match “${q}”.`
            : page > 1
              ? `No more ${name}.`
              : `No ${name} yet${mayCreate ? `: create one with “New ${one}”.` : '.'}`}
        </Empty>
      ) : (
        <RecordsTable
          collection={collection}
          all={schema.all}
          columns={columns}
          items={items}
          sort={sort}
          onSort={(field) => {
            void navigate({
              search: (prev) => ({ ...prev, sort: nextSort(sort, field), page: undefined }),
              replace: true,
            });
          }}
          onSortChange={(next) => {
            void navigate({
              search: (prev) => ({ ...prev, sort: next || undefined, page: undefined }),
              replace: true,
            });
          }}
          actions={actions}
          selected={selected}
          onSelect={(ids, on) => {
            const next = new Set(selected);
            for (const id of ids)
              if (on) next.add(id);
              else next.delete(id);
            setSelected(next);
          }}
          onShare={(r) => {
            setSharing([r.id]);
          }}
          onDelete={confirmDelete}
        />
      )}
      {page > 1 || hasNext ? (
        <Group justify="space-between" aria-label="Pages" role="navigation">
          <Button
            variant="default"
            disabled={page <= 1}
            onClick={() => void navigate({ search: (prev) => ({ ...prev, page: page - 1 }) })}
          >
            Previous page
          </Button>
          <Text size="sm" aria-live="polite">
            Page {page.toLocaleString()}
          </Text>
          <Button
            variant="default"
            disabled={!hasNext}
            onClick={() => void navigate({ search: (prev) => ({ ...prev, page: page + 1 }) })}
          >
            Next page
          </Button>
        </Group>
      ) : null}
      <ShareDialog
        collection={name}
        recordIds={sharing ?? []}
        opened={sharing !== null}
        onClose={() => {
          setSharing(null);
        }}
        onShared={() => {
          setSelected(new Set());
          void queryClient.invalidateQueries({ queryKey: ['records', name] });
        }}
      />
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/records/$collection')({ component: RecordsPage });
