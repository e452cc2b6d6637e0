// The Generate Token dialog: name, expiry (90 days unless chosen), optional scopes from what you hold;
// then the secret, shown once with a copy button. Closing the dialog forgets the secret. By default
// for the signed-in user's own tokens; `target` makes it mint for another account (a service account).
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
  permissions?: Record<string, { actions: string[]; scope: string } | undefined>;
}

/** Whose token is made: where it is posted, whose grants bound its scopes, which list to refresh. */
export interface TokenTarget {
  /** POST here (default /api/tokens: the caller's own). */
  post: string;
  /** GET here answers `{ permissions }`: the only scopes the token may have. */
  grants: string;
  /** The query to refresh once it is made. */
  queryKey: readonly unknown[];
  /** Words for the account's own permissions ("All its permissions"). */
  allScopes: string;
  /** Example of what uses it, for the name's description. */
  example?: string;
}

const OWN: TokenTarget = {
  post: '/api/tokens',
  grants: '/api/access/me',
  queryKey: ['tokens'],
  allScopes: 'All your permissions',
};

/** module:action pairs the account holds: the only scopes a token may have. */
function useHeldScopes(grants: string) {
  return useQuery({
    queryKey: grants === OWN.grants ? ['access-me'] : ['token-scopes', grants],
    queryFn: async ({ signal }) => {
      const me = await pb.send<Effective>(grants, { signal });
      return Object.entries(me.permissions ?? {}).flatMap(([module, grant]) =>
        (grant?.actions ?? []).map((action) => `${module}:${action}`),
      );
    },
  });
}

function TokenForm(props: {
  target: TokenTarget;
  onCreated: (token: ApiToken & { token: string }) => void;
}) {
  const { target } = props;
  const queryClient = useQueryClient();
  const scopes = useHeldScopes(target.grants);
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
          const created = await pb.send<ApiToken & { token: string }>(target.post, {
            method: 'POST',
            body: {
              name: values.name.trim(),
              expiresAt,
              ...(values.scopes.length ? { scopes: values.scopes } : {}),
            },
          });
          await queryClient.invalidateQueries({ queryKey: target.queryKey });
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
          description={`What uses it, e.g. “${target.example ?? 'Jenkins CI Bot'}”.`}
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
          description={`Leave empty for ${target.allScopes.toLowerCase()}; pick some to narrow the token.`}
          placeholder={scopes.isPending ? 'Loading permissions…' : target.allScopes}
          data={scopes.data ?? []}
          searchable
          clearable
          nothingFoundMessage={
            target === OWN ? 'You hold no such permission' : 'No such permission held'
          }
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

export function GenerateTokenModal(props: {
  opened: boolean;
  onClose: () => void;
  target?: TokenTarget;
}) {
  const target = props.target ?? OWN;
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
      title={
        created ? (target === OWN ? 'Your new API token' : 'The new API token') : 'Generate Token'
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
      closeOnClickOutside={!created}
      size="lg"
    >
      {created ? (
        <Secret token={created} onDone={close} />
      ) : (
        <TokenForm target={target} onCreated={setCreated} />
      )}
    </Modal>
  );
}
