// Loading, error and empty states every screen shows the same way.
import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { serverProblem } from './pb';

export function Loading(props: { label: string }) {
  return (
    <Group gap="sm" py="md" role="status">
      <Loader size="sm" aria-hidden="true" />
      <Text size="sm">{props.label}</Text>
    </Group>
  );
}

export function LoadError(props: { error: unknown; onRetry: () => void; what: string }) {
  return (
    <Alert color="red" variant="light" role="alert" title={`Could not load ${props.what}`}>
      <Text size="sm" mb="sm">
        {serverProblem(props.error).message}
      </Text>
      <Button size="xs" variant="default" onClick={props.onRetry}>
        Try again
      </Button>
    </Alert>
  );
}

export function Empty(props: { children: string }) {
  return (
    <Text c="dimmed" py="md">
      {props.children}
    </Text>
  );
}
