// The Details tab's form: Full Name, Email Address, Groups, role and Account Status, saved with
// Save Changes (only the changed fields). A change of groups or role shows who gains and loses what
// before it is saved; the server's refusals (the level guard) and field errors show where they belong.
import {
  Alert,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { emailSchema } from '../../../../src/accounts/users.schema';
import { serverProblem } from '../../shared/pb';
import { fieldRule } from '../../shared/validate';
import { GroupPicker } from '../admin/group-picker';
import { type PreviewChange, WhatIf } from '../admin/what-if';
import { pb } from '../pb';
import {
  type DetailsValues,
  type UserRecord,
  changedFields,
  rolesQuery,
  userKey,
  valuesOf,
} from './data';

const validEmail = fieldRule(emailSchema, 'Enter a valid email address.');

export const DISABLED_NOTE =
  'Disabled users cannot sign in; their data and history are preserved; their sessions and API tokens stop working. Disabling revokes their API tokens for good: enabling the account again does not bring them back.';

/** The what-if change for the form: groups and role as they would be saved, or null when neither changes. */
function previewOf(id: string, changed: Partial<DetailsValues>): PreviewChange | null {
  if (changed.groups === undefined && changed.role === undefined) return null;
  return {
    type: 'user',
    id,
    ...(changed.groups !== undefined ? { groups: changed.groups } : {}),
    ...(changed.role ? { role: changed.role } : {}),
  };
}

export function DetailsForm(props: { user: UserRecord }) {
  const { user } = props;
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery);
  const emailKnown = user.email !== '';
  const [stored, setStored] = useState(() => valuesOf(user));
  const [refusal, setRefusal] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm<DetailsValues>({
    initialValues: stored,
    // An email the caller may not see comes as '' and is not sent back: nothing to check.
    validate: { email: (v) => (emailKnown ? validEmail(v) : null) },
  });
  const changed = changedFields(stored, form.values);
  const dirty = Object.keys(changed).length > 0;
  const roleData = (roles.data ?? []).map((r) => ({
    value: r.name,
    label: `${r.name} (level ${String(r.level)})`,
  }));
  if (user.role && !roleData.some((r) => r.value === user.role))
    roleData.unshift({ value: user.role, label: user.role });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        const body = changedFields(stored, values);
        if (busy || Object.keys(body).length === 0) return;
        setBusy(true);
        setRefusal('');
        try {
          const saved = await pb.collection('users').update<UserRecord>(user.id, body);
          queryClient.setQueryData(userKey(user.id), saved);
          await queryClient.invalidateQueries({ queryKey: userKey(user.id) });
          const next = valuesOf(saved);
          setStored(next);
          form.setValues(next);
          form.resetDirty(next);
          notifications.show({ color: 'green', message: 'Changes saved.' });
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
        <TextInput label="Full Name" autoComplete="off" {...form.getInputProps('name')} />
        {emailKnown ? (
          <TextInput
            label="Email Address"
            type="email"
            autoComplete="off"
            required
            {...form.getInputProps('email')}
          />
        ) : (
          <TextInput
            label="Email Address"
            value=""
            placeholder="Hidden"
            description="This user does not show their email to you."
            disabled
          />
        )}
        <GroupPicker
          label="Groups"
          description="Their roles come with every group and the groups above it."
          value={form.values.groups}
          onChange={(ids) => {
            form.setFieldValue('groups', ids);
          }}
          error={form.errors.groups as string | undefined}
        />
        <Select
          label="Role"
          description="The direct role; roles from groups add to it."
          data={roleData}
          searchable
          nothingFoundMessage={roles.isError ? 'Could not load roles' : 'No role matches'}
          allowDeselect={false}
          value={form.values.role || null}
          error={form.errors.role}
          onChange={(value: string | null) => {
            if (value !== null) form.setFieldValue('role', value);
          }}
        />
        <div>
          <Text id="account-status-label" size="sm" fw={500} mb={4}>
            Account Status
          </Text>
          <SegmentedControl
            aria-labelledby="account-status-label"
            aria-describedby="account-status-note"
            data={[
              { value: 'active', label: 'Active' },
              { value: 'disabled', label: 'Disabled' },
            ]}
            value={form.values.status}
            onChange={(value) => {
              form.setFieldValue('status', value === 'disabled' ? 'disabled' : 'active');
            }}
          />
          <Text id="account-status-note" size="sm" c="dimmed" mt={4}>
            {DISABLED_NOTE}
          </Text>
          {form.errors.status ? (
            <Text size="sm" c="red.8" mt={4}>
              {form.errors.status}
            </Text>
          ) : null}
        </div>
        <WhatIf change={previewOf(user.id, changed)} />
        {refusal ? (
          <Alert color="red" variant="light" role="alert" title="Not saved">
            {refusal}
          </Alert>
        ) : null}
        <Group gap="sm">
          <Button type="submit" loading={busy} disabled={!dirty}>
            Save Changes
          </Button>
          {dirty ? (
            <Button
              variant="default"
              disabled={busy}
              onClick={() => {
                form.setValues(stored);
                form.clearErrors();
                setRefusal('');
              }}
            >
              Discard changes
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
