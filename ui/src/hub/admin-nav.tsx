// The navigation's "Admin" section: one heading, then each admin screen the user's grants reach
// (GET /api/access/me); the server still refuses everyone else. "Users & Access" holds Users,
// Groups, Roles and Service Accounts (one header links them, as the seed's Admin > Users & Access).
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { RouterNavLink } from '../shared/nav-link';
import { USERS_ACCESS_SECTIONS, hasAdmin, sectionsFor } from './admin/sections';
import { mayReadAudit } from './audit/data';
import { grantsQuery } from './records/data';

export function AdminNav(props: { pathname: string; onNavigate: () => void }) {
  const grants = useQuery(grantsQuery);
  const sections = sectionsFor(grants.data);
  const first = USERS_ACCESS_SECTIONS.find((s) => sections.includes(s.key));
  const entries = [
    ...(first
      ? [
          {
            to: first.to,
            label: 'Users & Access',
            active: USERS_ACCESS_SECTIONS.some((s) => props.pathname.startsWith(s.to)),
          },
        ]
      : []),
    ...(mayReadAudit(grants.data)
      ? [{ to: '/admin/audit' as const, label: 'Audit Log', active: false }]
      : []),
    ...(hasAdmin(grants.data, 'users.manage')
      ? [{ to: '/admin/access-review' as const, label: 'Access Review', active: false }]
      : []),
  ].map((e) => ({ ...e, active: e.active || props.pathname.startsWith(e.to) }));
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
          active={e.active}
          onClick={props.onNavigate}
        />
      ))}
    </>
  );
}
