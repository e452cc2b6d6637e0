// The first step: what the CSV holds (the seed's columns, plus role and password) and the template.
import { Alert, Button, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { downloadTemplate } from './data';

const COLUMNS = [
  ['name', 'Full Name.'],
  ['email', 'Email Address (required); an existing one is skipped or updated, as you choose.'],
  [
    'groups',
    'Group paths such as Security Team/Senior Consultants; several inside quotes, separated by commas.',
  ],
  ['role', 'A role name; empty means user.'],
  ['password', 'Optional; a new user without one gets an invitation link to set it.'],
] as const;

export function TemplateStep() {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Stack gap="md" maw={760}>
      <Text size="sm">
        Download the template, fill in one row per user in a spreadsheet, and save it as CSV (comma
        delimited, UTF-8). Its columns:
      </Text>
      <Table withTableBorder aria-label="Template columns" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={110}>
              Column
            </Table.Th>
            <Table.Th scope="col">What it holds</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {COLUMNS.map(([name, what]) => (
            <Table.Tr key={name}>
              <Table.Th scope="row">
                <code>{name}</code>
              </Table.Th>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <div>
        <Button
          loading={busy}
          onClick={() => {
            setBusy(true);
            setError('');
            downloadTemplate()
              .catch((e: unknown) => {
                setError(e instanceof Error ? e.message : String(e));
              })
              .finally(() => {
                setBusy(false);
              });
          }}
        >
          Download the template CSV
        </Button>
      </div>
      {error ? (
        <Alert color="red" variant="light" role="alert" title="The download failed">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
