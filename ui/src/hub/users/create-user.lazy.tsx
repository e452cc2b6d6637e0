// Admin > Users & Access > Users > Create User (issue 16, item 1), for holders of admin:users.manage.
import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { Loading } from '../../shared/states';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { grantsQuery } from '../records/data';
import { CreateUserForm } from './create-user-form';

function CreateUserPage() {
  const grants = useQuery(grantsQuery);
  return (
    <Stack gap="md">
      <UsersAccessHeader current="users" />
      <Title order={2}>Create User</Title>
      {grants.isPending ? (
        <Loading label="Loading…" />
      ) : hasAdmin(grants.data, 'users.manage') ? (
        <CreateUserForm />
      ) : (
        <Text>Creating users needs admin.users.manage.</Text>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/users/new')({ component: CreateUserPage });
