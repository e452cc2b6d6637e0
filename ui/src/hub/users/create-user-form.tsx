// The Create User form, as the seed writes it: Full Name, Email Address, Password (or OAuth-only:
// no password, sign-in through an OAuth provider only), Groups (searched as paths), Role (the roles
// the caller may assign), Save. The server's refusals show on their field (duplicate email, the
// level guard on the role or on a group's role) and in an alert.
import { Alert, Button, Group, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { emailSchema } from '../../../../src/accounts/users.schema';
import { serverProblem } from '../../shared/pb';
import { PasswordField } from '../../shared/password-field';
import { fieldRule } from '../../shared/validate';
import { GroupPicker } from '../admin/group-picker';
import { usePasswordRule } from '../password-rule';
import { myLevelQuery } from '../roles/data';
import { rolesQuery } from '../user-details/data';
import { createUser } from './data';
import { assignableRoles } from './roles';

const validEmail = fieldRule(emailSchema, 'Enter a valid email address.');

interface Values {
  name: string;
  email: string;
  oauthOnly: boolean;
  password: string;
  groups: string[];
  role: string;
}

export function CreateUserForm() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery);
  const me = useQuery(myLevelQuery);
  const passwordRule = usePasswordRule();
  const [refusal, setRefusal] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { name: '', email: '', oauthOnly: false, password: '', groups: [], role: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the full name.'),
      email: validEmail,
      password: (v, values) => (values.oauthOnly ? null : passwordRule.rule(v)),
    },
  });
  const offered = assignableRoles(roles.data ?? [], me.data);
  const roleData = offered.map((r) => ({
    value: r.name,
    label: `${r.name} (level ${String(r.level)})`,
  }));

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        if (busy) return;
        setBusy(true);
        setRefusal('');
        try {
          const created = await createUser({
            name: values.name.trim(),
            email: values.email.trim(),
            ...(values.oauthOnly
              ? {}
              : { password: values.password, passwordConfirm: values.password }),
            groups: values.groups,
            ...(values.role ? { role: values.role } : {}),
          });
          await queryClient.invalidateQueries({ queryKey: ['admin-users'] });
          notifications.show({ color: 'green', message: `${values.name.trim()} created.` });
          void navigate({ to: '/admin/users/$id', params: { id: created.id } });
        } catch (e) {
          const problem = serverProblem(e);
          setRefusal(problem.message);
          form.setErrors(problem.fields);
        } finally {
          setBusy(false);
        }
      })}
    >
      <Stack gap="md" maw={560}>
        <TextInput label="Full Name" autoComplete="off" required {...form.getInputProps('name')} />
        <TextInput
          label="Email Address"
          type="email"
          autoComplete="off"
          required
          {...form.getInputProps('email')}
        />
        <Switch
          label="OAuth-only"
          description="No password: the user signs in through an OAuth provider only."
          {...form.getInputProps('oauthOnly', { type: 'checkbox' })}
        />
        {form.values.oauthOnly ? null : (
          <PasswordField
            label="Password"
            description={passwordRule.hint}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
        )}
        <GroupPicker
          label="Groups"
          description="The user's roles come with every group and the groups above it."
          value={form.values.groups}
          onChange={(ids) => {
            form.setFieldValue('groups', ids);
          }}
          error={form.errors.groups as string | undefined}
        />
        <Select
          label="Role"
          description="The direct role; roles from groups add to it. Empty: the default role."
          placeholder="Default role"
          data={roleData}
          searchable
          clearable
          nothingFoundMessage={roles.isError ? 'Could not load roles' : 'No role matches'}
          value={form.values.role || null}
          error={form.errors.role}
          onChange={(value) => {
            form.setFieldValue('role', value ?? '');
          }}
        />
        {refusal ? (
          <Alert color="red" variant="light" role="alert" title="Not saved">
            {refusal}
          </Alert>
        ) : null}
        <Group gap="sm">
          <Button type="submit" loading={busy}>
            Save
          </Button>
          <Button
            variant="default"
            disabled={busy}
            onClick={() => {
              void navigate({ to: '/admin/users' });
            }}
          >
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
