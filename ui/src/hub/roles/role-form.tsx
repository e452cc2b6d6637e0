// A role's Permissions tab: name, description, the level (only levels you may assign offered), the
// permission matrix, the guard rail for system.*, "Before you save" (the server's what-if) and Save.
// The server judges: its refusal is shown as it words it, on the field it names where it names one.
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { type MyLevel, type Role, type RoleInput, myLevelQuery, rolesKey, saveRole } from './data';
import {
  LEVEL_NAMES,
  assignableLevels,
  levelText,
  samePermissions,
  systemNeedsLevelZero,
} from './matrix';
import { MatrixEditor } from './matrix-editor';
import { RoleDelete } from './role-delete';
import { WhatIf } from '../admin/what-if';

/** A new role starts at the lowest level, which anyone who may create roles may give. */
const EMPTY: RoleInput = { name: '', description: '', level: 5, permissions: {} };

function isDirty(stored: RoleInput, draft: RoleInput): boolean {
  return (
    stored.name !== draft.name ||
    stored.description !== draft.description ||
    stored.level !== draft.level ||
    !samePermissions(stored.permissions, draft.permissions)
  );
}

/** Which levels the select offers, in words (the server's rule: yours or below). */
function levelHint(me: MyLevel | undefined): string | undefined {
  if (!me) return undefined;
  if (me.superuser) return 'As a superuser you may give any level.';
  if (me.level === null) return 'You hold no level, so you cannot give one.';
  return `You may give your own level (${levelText(me.level)}) or a lower one.`;
}

/** The server's field errors under the form's fields ("permissions.x.y" goes with the matrix). */
function fieldErrors(fields: Record<string, string>) {
  const permissions = Object.entries(fields)
    .filter(([k]) => k.startsWith('permissions'))
    .map(([, v]) => v);
  return { name: fields.name, level: fields.level, permissions };
}

export function RoleForm(props: { role: Role | null; canManage: boolean }) {
  const { role, canManage } = props;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery(myLevelQuery);
  const stored: RoleInput = role ?? EMPTY;
  const [draft, setDraft] = useState<RoleInput>(() => ({ ...stored }));
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> }>();
  const set = (patch: Partial<RoleInput>) => {
    setDraft((d) => ({ ...d, ...patch }));
  };

  const allowed = me.data ? assignableLevels(me.data) : [];
  const myLevel = me.data?.superuser ? null : (me.data?.level ?? null);
  // A role above you keeps its level shown (the server refuses changing it).
  const levels = [...new Set([...allowed, ...(role ? [role.level] : [])])].sort((a, b) => a - b);
  const aboveMe = role !== null && me.data !== undefined && !allowed.includes(role.level);
  const systemGuard = systemNeedsLevelZero(draft.permissions, draft.level);
  const dirty = isDirty(stored, draft);
  const readOnly = !canManage || aboveMe;

  const save = useMutation({
    mutationFn: () =>
      saveRole(role?.id ?? null, {
        ...draft,
        name: draft.name.trim(),
        description: draft.description.trim(),
      }),
    onSuccess: async (saved) => {
      setProblem(undefined);
      await queryClient.invalidateQueries({ queryKey: rolesKey });
      await queryClient.invalidateQueries({ queryKey: ['access'] });
      if (role) {
        setDraft({ ...saved });
        notifications.show({ color: 'green', message: `Role “${saved.name}” saved.` });
      } else {
        notifications.show({ color: 'green', message: `Role “${saved.name}” created.` });
        void navigate({ to: '/admin/roles/$id', params: { id: saved.id }, replace: true });
      }
    },
    onError: (e: unknown) => {
      setProblem(serverProblem(e));
    },
  });
  const errors = fieldErrors(problem?.fields ?? {});
  const nameMissing = draft.name.trim() === '';

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (save.isPending || readOnly || nameMissing || systemGuard) return;
        save.mutate();
      }}
    >
      <Stack gap="md">
        {aboveMe ? (
          <Alert color="yellow" variant="light" title="Above your level">
            This role is at level {levelText(role.level)}; you (level {myLevel ?? '—'}) can view it
            but not change it.
          </Alert>
        ) : null}
        <Group align="flex-start" gap="md" wrap="wrap">
          <TextInput
            label="Name"
            required
            maw={360}
            w="100%"
            value={draft.name}
            disabled={readOnly}
            error={errors.name}
            onChange={(e) => {
              set({ name: e.currentTarget.value });
            }}
          />
          <NativeSelect
            label="Level"
            maw={360}
            w="100%"
            value={String(draft.level)}
            disabled={readOnly}
            description={readOnly ? undefined : levelHint(me.data)}
            error={
              systemGuard
                ? 'A role granting system.* must be level 0.'
                : (errors.level ?? undefined)
            }
            data={levels.map((l) => ({
              value: String(l),
              label: levelText(l),
              disabled: !allowed.includes(l),
            }))}
            onChange={(e) => {
              set({ level: Number(e.currentTarget.value) });
            }}
          />
        </Group>
        <Textarea
          label="Description"
          maw={740}
          autosize
          minRows={2}
          value={draft.description}
          disabled={readOnly}
          onChange={(e) => {
            set({ description: e.currentTarget.value });
          }}
        />
        <Stack gap={4}>
          <Text fw={600} size="sm" component="h3" m={0}>
            Permissions
          </Text>
          <Text size="sm" c="dimmed">
            Specific module permissions are combined additively across a user’s roles. “Shared”
            covers records the user owns or that are shared with them; “All” covers every record.
            System grants need level 0 ({LEVEL_NAMES[0]}).
            {!readOnly && me.data && !me.data.superuser && me.data.level !== 0
              ? ' Below level 0 you may add only grants you hold yourself, with no wider scope.'
              : ''}
          </Text>
        </Stack>
        <MatrixEditor
          permissions={draft.permissions}
          disabled={readOnly}
          onChange={(permissions) => {
            set({ permissions });
          }}
        />
        {errors.permissions.length ? (
          <Text c="red" size="sm" role="alert">
            {errors.permissions.join(' ')}
          </Text>
        ) : null}
        {problem ? (
          <Alert color="red" variant="light" role="alert" title="Not saved">
            {problem.message}
          </Alert>
        ) : null}
        {role && dirty && !readOnly ? (
          <WhatIf
            change={{
              type: 'role',
              id: role.id,
              permissions: draft.permissions,
              level: draft.level,
            }}
          />
        ) : null}
        {canManage && !aboveMe ? (
          <Group justify="space-between" gap="sm">
            <Group gap="sm">
              <Button
                type="submit"
                loading={save.isPending}
                disabled={(role !== null && !dirty) || nameMissing || systemGuard}
              >
                {role ? 'Save Changes' : 'Save'}
              </Button>
              {role && dirty ? (
                <Button
                  variant="default"
                  onClick={() => {
                    setDraft({ ...role });
                    setProblem(undefined);
                  }}
                >
                  Discard changes
                </Button>
              ) : null}
            </Group>
            {role ? <RoleDelete role={role} /> : null}
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
