// Admin > Security > Audit Log (loaded on first visit): newest first with "Load more" (the API's
// cursor), filters kept in the URL, Export (CSV/JSON) of the filtered entries, and Verify chain.
import { Alert, Button, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { Empty, LoadError, Loading } from '../../shared/states';
import { type AuditSearch, auditQuery, exportEntries, verifyQuery } from './data';
import { AuditEntryCard } from './entry';
import { AuditFilters } from './filters';

function VerifyResult() {
  const report = useQuery(verifyQuery);
  return (
    <Group>
      <Button variant="default" loading={report.isFetching} onClick={() => void report.refetch()}>
        Verify chain
      </Button>
      {report.isError ? (
        <Alert color="red" variant="light" role="alert" title="Could not verify the chain">
          {serverProblem(report.error).message}
        </Alert>
      ) : null}
      {report.data && !report.isFetching ? (
        <Alert
          role="status"
          variant="light"
          color={report.data.ok ? 'green' : 'red'}
          title={report.data.ok ? 'Chain intact' : 'Chain broken'}
        >
          {report.data.ok || !report.data.broken
            ? `All ${report.data.checked} entries verified.`
            : `First broken entry: #${report.data.broken.seq} (${report.data.broken.id}) — ${report.data.broken.reason}. ${report.data.brokenCount} broken of ${report.data.checked} checked.`}
        </Alert>
      ) : null}
    </Group>
  );
}

function AuditPage() {
  const search = useSearch({ from: '/_app/admin/audit' });
  const navigate = useNavigate({ from: '/admin/audit' });
  const list = useInfiniteQuery(auditQuery(search));
  const [exporting, setExporting] = useState(false);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const runExport = (format: 'csv' | 'json') => {
    setExporting(true);
    exportEntries(search, format)
      .catch((e: unknown) =>
        notifications.show({
          color: 'red',
          title: 'Not exported',
          message: serverProblem(e).message,
        }),
      )
      .finally(() => {
        setExporting(false);
      });
  };

  return (
    <Stack gap="md">
      <Title order={1}>Audit Log</Title>
      <AuditFilters
        key={JSON.stringify(search)}
        value={search}
        onApply={(next: AuditSearch) =>
          void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true })
        }
      />
      <Group gap="sm">
        <Menu>
          <Menu.Target>
            <Button variant="default" loading={exporting}>
              Export
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              onClick={() => {
                runExport('csv');
              }}
            >
              Export CSV
            </Menu.Item>
            <Menu.Item
              onClick={() => {
                runExport('json');
              }}
            >
              Export JSON
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <VerifyResult />
      </Group>
      {list.isPending ? <Loading label="Loading entries…" /> : null}
      {list.isError ? (
        <LoadError what="the audit log" error={list.error} onRetry={() => void list.refetch()} />
      ) : null}
      {list.isSuccess && items.length === 0 ? <Empty>No entries match these filters.</Empty> : null}
      {items.length > 0 ? (
        <Stack
          component="ul"
          aria-label="Audit entries"
          gap="sm"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
        >
          {items.map((entry) => (
            <AuditEntryCard key={entry.id} entry={entry} />
          ))}
        </Stack>
      ) : null}
      {list.hasNextPage ? (
        <Group>
          <Button
            variant="default"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            Load more
          </Button>
        </Group>
      ) : items.length > 0 ? (
        <Text size="sm" c="dimmed">
          {items.length === 1 ? 'One entry.' : `${items.length} entries.`}
        </Text>
      ) : null}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/audit')({ component: AuditPage });
