// One audit entry: what happened, who, to what, when; expands to its old → new values.
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { formatTime } from '../../shared/format';
import { adminLinkOf } from '../admin/links';
import { RouterAnchor } from '../records/links';
import { type AuditEntry, changeRows, showValue } from './data';

export function AuditEntryCard(props: { entry: AuditEntry }) {
  const { entry } = props;
  const [open, setOpen] = useState(false);
  const panel = useId();
  const rows = changeRows(entry.changes);
  const actor = entry.actor.email || `${entry.actor.type} ${entry.actor.id}`.trim();
  const target = [entry.target.type, entry.target.id].filter(Boolean).join(' ');
  const targetLink = adminLinkOf({ kind: entry.target.type, id: entry.target.id });
  return (
    <Paper component="li" withBorder p="sm" aria-label={`${entry.action} #${entry.seq}`}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Group gap="xs" wrap="wrap">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {entry.action}
            </Text>
            <Badge variant="outline" tt="none" color={entry.result === 'success' ? 'gray' : 'red'}>
              {entry.result}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            #{entry.seq} · <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          </Text>
        </Group>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          By {actor || 'unknown'}
          {target ? ' on ' : ''}
          {target && targetLink ? (
            <RouterAnchor {...targetLink} inherit underline="always">
              {target}
            </RouterAnchor>
          ) : (
            target
          )}
          {entry.ip ? ` from ${entry.ip}` : ''}
        </Text>
        {rows.length > 0 ? (
          <div>
            <Button
              size="xs"
              variant="subtle"
              px={0}
              aria-expanded={open}
              aria-controls={panel}
              onClick={() => {
                setOpen((o) => !o);
              }}
            >
              {open ? 'Hide changes' : `Show changes (${rows.length})`}
            </Button>
            {open ? (
              <Stack id={panel} component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
                {rows.map(([field, before, after]) => (
                  <Text component="li" key={field} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    <Text span fw={600}>
                      {field}
                    </Text>
                    : {showValue(before)} → {showValue(after)}
                  </Text>
                ))}
              </Stack>
            ) : null}
          </div>
        ) : null}
      </Stack>
    </Paper>
  );
}
