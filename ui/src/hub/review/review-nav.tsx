// The navigation's "Admin" section entry for the access review: shown only to holders of
// admin:users.manage (GET /api/access/me); the server still refuses everyone else.
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { RouterNavLink } from '../../shared/nav-link';
import { grantsQuery } from '../records/data';

export function ReviewNav(props: { pathname: string; onNavigate: () => void }) {
  const grants = useQuery(grantsQuery);
  if (!grants.data?.admin?.actions.includes('users.manage')) return null;
  return (
    <>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt="md" pb={4}>
        Admin
      </Text>
      <RouterNavLink
        to="/admin/access-review"
        label="Access Review"
        active={props.pathname.startsWith('/admin/access-review')}
        onClick={props.onNavigate}
      />
    </>
  );
}
