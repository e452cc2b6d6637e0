// The Generate Token dialog: name, expiry (90 days unless chosen), optional scopes from what you hold;
// then the secret, shown once with a copy button. Closing the dialog forgets the secret.
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate } from '../../shared/format';
import { serverProblem } from '../../shared/pb';
import { pb } from '../pb';
import type { ApiToken } from './tokens';

const EXPIRY = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never (not recommended)' },
];

/** The ISO time `days` from now (the server refuses a time in the past). */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

interface Effective {
  permissions?: Record<string, { actions: string[]; scope: string }>;
}

/** module:action pairs the signed-in user holds: the only scopes a token may have. */
function useHeldScopes(enabled: boolean) {
  return useQuery({
    queryKey: ['access-me'],
    enabled,
    queryFn: async ({ signal }) => {
      const me = await pb.send<Effective>('/api/access/me', { signal });
      return Object.entries(me.permissions ?? {}).flatMap(([module, grant]) =>
        grant.actions.map((action) => `${module}:${action}`),
      );
    },
  });
}

function TokenForm(props: { onCreated: (token: ApiToken & { token: string }) => void }) {
  const queryClient = useQueryClient();
  const scopes = useHeldScopes(true);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { name: '', expiry: '90', scopes: [] as string[] },
    validate: { name: (v) => (v.trim() === '' ? 'Give the token a name.' : null) },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        if (busy) return;
        setBusy(true);
        setError('');
        try {
          const expiresAt =
            values.expiry === 'never' ? 'never' : daysFromNow(Number(values.expiry));
          const created = await pb.send<ApiToken & { token: string }>('/api/tokens', {
            method: 'POST',
            body: {
              name: values.name.trim(),
              expiresAt,
              ...(values.scopes.length ? { scopes: values.scopes } : {}),
            },
          });
          await queryClient.invalidateQueries({ queryKey: ['tokens'] });
          props.onCreated(created);
        } catch (e) {
          const problem = serverProblem(e);
          setError(problem.message);
          form.setErrors(problem.fields);
        } finally {
          setBusy(false);
        }
      })}
    >
      <Stack gap="md">
        <TextInput
          label="Token name"
          description="What uses it, e.g. “Jenkins CI Bot”."
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Select
          label="Expiration"
          data={EXPIRY}
          allowDeselect={false}
          {...form.getInputProps('expiry')}
        />
        <MultiSelect
          label="Scopes (optional)"
          description="Leave empty for all your permissions; pick some to narrow the token."
          placeholder={scopes.isPending ? 'Loading your permissions…' : 'All your permissions'}
          data={scopes.data ?? []}
          searchable
          clearable
          nothingFoundMessage="You hold no such permission"
          {...form.getInputProps('scopes')}
        />
        {error ? (
          <Alert color="red" variant="light" role="alert" title="Token not created">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Generate Token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Secret(props: { token: ApiToken & { token: string }; onDone: () => void }) {
  const { token } = props;
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" title="Copy this token now">
        This is the only time it is shown. Store it somewhere safe: Gatehouse keeps only a hash.
      </Alert>
      <Text size="sm">
        <b>{token.name}</b>, expires {token.expiresAt ? formatDate(token.expiresAt) : 'never'}
      </Text>
      <Code
        block
        aria-label="New API token"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {token.token}
      </Code>
      <Group justify="flex-end">
        <CopyButton value={token.token}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy token'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={props.onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

export function GenerateTokenModal(props: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<(ApiToken & { token: string }) | null>(null);
  const close = () => {
    // The secret leaves memory with the dialog.
    setCreated(null);
    props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={created ? 'Your new API token' : 'Generate Token'}
      closeButtonProps={{ 'aria-label': 'Close' }}
      closeOnClickOutside={!created}
      size="lg"
    >
      {created ? <Secret token={created} onDone={close} /> : <TokenForm onCreated={setCreated} />}
    </Modal>
  );
}
