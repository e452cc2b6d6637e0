// The navigation's "Admin" section: one heading, then each admin screen the user's grants reach
// (GET /api/access/me); the server still refuses everyone else.
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { RouterNavLink } from '../shared/nav-link';
import { mayReadAudit } from './audit/data';
import { grantsQuery } from './records/data';

export function AdminNav(props: { pathname: string; onNavigate: () => void }) {
  const grants = useQuery(grantsQuery);
  const entries = [
    {
      to: '/admin/access-review' as const,
      label: 'Access Review',
      shown: !!grants.data?.admin?.actions.includes('users.manage'),
    },
    { to: '/admin/audit' as const, label: 'Audit Log', shown: mayReadAudit(grants.data) },
  ].filter((e) => e.shown);
  if (entries.length === 0) return null;
  return (
    <>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt="md" pb={4}>
        Admin
      </Text>
      {entries.map((e) => (
        <RouterNavLink
          key={e.to}
          to={e.to}
          label={e.label}
          active={props.pathname.startsWith(e.to)}
          onClick={props.onNavigate}
        />
      ))}
    </>
  );
}
