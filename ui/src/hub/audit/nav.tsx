// The navigation's "Admin" section with "Audit Log", shown only to those whose grants read the audit.
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { RouterNavLink } from '../../shared/nav-link';
import { grantsQuery } from '../records/data';
import { mayReadAudit } from './data';

export function AuditNavLink(props: { pathname: string; onClick: () => void }) {
  const grants = useQuery(grantsQuery);
  if (!mayReadAudit(grants.data)) return null;
  return (
    <>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
        Admin
      </Text>
      <RouterNavLink
        to="/admin/audit"
        label="Audit Log"
        active={props.pathname.startsWith('/admin/audit')}
        onClick={props.onClick}
      />
    </>
  );
}
