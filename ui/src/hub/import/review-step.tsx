// Review: the dry run's counts, its rows (from the server, a page at a time, filterable by what each
// row would do, with the reasons), the options (a change runs the dry run again), and Confirm.
import { Alert, Badge, Group, Paper, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CardList, Details } from '../../shared/details';
import { Empty, LoadError, Loading } from '../../shared/states';
import { type DryRun, ROW_ACTIONS, type RowAction, type RowResult, importRowsQuery } from './data';
import { Pager } from '../../shared/pager';

export const ACTION_LABELS: Record<RowAction, string> = {
  create: 'Create',
  update: 'Update',
  skip: 'Skip',
  error: 'Error',
};
const ACTION_COLORS: Record<RowAction, string> = {
  create: 'green',
  update: 'blue',
  skip: 'gray',
  error: 'red',
};

const count = (n: number) => new Intl.NumberFormat().format(n);

export function ActionBadge(props: { action: RowAction }) {
  return (
    <Badge variant="dot" color={ACTION_COLORS[props.action]} tt="none" size="md">
      {ACTION_LABELS[props.action]}
    </Badge>
  );
}

/** "120 rows: 100 to create, 12 to update, 6 to skip, 2 with errors". */
export function summaryText(s: DryRun['summary']): string {
  return `${count(s.rows)} row${s.rows === 1 ? '' : 's'}: ${count(s.create)} to create, ${count(
    s.update,
  )} to update, ${count(s.skip)} to skip, ${count(s.error)} with errors`;
}

function Reasons(props: { row: RowResult }) {
  if (props.row.reasons.length === 0) return <Text size="sm">—</Text>;
  return (
    <Stack gap={2}>
      {props.row.reasons.map((r, i) => (
        <Text key={i} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {r}
        </Text>
      ))}
    </Stack>
  );
}

function RowsList(props: { rows: RowResult[] }) {
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  if (!wide)
    return (
      <CardList label="Rows of the dry run">
        {props.rows.map((r) => (
          <Paper component="li" key={r.line} withBorder p="sm">
            <Stack gap="xs">
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {r.email || '(no email)'}
                </Text>
                <ActionBadge action={r.action} />
              </Group>
              <Details
                items={[
                  { label: 'Line', value: r.line },
                  { label: 'Reasons', value: <Reasons row={r} /> },
                ]}
              />
            </Stack>
          </Paper>
        ))}
      </CardList>
    );
  return (
    <Table striped verticalSpacing="xs" aria-label="Rows of the dry run">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w={80}>
            Line
          </Table.Th>
          <Table.Th scope="col">Email</Table.Th>
          <Table.Th scope="col" w={120}>
            Action
          </Table.Th>
          <Table.Th scope="col">Reasons</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.rows.map((r) => (
          <Table.Tr key={r.line}>
            <Table.Td>{r.line}</Table.Td>
            <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
              {r.email || (
                <Text span c="dimmed" size="sm">
                  (no email)
                </Text>
              )}
            </Table.Th>
            <Table.Td>
              <ActionBadge action={r.action} />
            </Table.Td>
            <Table.Td>
              <Reasons row={r} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The dry run's rows, filtered by action, paged by the server. */
export function DryRunRows(props: { dryRun: DryRun }) {
  const { dryRun } = props;
  const [filter, setFilter] = useState<RowAction | 'all'>('all');
  const [page, setPage] = useState(1);
  const action = filter === 'all' ? undefined : filter;
  const rows = useQuery({
    ...importRowsQuery(dryRun.id, page, action),
    placeholderData: keepPreviousData,
  });
  const s = dryRun.summary;
  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label="Show rows"
        value={filter}
        onChange={(v) => {
          setFilter(ROW_ACTIONS.find((a) => a === v) ?? 'all');
          setPage(1);
        }}
        data={[
          { value: 'all', label: `All (${count(s.rows)})` },
          ...ROW_ACTIONS.map((a) => ({ value: a, label: `${ACTION_LABELS[a]} (${count(s[a])})` })),
        ]}
        fullWidth
        style={{ flexWrap: 'wrap' }}
      />
      {rows.isPending ? (
        <Loading label="Loading the rows…" />
      ) : rows.isError ? (
        <LoadError what="the rows" error={rows.error} onRetry={() => void rows.refetch()} />
      ) : rows.data.items.length === 0 ? (
        <Empty>{`No rows ${filter === 'all' ? '' : `to ${filter} `}in this file.`}</Empty>
      ) : (
        <>
          <RowsList rows={rows.data.items} />
          <Pager
            page={rows.data.page}
            totalPages={rows.data.totalPages}
            totalItems={rows.data.totalItems}
            noun="rows"
            onPage={setPage}
          />
        </>
      )}
    </Stack>
  );
}

/** The counts and what blocks a confirm. */
export function DryRunSummary(props: { dryRun: DryRun }) {
  const { dryRun } = props;
  const s = dryRun.summary;
  return (
    <Stack gap="xs">
      <Text fw={600} role="status">
        {summaryText(s)}
      </Text>
      {dryRun.ignoredColumns.length > 0 ? (
        <Text size="sm">
          Columns not read (Gatehouse reads name, email, groups, role, password):{' '}
          {dryRun.ignoredColumns.join(', ')}.
        </Text>
      ) : null}
      {s.error > 0 ? (
        <Alert color="red" variant="light" title="Rows with errors">
          The import is all or nothing: fix the {count(s.error)} row{s.error === 1 ? '' : 's'} with
          errors in the file and upload it again, or change an option below.
        </Alert>
      ) : s.create + s.update === 0 ? (
        <Alert color="yellow" variant="light" title="Nothing to import">
          Every row would be skipped.
        </Alert>
      ) : null}
    </Stack>
  );
}
