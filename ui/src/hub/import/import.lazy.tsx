// Placeholder, replaced by the screen's own change.
import { Stack } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';
import { UsersAccessHeader } from '../admin/users-access-header';

function Page() {
  return (
    <Stack gap="md">
      <UsersAccessHeader current="users" />
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/users/import')({ component: Page });
