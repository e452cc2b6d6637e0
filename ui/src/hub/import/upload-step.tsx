// Upload: pick the filled-in CSV (a FileInput, by mouse or keyboard), see its first rows as the
// browser reads them, and run the dry run. The whole file is checked by the server, not here.
import { Alert, FileInput, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type CsvPreview, previewFile } from './csv-preview';

export const PREVIEW_ROWS = 5;

function PreviewTable(props: { preview: CsvPreview }) {
  const { header, rows, more } = props.preview;
  if (header.length === 0) return <Text size="sm">The file is empty.</Text>;
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={0} type="native">
        <Table
          withTableBorder
          fz="sm"
          verticalSpacing={6}
          horizontalSpacing="xs"
          striped
          aria-label={`First rows of the file (${rows.length}${more ? ' shown' : ''})`}
          style={{ tableLayout: 'auto' }}
        >
          <Table.Thead>
            <Table.Tr>
              {header.map((h, i) => (
                <Table.Th key={i} scope="col">
                  {h || (
                    <Text span c="dimmed">
                      (empty)
                    </Text>
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, r) => (
              <Table.Tr key={r}>
                {header.map((_h, i) => (
                  <Table.Td key={i} style={{ overflowWrap: 'anywhere' }}>
                    {row[i] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {more
          ? `The first ${rows.length} rows; the server reads and checks them all.`
          : `All ${rows.length} row${rows.length === 1 ? '' : 's'} of the file.`}
      </Text>
    </Stack>
  );
}

export function UploadStep(props: { file: File | null; onFile: (file: File | null) => void }) {
  const { file } = props;
  // Read once per chosen file (name, size and date identify it well enough for a preview).
  const preview = useQuery({
    queryKey: ['import-preview', file?.name, file?.size, file?.lastModified],
    queryFn: () => (file ? previewFile(file, PREVIEW_ROWS) : null),
    enabled: file !== null,
    retry: false,
    gcTime: 0,
  });
  return (
    <Stack gap="md">
      <FileInput
        label="CSV file"
        description="The template filled in: one user per row; several groups inside quotes, separated by commas."
        placeholder="Choose a .csv file"
        accept=".csv,text/csv"
        clearable
        clearButtonProps={{ 'aria-label': 'Remove the file' }}
        value={file}
        onChange={props.onFile}
        maw={520}
      />
      {file ? (
        <Paper withBorder p="md" radius="md">
          <Stack gap="xs">
            <Group justify="space-between" gap="xs">
              <Title order={4} size="h5">
                Preview
              </Title>
              <Text size="xs" c="dimmed">
                {file.name}, {new Intl.NumberFormat().format(file.size)} bytes
              </Text>
            </Group>
            {preview.isError ? (
              <Alert color="red" variant="light" role="alert">
                The file could not be read in the browser.
              </Alert>
            ) : preview.data ? (
              <PreviewTable preview={preview.data} />
            ) : (
              <Text size="sm">Reading the file…</Text>
            )}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
