// A card's label/value pairs as a description list (<dl>): what a table row shows on a narrow screen.
import { Box, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';

export function Details(props: { items: { label: string; value: ReactNode }[] }) {
  return (
    <Box
      component="dl"
      m={0}
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content minmax(0, 1fr)',
        columnGap: 'var(--mantine-spacing-md)',
        rowGap: 'var(--mantine-spacing-xs)',
      }}
    >
      {props.items.map((item) => (
        <Fragment key={item.label}>
          <Text component="dt" size="sm" c="dimmed">
            {item.label}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {item.value}
          </Text>
        </Fragment>
      ))}
    </Box>
  );
}

/** A list of cards (<ul> of <li>), one per item, for screens too narrow for a table. */
export function CardList(props: { label: string; children: ReactNode }) {
  return (
    <Box
      component="ul"
      aria-label={props.label}
      p={0}
      m={0}
      style={{ listStyle: 'none', display: 'grid', gap: 'var(--mantine-spacing-sm)' }}
    >
      {props.children}
    </Box>
  );
}
