// The permission matrix editor: modules as rows, actions as checkbox columns (empty where a module
// has no such action), a preset and a shared/all scope per row. A table where it fits; one card per
// module on narrow screens. Every control is named "module: what" ("projects: edit").
import {
  Box,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Fragment } from 'react';
import {
  ACTION_COLUMNS,
  type MatrixRow,
  type Permissions,
  type PresetKey,
  presetsFor,
  rowsOf,
  withAction,
  withPreset,
  withScope,
} from './matrix';

const CUSTOM = 'custom';

export interface MatrixEditorProps {
  permissions: Permissions;
  onChange: (next: Permissions) => void;
  disabled?: boolean;
}

/** "users.manage" breaks after its dot in a narrow column header. */
function ActionHeader(props: { action: string }) {
  const parts = props.action.split('.');
  return parts.map((part, i) => (
    <Fragment key={part}>
      {part}
      {i < parts.length - 1 ? (
        <>
          .<wbr />
        </>
      ) : null}
    </Fragment>
  ));
}

function PresetSelect(props: MatrixEditorProps & { row: MatrixRow }) {
  const { row } = props;
  return (
    <NativeSelect
      aria-label={`${row.module}: preset`}
      size="xs"
      disabled={props.disabled}
      value={row.preset ?? CUSTOM}
      data={[
        ...presetsFor(row.module).map((p) => ({ value: p.key, label: p.label })),
        ...(row.preset ? [] : [{ value: CUSTOM, label: 'Custom', disabled: true }]),
      ]}
      onChange={(e) => {
        const key = e.currentTarget.value;
        if (key !== CUSTOM)
          props.onChange(withPreset(props.permissions, row.module, key as PresetKey));
      }}
    />
  );
}

function ScopeSwitch(props: MatrixEditorProps & { row: MatrixRow }) {
  const { row } = props;
  // Without actions there is no grant to scope.
  if (row.actions.length === 0) return null;
  return (
    <SegmentedControl
      aria-label={`${row.module}: scope`}
      size="xs"
      // No animation: its colour transition would also lag behind a colour-scheme change.
      transitionDuration={0}
      // Read-only rather than disabled: a disabled control's labels would be too faint to read.
      readOnly={props.disabled}
      value={row.scope}
      data={[
        { value: 'shared', label: 'Shared' },
        { value: 'all', label: 'All' },
      ]}
      onChange={(value) => {
        props.onChange(withScope(props.permissions, row.module, value));
      }}
    />
  );
}

/** A cell's checkbox, named "projects: edit"; on a card its action shows beside it too. */
function ActionBox(props: MatrixEditorProps & { row: MatrixRow; action: string; shown?: boolean }) {
  const { row, action } = props;
  return (
    <Checkbox
      aria-label={`${row.module}: ${action}`}
      label={props.shown ? action : undefined}
      disabled={props.disabled}
      checked={row.actions.includes(action)}
      onChange={(e) => {
        props.onChange(withAction(props.permissions, row.module, action, e.currentTarget.checked));
      }}
    />
  );
}

function MatrixCards(props: MatrixEditorProps & { rows: MatrixRow[] }) {
  return (
    <Stack gap="sm">
      {props.rows.map((row) => (
        <Paper key={row.module} withBorder p="sm" component="fieldset" m={0}>
          <Text component="legend" fw={700} px={4}>
            {row.module}
          </Text>
          <Stack gap="sm">
            <Group gap="sm" wrap="wrap" align="center">
              <PresetSelect {...props} row={row} />
              <ScopeSwitch {...props} row={row} />
            </Group>
            <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
              {row.available.map((action) => (
                <ActionBox key={action} {...props} row={row} action={action} shown />
              ))}
            </SimpleGrid>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function MatrixTable(props: MatrixEditorProps & { rows: MatrixRow[] }) {
  return (
    <Table.ScrollContainer minWidth={960} type="native">
      <Table
        withTableBorder
        withColumnBorders
        horizontalSpacing={6}
        verticalSpacing={6}
        fz="xs"
        aria-label="Permissions"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Module</Table.Th>
            <Table.Th scope="col">Preset and scope</Table.Th>
            {ACTION_COLUMNS.map((action) => (
              <Table.Th key={action} scope="col" ta="center" style={{ verticalAlign: 'bottom' }}>
                <ActionHeader action={action} />
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => (
            <Table.Tr key={row.module}>
              <Table.Th scope="row" fz="sm">
                {row.module}
              </Table.Th>
              <Table.Td w={170}>
                <Stack gap={4}>
                  <PresetSelect {...props} row={row} />
                  <ScopeSwitch {...props} row={row} />
                </Stack>
              </Table.Td>
              {ACTION_COLUMNS.map((action) => (
                <Table.Td key={action}>
                  {row.available.includes(action) ? (
                    <Box style={{ display: 'flex', justifyContent: 'center' }}>
                      <ActionBox {...props} row={row} action={action} />
                    </Box>
                  ) : null}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function MatrixEditor(props: MatrixEditorProps) {
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const rows = rowsOf(props.permissions);
  return wide ? <MatrixTable {...props} rows={rows} /> : <MatrixCards {...props} rows={rows} />;
}
