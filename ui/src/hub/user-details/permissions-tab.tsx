// The Effective permissions tab (issue 16 item 2): the effective level, where each role comes from,
// the modules × actions matrix with each held cell's explain path, "Why can't they…?", and the audit
// log of changes about this user (for those who may read it).
import { Alert, List, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ModuleName } from '../../../../src/catalogue/modules';
import { LoadError, Loading } from '../../shared/states';
import { serverProblem } from '../../shared/pb';
import { hasAdmin } from '../admin/sections';
import { grantsQuery } from '../records/data';
import { RouterAnchor } from '../records/links';
import { effectiveQuery, explain } from './data';
import { Chain, ExplainPaths } from './explain-chain';
import { stepsOf, viaLabel } from './explain-words';
import { PermissionMatrix } from './permission-matrix';
import { WhyNot } from './why-not';

function ExplainDialog(props: {
  userId: string;
  userName: string;
  cell: { module: ModuleName; action: string } | null;
  onClose: () => void;
}) {
  const { cell } = props;
  const answer = useQuery({
    queryKey: ['admin-user', props.userId, 'explain', cell?.module, cell?.action],
    enabled: cell !== null,
    queryFn: ({ signal }) =>
      explain(props.userId, { module: cell?.module ?? '', action: cell?.action ?? '' }, signal),
  });
  return (
    <Modal
      opened={cell !== null}
      onClose={props.onClose}
      title={cell ? `Why ${props.userName} has ${cell.module}.${cell.action}` : ''}
      closeButtonProps={{ 'aria-label': 'Close' }}
      size="lg"
    >
      {answer.isPending ? (
        <Loader size="sm" aria-label="Loading the explanation" />
      ) : answer.isError ? (
        <Alert color="red" variant="light" title="Could not explain">
          {serverProblem(answer.error).message}
        </Alert>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            {answer.data.allowed
              ? `Allowed, through ${String(answer.data.reasons.length)} path${answer.data.reasons.length === 1 ? '' : 's'}:`
              : (answer.data.note ?? 'Not allowed.')}
          </Text>
          <ExplainPaths explanation={answer.data} userId={props.userId} userName={props.userName} />
        </Stack>
      )}
    </Modal>
  );
}

export function PermissionsTab(props: { userId: string; userName: string }) {
  const { userId, userName } = props;
  const effective = useQuery(effectiveQuery(userId));
  const grants = useQuery(grantsQuery);
  const [cell, setCell] = useState<{ module: ModuleName; action: string } | null>(null);
  if (effective.isPending) return <Loading label="Loading effective permissions…" />;
  if (effective.isError)
    return (
      <LoadError
        what="effective permissions"
        error={effective.error}
        onRetry={() => void effective.refetch()}
      />
    );
  const e = effective.data;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text>
          Effective level:{' '}
          <Text span fw={700}>
            {e.level === null ? 'none (no role)' : `${String(e.level)} ${e.levelName ?? ''}`}
          </Text>
        </Text>
        <Text size="sm" c="dimmed">
          The highest level of all their roles; module permissions add up across roles.
          {e.user.status === 'disabled' ? ' The account is disabled: nothing is allowed.' : ''}
        </Text>
      </Stack>
      <section aria-label="Roles">
        <Title order={2} size="h4" mb="xs">
          Roles and where they come from
        </Title>
        {e.roles.length === 0 ? (
          <Text size="sm">No roles: not their own, nor through a group.</Text>
        ) : (
          <List spacing="xs" size="sm">
            {e.roles.map((r, i) => (
              <List.Item key={`${String(i)}-${r.name}-${r.path.join('|')}`}>
                <Text size="xs" fw={600} tt="uppercase">
                  {viaLabel(r.via)}
                </Text>
                <Chain
                  steps={[
                    ...stepsOf([`user ${userId}`, ...r.path], userId, userName),
                    `role ${r.name}${r.level === null ? '' : ` (level ${String(r.level)})`}`,
                  ]}
                />
              </List.Item>
            ))}
          </List>
        )}
      </section>
      <Stack gap="md">
        <Title order={2} size="h4">
          Effective permissions
        </Title>
        <Text size="sm" c="dimmed">
          Choose a held permission to see every path that grants it.
        </Text>
        <PermissionMatrix
          permissions={e.permissions}
          onExplain={(module, action) => {
            setCell({ module, action });
          }}
        />
      </Stack>
      <WhyNot userId={userId} userName={userName} />
      {hasAdmin(grants.data, 'audit.view') ? (
        <Text size="sm">
          <RouterAnchor to="/admin/audit" search={{ targetId: userId }}>
            Review audit log for recent permission changes
          </RouterAnchor>
        </Text>
      ) : null}
      <ExplainDialog
        userId={userId}
        userName={userName}
        cell={cell}
        onClose={() => {
          setCell(null);
        }}
      />
    </Stack>
  );
}
