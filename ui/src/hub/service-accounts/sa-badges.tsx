// Small pieces the service accounts list and details share: the status badge and group paths.
import { Badge, Text } from '@mantine/core';

export function SaStatusBadge(props: { status: string; size?: 'sm' | 'lg' }) {
  const active = props.status === 'active';
  return (
    <Badge variant="dot" color={active ? 'green' : 'gray'} size={props.size ?? 'sm'} tt="none">
      {active ? 'Active' : 'Disabled'}
    </Badge>
  );
}

/** The groups as paths ("Automation / CI"), or "None". */
export function GroupPaths(props: {
  ids: string[];
  paths: ReadonlyMap<string, string> | undefined;
}) {
  if (props.ids.length === 0) return <Text size="sm">None</Text>;
  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
      {props.ids.map((id) => props.paths?.get(id) ?? '…').join(', ')}
    </Text>
  );
}
