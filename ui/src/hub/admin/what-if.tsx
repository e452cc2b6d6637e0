// "Before you save": who would gain and who would lose what if a change to a role, a group or a
// user were saved, computed by the server from the access index without writing
// (POST /api/access/preview, decision 0020). A refusal (a cycle, a level guard) shows as it would
// on Save.
import { Alert, List, Loader, Group as Row, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { serverProblem } from '../../shared/pb';
import { pb } from '../pb';

export type PreviewChange =
  | {
      type: 'role';
      id: string;
      permissions?: Record<string, { actions: string[]; scope: string }>;
      level?: number;
    }
  | { type: 'group'; id: string; roles?: string[]; parent?: string | null }
  | { type: 'user'; id: string; groups?: string[]; role?: string };

interface SampleUser {
  id: string;
  name: string;
}

export interface PreviewResult {
  affected: number;
  changed: number;
  grants: {
    kind: 'gain' | 'lose';
    permission: string;
    scope: string;
    count: number;
    users: SampleUser[];
  }[];
  levels: { from: number | null; to: number | null; count: number; users: SampleUser[] }[];
  summary: string[];
}

export function previewChange(change: PreviewChange, signal?: AbortSignal) {
  return pb.send<PreviewResult>('/api/access/preview', {
    method: 'POST',
    body: { change },
    signal,
  });
}

/** "Ada Admin, Bo Builder and 12 more" for a line's sample of users. */
export function whoOf(users: readonly SampleUser[], count: number): string {
  if (users.length === 0) return '';
  const names = users.map((u) => u.name || u.id);
  const more = count - names.length;
  if (more > 0) return `${names.join(', ')} and ${String(more)} more`;
  if (names.length === 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

export function WhatIf(props: { change: PreviewChange | null }) {
  const key = props.change ? JSON.stringify(props.change) : null;
  const [debounced] = useDebouncedValue(key, 300);
  const settled = debounced === key ? props.change : null;
  const preview = useQuery({
    queryKey: ['access', 'preview', debounced],
    enabled: settled !== null,
    queryFn: ({ signal }) => previewChange(settled as PreviewChange, signal),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 0,
  });
  if (!props.change) return null;
  return (
    <div aria-live="polite">
      {preview.isError ? (
        <Refusal error={preview.error} />
      ) : !preview.data || settled === null ? (
        <Row gap="xs">
          <Loader size="xs" aria-hidden />
          <Text size="sm">Working out who gains and who loses access…</Text>
        </Row>
      ) : (
        <PreviewSummary result={preview.data} />
      )}
    </div>
  );
}

/** The server's reason, and the field messages that name what (a cycle's path) when it gives them. */
function Refusal(props: { error: unknown }) {
  const problem = serverProblem(props.error);
  const details = Object.values(problem.fields).filter((m) => m !== problem.message);
  return (
    <Alert color="red" title="This change would be refused">
      {problem.message}
      {details.map((m) => (
        <Text key={m} size="sm" mt={4}>
          {m}
        </Text>
      ))}
    </Alert>
  );
}

function PreviewSummary({ result }: { result: PreviewResult }) {
  if (result.changed === 0)
    return (
      <Alert color="gray" title="Before you save">
        No one gains or loses access with this change.
      </Alert>
    );
  const lines = [
    ...result.grants.map((g, i) => ({ key: `g${String(i)}`, users: g.users, count: g.count })),
    ...result.levels.map((l, i) => ({ key: `l${String(i)}`, users: l.users, count: l.count })),
  ];
  return (
    <Alert color="yellow" title="Before you save">
      <Text size="sm" mb="xs">
        {result.changed} of {result.affected} users reached by this change would gain or lose
        access:
      </Text>
      <List size="sm" spacing={4}>
        {result.summary.map((line, i) => {
          const who = whoOf(lines[i]?.users ?? [], lines[i]?.count ?? 0);
          return (
            <List.Item key={lines[i]?.key ?? line}>
              {line}
              {who ? (
                <Text span size="sm">
                  {' '}
                  — {who}
                </Text>
              ) : null}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}
