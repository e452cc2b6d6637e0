// The list's rows: a table with sortable headers on wide screens, stacked cards on narrow ones
// (no sideways scroll at 390 px). Row checkboxes select records for "Share selected".
import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { RecordModel } from 'pocketbase';
import { sortDirection } from './filter';
import { formatValue, recordLabel } from './format';
import { RouterAnchor } from './links';
import { type CollectionModel, type FieldModel, displayField, isResource, labelOf } from './schema';

export interface RowActions {
  share: boolean;
  remove: boolean;
  selectable: boolean;
}

export interface RecordsTableProps {
  collection: CollectionModel;
  all: readonly CollectionModel[];
  columns: readonly FieldModel[];
  items: readonly RecordModel[];
  sort: string;
  /** A header click on a field (wide screens), or the sort chosen (narrow ones). */
  onSort: (field: string) => void;
  onSortChange?: (sort: string) => void;
  actions: RowActions;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  onShare: (record: RecordModel) => void;
  onDelete: (record: RecordModel) => void;
}

/** One cell's text: related records by their display field, values in the browser's locale. */
function cellText(all: readonly CollectionModel[], field: FieldModel, record: RecordModel): string {
  const expand: Record<string, Record<string, unknown> | undefined> | undefined = record.expand;
  const target = all.find((c) => c.id === field.collectionId);
  const related =
    field.type === 'relation'
      ? { record: expand?.[field.name], display: target ? displayField(target) : 'id' }
      : undefined;
  return formatValue(field, record[field.name], related);
}

/** The expanded record of a single relation to a resource collection, to link to. */
function relatedResource(
  all: readonly CollectionModel[],
  field: FieldModel,
  record: RecordModel,
): { collection: string; record: RecordModel } | null {
  if (field.type !== 'relation') return null;
  const target = all.find((c) => c.id === field.collectionId);
  const expand: Record<string, unknown> | undefined = record.expand;
  const related = expand?.[field.name] as RecordModel | undefined;
  if (!target || !isResource(target) || !related || Array.isArray(related)) return null;
  return { collection: target.name, record: related };
}

function RecordLink(props: { collection: string; record: { id: string }; label: string }) {
  return (
    <RouterAnchor
      to="/records/$collection/$id"
      params={{ collection: props.collection, id: props.record.id }}
      fw={500}
    >
      {props.label}
    </RouterAnchor>
  );
}

function SortHeader(props: { field: FieldModel; sort: string; onSort: (field: string) => void }) {
  const direction = sortDirection(props.sort, props.field.name);
  const label = labelOf(props.field);
  return (
    <Table.Th
      scope="col"
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
    >
      <UnstyledButton
        onClick={() => {
          props.onSort(props.field.name);
        }}
        fw={700}
        fz="sm"
      >
        {label}{' '}
        <span aria-hidden="true">
          {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
        </span>
        <VisuallyHidden>
          {direction ? `, sorted ${direction === 'asc' ? 'ascending' : 'descending'}` : ', sort'}
        </VisuallyHidden>
      </UnstyledButton>
    </Table.Th>
  );
}

function RowButtons(props: {
  label: string;
  actions: RowActions;
  onShare: () => void;
  onDelete: () => void;
}) {
  return (
    <Group gap="xs" wrap="nowrap" justify="flex-end">
      {props.actions.share ? (
        <Button
          size="xs"
          variant="default"
          aria-label={`Share ${props.label}`}
          onClick={props.onShare}
        >
          Share
        </Button>
      ) : null}
      {props.actions.remove ? (
        <Button
          size="xs"
          variant="default"
          aria-label={`Delete ${props.label}`}
          onClick={props.onDelete}
        >
          Delete
        </Button>
      ) : null}
    </Group>
  );
}

export function RecordsTable(props: RecordsTableProps) {
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const display = displayField(props.collection);
  const labelOfRecord = (r: RecordModel) => recordLabel(r, display);
  const ids = props.items.map((r) => r.id);
  const allSelected = ids.length > 0 && ids.every((id) => props.selected.has(id));
  const someSelected = ids.some((id) => props.selected.has(id));
  const hasButtons = props.actions.share || props.actions.remove;
  // The column that names a record links to it; the others show values.
  const linkField = props.columns.find((f) => f.name === display) ?? props.columns[0];
  const cell = (field: FieldModel, r: RecordModel) => {
    const text = cellText(props.all, field, r);
    if (field === linkField) {
      return (
        <RecordLink
          collection={props.collection.name}
          record={r}
          label={text === '—' ? r.id : text}
        />
      );
    }
    // A related record the user can open (a resource collection) links to it.
    const target = relatedResource(props.all, field, r);
    return target ? (
      <RecordLink collection={target.collection} record={target.record} label={text} />
    ) : (
      text
    );
  };

  if (!wide) {
    return (
      <Stack gap="sm">
        <NativeSelect
          label="Sort by"
          value={props.sort}
          maw={320}
          data={[
            { value: '', label: 'Default order' },
            ...props.columns.flatMap((f) => [
              { value: f.name, label: `${labelOf(f)}, ascending` },
              { value: `-${f.name}`, label: `${labelOf(f)}, descending` },
            ]),
          ]}
          onChange={(e) => {
            props.onSortChange?.(e.currentTarget.value);
          }}
        />
        {props.actions.selectable ? (
          <Checkbox
            label="Select all on this page"
            checked={allSelected}
            indeterminate={someSelected && !allSelected}
            onChange={(e) => {
              props.onSelect(ids, e.currentTarget.checked);
            }}
          />
        ) : null}
        {props.items.map((r) => (
          <Paper key={r.id} withBorder p="sm" radius="md">
            <Stack gap={6}>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                {props.actions.selectable ? (
                  <Checkbox
                    aria-label={`Select ${labelOfRecord(r)}`}
                    checked={props.selected.has(r.id)}
                    onChange={(e) => {
                      props.onSelect([r.id], e.currentTarget.checked);
                    }}
                  />
                ) : null}
                <Text style={{ overflowWrap: 'anywhere' }}>
                  {linkField ? cell(linkField, r) : r.id}
                </Text>
              </Group>
              {props.columns
                .filter((f) => f !== linkField)
                .map((f) => (
                  <Group key={f.name} gap="xs" wrap="nowrap" align="flex-start">
                    <Text size="sm" c="dimmed" miw={96}>
                      {labelOf(f)}
                    </Text>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {cell(f, r)}
                    </Text>
                  </Group>
                ))}
              {hasButtons ? (
                <RowButtons
                  label={labelOfRecord(r)}
                  actions={props.actions}
                  onShare={() => {
                    props.onShare(r);
                  }}
                  onDelete={() => {
                    props.onDelete(r);
                  }}
                />
              ) : null}
            </Stack>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Table striped highlightOnHover verticalSpacing="sm">
      <Table.Thead>
        <Table.Tr>
          {props.actions.selectable ? (
            <Table.Th scope="col" w={40}>
              <Checkbox
                aria-label="Select all on this page"
                checked={allSelected}
                indeterminate={someSelected && !allSelected}
                onChange={(e) => {
                  props.onSelect(ids, e.currentTarget.checked);
                }}
              />
            </Table.Th>
          ) : null}
          {props.columns.map((f) => (
            <SortHeader key={f.name} field={f} sort={props.sort} onSort={props.onSort} />
          ))}
          {hasButtons ? (
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          ) : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.items.map((r) => (
          <Table.Tr key={r.id}>
            {props.actions.selectable ? (
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${labelOfRecord(r)}`}
                  checked={props.selected.has(r.id)}
                  onChange={(e) => {
                    props.onSelect([r.id], e.currentTarget.checked);
                  }}
                />
              </Table.Td>
            ) : null}
            {props.columns.map((f) => (
              <Table.Td key={f.name} style={{ overflowWrap: 'anywhere' }}>
                {cell(f, r)}
              </Table.Td>
            ))}
            {hasButtons ? (
              <Table.Td>
                <RowButtons
                  label={labelOfRecord(r)}
                  actions={props.actions}
                  onShare={() => {
                    props.onShare(r);
                  }}
                  onDelete={() => {
                    props.onDelete(r);
                  }}
                />
              </Table.Td>
            ) : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
