// An explanation as chains: "Alice → Senior Consultants → Security Team → role Lead → projects.edit
// (shared)", one per path the server found, with how it reaches the user.
import { Group, List, Stack, Text } from '@mantine/core';
import type { Explanation } from './data';
import { stepsOf, viaLabel } from './explain-words';

export function Chain(props: { steps: readonly string[] }) {
  return (
    <Group gap={6} wrap="wrap" component="span">
      {props.steps.map((step, i) => (
        <Group key={`${String(i)}-${step}`} gap={6} wrap="nowrap" component="span">
          {i > 0 ? (
            <Text span size="sm" c="dimmed">
              →
            </Text>
          ) : null}
          <Text span size="sm" fw={i === props.steps.length - 1 ? 600 : undefined}>
            {step}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

export function ExplainPaths(props: {
  explanation: Explanation;
  userId: string;
  userName: string;
}) {
  const { reasons } = props.explanation;
  if (reasons.length === 0) return null;
  return (
    <List spacing="xs" listStyleType="none" aria-label="Paths" styles={{ root: { padding: 0 } }}>
      {reasons.map((r, i) => (
        <List.Item key={`${String(i)}-${r.path.join('|')}`}>
          <Stack gap={2}>
            <Text size="xs" fw={600} tt="uppercase">
              {viaLabel(r.via)}
            </Text>
            <Chain steps={stepsOf(r.path, props.userId, props.userName)} />
          </Stack>
        </List.Item>
      ))}
    </List>
  );
}
