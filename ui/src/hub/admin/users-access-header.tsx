// The "Users & Access" page header (Admin > Users & Access > Users | Groups | Roles | Service
// Accounts): the seed's path as a title, and one link per section the user's grants reach.
import { Group, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { grantsQuery } from '../records/data';
import { RouterButton } from '../records/links';
import { USERS_ACCESS_SECTIONS, type UsersAccessSection, sectionsFor } from './sections';

export function UsersAccessHeader(props: { current: UsersAccessSection; actions?: ReactNode }) {
  const grants = useQuery(grantsQuery);
  const shown = sectionsFor(grants.data);
  return (
    <>
      <Group justify="space-between" align="center" gap="sm">
        <Title order={1}>Users &amp; Access</Title>
        {props.actions ? <Group gap="sm">{props.actions}</Group> : null}
      </Group>
      <Group component="nav" aria-label="Users & Access" gap={4} wrap="wrap">
        {USERS_ACCESS_SECTIONS.filter((s) => shown.includes(s.key)).map((s) => (
          <RouterButton
            key={s.key}
            to={s.to}
            size="compact-md"
            variant={s.key === props.current ? 'light' : 'subtle'}
            aria-current={s.key === props.current ? 'page' : undefined}
          >
            {s.label}
          </RouterButton>
        ))}
      </Group>
    </>
  );
}
