// The narrow card the sign-in and first-run pages sit in, with the product name above it.
import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from './color-scheme-toggle';

export function CenteredCard(props: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <Box mih="100dvh" px="md" py="xl" pos="relative">
      <Box pos="absolute" top={16} right={16}>
        <ColorSchemeToggle />
      </Box>
      <Center mih="calc(100dvh - 4rem)">
        <Stack w="100%" maw={420} gap="lg">
          <Stack gap={4} align="center">
            <Text fw={700} size="lg" c="dimmed">
              Gatehouse
            </Text>
            <Title order={1} size="h2" ta="center">
              {props.title}
            </Title>
            {props.subtitle ? (
              <Text c="dimmed" ta="center" size="sm">
                {props.subtitle}
              </Text>
            ) : null}
          </Stack>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            {props.children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
