// Results: what the import did, and the invitation links of the new users without a password —
// shown once (the server keeps only their hashes), each copyable, all downloadable as a CSV.
import { Alert, Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { CardList } from '../../shared/details';
import { type ImportResult, type Invitation, invitationsCsv } from './data';
import { Pager } from '../../shared/pager';

const LINKS_PER_PAGE = 20;
const count = (n: number) => new Intl.NumberFormat().format(n);

function saveCsv(invitations: readonly Invitation[]): void {
  const url = URL.createObjectURL(
    new Blob([invitationsCsv(invitations)], { type: 'text/csv;charset=utf-8' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = 'invitation-links.csv';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

function InvitationLinks(props: { invitations: Invitation[] }) {
  const { invitations } = props;
  const [page, setPage] = useState(1);
  const totalPages = Math.ceil(invitations.length / LINKS_PER_PAGE);
  const shown = invitations.slice((page - 1) * LINKS_PER_PAGE, page * LINKS_PER_PAGE);
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Title order={4} size="h5">
          Invitation links ({count(invitations.length)})
        </Title>
        <Button
          variant="default"
          size="xs"
          onClick={() => {
            saveCsv(invitations);
          }}
        >
          Download the links (CSV)
        </Button>
      </Group>
      <Alert color="yellow" variant="light" title="Copy these links now">
        Each new user sets a password with their link; send it to them privately. The links are
        shown only here (Gatehouse keeps only their hashes), work once, and expire.
      </Alert>
      <CardList label="Invitation links">
        {shown.map((i) => (
          <Paper component="li" key={i.userId} withBorder p="sm">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs">
                <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {i.email}
                </Text>
                <CopyButton value={i.link}>
                  {({ copied, copy }) => (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={copy}
                      aria-label={`${copied ? 'Copied' : 'Copy link'} for ${i.email}`}
                    >
                      {copied ? 'Copied' : 'Copy link'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {i.link}
              </Code>
            </Stack>
          </Paper>
        ))}
      </CardList>
      <Pager
        page={page}
        totalPages={totalPages}
        totalItems={invitations.length}
        noun="links"
        onPage={setPage}
      />
    </Stack>
  );
}

export function ResultsStep(props: { result: ImportResult }) {
  const { result } = props;
  return (
    <Stack gap="md">
      <Alert color="blue" variant="light" title="Import complete" role="status">
        Created {count(result.created)} user{result.created === 1 ? '' : 's'}, updated{' '}
        {count(result.updated)}, skipped {count(result.skipped)}.
        {result.groupsCreated.length > 0 ? ` New groups: ${result.groupsCreated.join(', ')}.` : ''}
      </Alert>
      {result.invitations.length > 0 ? (
        <InvitationLinks invitations={result.invitations} />
      ) : (
        <Text size="sm">
          No invitation links: every new user has a password or signs in by OAuth.
        </Text>
      )}
    </Stack>
  );
}
