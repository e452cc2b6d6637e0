// The effective permissions as modules × actions: one table per kind of module (records, admin,
// system), each cell held or not, each row with its scope; a held cell opens its explain path.
import { Box, Button, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { MODULES, type ModuleName } from '../../../../src/catalogue/modules';
import type { Effective } from './data';

const RECORD_MODULES: ModuleName[] = [
  'systems',
  'alerts',
  'projects',
  'reports',
  'findings',
  'assets',
];

/** The tables: rows of modules sharing one set of columns. */
export const MATRICES: { title: string; modules: ModuleName[]; actions: readonly string[] }[] = [
  { title: 'Records', modules: RECORD_MODULES, actions: MODULES.systems },
  { title: 'Administration', modules: ['admin'], actions: MODULES.admin },
  { title: 'System', modules: ['system'], actions: MODULES.system },
];

const MODULE_LABELS: Record<ModuleName, string> = {
  systems: 'Systems',
  alerts: 'Alerts',
  projects: 'Projects',
  reports: 'Reports',
  findings: 'Findings',
  assets: 'Assets',
  admin: 'Admin',
  system: 'System',
};
export const moduleLabel = (m: ModuleName) => MODULE_LABELS[m];

const SCOPE_LABELS: Record<string, string> = {
  shared: 'Shared with them',
  all: 'All records',
};

export type OnExplain = (module: ModuleName, action: string) => void;

function Cell(props: {
  module: ModuleName;
  action: string;
  held: boolean;
  scope: string;
  onExplain: OnExplain;
}) {
  const { module, action } = props;
  if (!(MODULES[module] as readonly string[]).includes(action))
    return (
      <Text span size="sm" c="dimmed">
        <span aria-hidden="true">—</span>
        <VisuallyHidden>not applicable</VisuallyHidden>
      </Text>
    );
  if (!props.held)
    return (
      <Text span size="sm">
        <span aria-hidden="true">✗ </span>No
      </Text>
    );
  return (
    <Button
      size="compact-sm"
      variant="light"
      aria-label={`Yes: ${module}.${action} held (${props.scope}). Why?`}
      onClick={() => {
        props.onExplain(module, action);
      }}
    >
      <span aria-hidden="true">✓&nbsp;</span>Yes
    </Button>
  );
}

export function PermissionMatrix(props: {
  permissions: Effective['permissions'];
  onExplain: OnExplain;
}) {
  return (
    <>
      {MATRICES.map((matrix) => (
        <section key={matrix.title} aria-label={`${matrix.title} permissions`}>
          <Title order={3} size="h5" mb="xs">
            {matrix.title}
          </Title>
          {/* Scrolls inside itself on a phone; focusable so a keyboard can scroll it too; positioned
              so the cells' visually hidden text is clipped with it (not widening the page). */}
          <Box
            tabIndex={0}
            role="group"
            aria-label={`${matrix.title} permissions table`}
            style={{ overflowX: 'auto', position: 'relative' }}
          >
            <Table
              withTableBorder
              verticalSpacing={6}
              horizontalSpacing="sm"
              miw={matrix.actions.length * 90 + 260}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Module</Table.Th>
                  {matrix.actions.map((a) => (
                    <Table.Th scope="col" key={a}>
                      {a}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">Scope</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {matrix.modules.map((m) => {
                  const grant = props.permissions[m];
                  return (
                    <Table.Tr key={m}>
                      <Table.Th scope="row">{moduleLabel(m)}</Table.Th>
                      {matrix.actions.map((a) => (
                        <Table.Td key={a}>
                          <Cell
                            module={m}
                            action={a}
                            held={grant?.actions.includes(a) ?? false}
                            scope={grant?.scope ?? ''}
                            onExplain={props.onExplain}
                          />
                        </Table.Td>
                      ))}
                      <Table.Td>
                        {grant ? (SCOPE_LABELS[grant.scope] ?? grant.scope) : 'No access'}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Box>
        </section>
      ))}
    </>
  );
}
