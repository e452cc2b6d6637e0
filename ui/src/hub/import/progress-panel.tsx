// A progress bar for the slow parts of an import: the upload's bytes (a percentage) and the
// server's work (indeterminate: a progressbar without a value, as ARIA defines it).
import { Paper, Progress, Stack, Text } from '@mantine/core';
import { useId } from 'react';

export function ProgressPanel(props: { label: string; percent: number | null }) {
  const id = useId();
  const { percent } = props;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap={6}>
        <Text size="sm" id={id} aria-live="polite">
          {props.label}
        </Text>
        <Progress.Root size="lg">
          <Progress.Section
            withAria={false}
            role="progressbar"
            aria-labelledby={id}
            aria-valuemin={0}
            aria-valuemax={100}
            {...(percent === null
              ? {}
              : { 'aria-valuenow': percent, 'aria-valuetext': `${percent}%` })}
            value={percent ?? 100}
            striped={percent === null}
            animated={percent === null}
          />
        </Progress.Root>
      </Stack>
    </Paper>
  );
}
