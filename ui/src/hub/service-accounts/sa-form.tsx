// The service account form: name, description, owner, groups and role. Creating saves all of it
// (Save); editing PATCHes only what changed (Save Changes), showing first who gains or loses what
// when groups or role change. The server's refusals show on their fields or above the buttons.
import { Alert, Button, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { GroupPicker } from '../admin/group-picker';
import { type PreviewChange, WhatIf } from '../admin/what-if';
import { pb } from '../pb';
import { rolesQuery } from '../user-details/data';
import {
  type SaValues,
  type ServiceAccount,
  changedFields,
  createServiceAccount,
  oneKey,
  saKey,
  updateServiceAccount,
  valuesOf,
} from './data';
import { OwnerPicker } from './owner-picker';

const EMPTY: SaValues = { name: '', description: '', ownerId: null, groups: [], role: '' };

function previewOf(id: string, changed: Partial<SaValues>): PreviewChange | null {
  if (changed.groups === undefined && !changed.role) return null;
  return {
    type: 'user',
    id,
    ...(changed.groups !== undefined ? { groups: changed.groups } : {}),
    ...(changed.role ? { role: changed.role } : {}),
  };
}

function RoleSelect(props: {
  value: string;
  onChange: (role: string) => void;
  error?: string;
  disabled?: boolean;
}) {
  const roles = useQuery(rolesQuery);
  const data = (roles.data ?? []).map((r) => ({
    value: r.name,
    label: `${r.name} (level ${String(r.level)})`,
  }));
  if (props.value && !data.some((r) => r.value === props.value))
    data.unshift({ value: props.value, label: props.value });
  return (
    <Select
      label="Role"
      description="The direct role; leave empty for only what its groups give. Grant the least it needs."
      placeholder="No direct role"
      data={data}
      searchable
      clearable
      nothingFoundMessage={roles.isError ? 'Could not load roles' : 'No role matches'}
      value={props.value || null}
      onChange={(value: string | null) => {
        props.onChange(value ?? '');
      }}
      error={props.error}
      disabled={props.disabled}
    />
  );
}

/** `account` absent: the create form. `manage`: may change owner, groups and role. */
export function ServiceAccountForm(props: { account?: ServiceAccount; manage: boolean }) {
  const { account, manage } = props;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [stored, setStored] = useState<SaValues>(() =>
    account ? valuesOf(account) : { ...EMPTY, ownerId: pb.authStore.record?.id ?? null },
  );
  const [refusal, setRefusal] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm<SaValues>({
    initialValues: stored,
    validate: { name: (v) => (v.trim() === '' ? 'Give the service account a name.' : null) },
    // A refusal is about what was sent: once the form changes it no longer applies.
    onValuesChange: () => {
      setRefusal('');
    },
  });
  const changed = changedFields(stored, form.values);
  const dirty = Object.keys(changed).length > 0;

  const save = async (values: SaValues) => {
    if (busy) return;
    setBusy(true);
    setRefusal('');
    try {
      if (!account) {
        const created = await createServiceAccount(values);
        await queryClient.invalidateQueries({ queryKey: saKey });
        notifications.show({ color: 'green', message: `${created.name} was created.` });
        await navigate({ to: '/admin/service-accounts/$id', params: { id: created.id } });
        return;
      }
      const body = changedFields(stored, values);
      if (Object.keys(body).length === 0) return;
      const saved = await updateServiceAccount(account.id, body);
      queryClient.setQueryData(oneKey(account.id), saved);
      await queryClient.invalidateQueries({ queryKey: saKey });
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
  };

  return (
    <form noValidate onSubmit={form.onSubmit(save)}>
      <Stack gap="md" maw={560}>
        <TextInput
          label="Name"
          description="What uses it, e.g. “Jenkins CI Bot”."
          required
          autoComplete="off"
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Textarea
          label="Description"
          description="What it does and where its tokens live."
          autosize
          minRows={2}
          {...form.getInputProps('description')}
        />
        <OwnerPicker
          description="The person answerable for it; they may see it and manage its tokens."
          value={form.values.ownerId}
          onChange={(id) => {
            form.setFieldValue('ownerId', id);
          }}
          error={form.errors.ownerId as string | undefined}
          disabled={!manage}
        />
        <GroupPicker
          label="Groups"
          description="Its permissions come with every group and the groups above it."
          value={form.values.groups}
          onChange={(ids) => {
            form.setFieldValue('groups', ids);
          }}
          error={form.errors.groups as string | undefined}
          disabled={!manage}
        />
        <RoleSelect
          value={form.values.role}
          onChange={(role) => {
            form.setFieldValue('role', role);
          }}
          error={form.errors.role as string | undefined}
          disabled={!manage}
        />
        {account ? <WhatIf change={previewOf(account.id, changed)} /> : null}
        {refusal ? (
          <Alert color="red" variant="light" role="alert" title="Not saved">
            {refusal}
          </Alert>
        ) : null}
        <Group gap="sm">
          <Button type="submit" loading={busy} disabled={account ? !dirty : false}>
            {account ? 'Save Changes' : 'Save'}
          </Button>
          {account && dirty ? (
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
