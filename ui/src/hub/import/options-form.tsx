// The import's three options, in the server's terms (onExisting, onUnknownGroup, invite) and the
// reader's words. Changing one on the Review step runs the dry run again.
import { Group, Radio, Stack } from '@mantine/core';
import type { ImportOptions } from './data';

export function OptionsForm(props: {
  value: ImportOptions;
  onChange: (next: ImportOptions) => void;
  disabled?: boolean;
}) {
  const { value, onChange, disabled } = props;
  return (
    <Stack gap="md">
      <Radio.Group
        label="When an email already has an account"
        value={value.onExisting}
        onChange={(v) => {
          onChange({ ...value, onExisting: v === 'update' ? 'update' : 'skip' });
        }}
      >
        <Group gap="lg" mt={6}>
          <Radio value="skip" label="Skip the row" disabled={disabled} />
          <Radio
            value="update"
            label="Update the account (name, role, groups, password)"
            disabled={disabled}
          />
        </Group>
      </Radio.Group>
      <Radio.Group
        label="When a group does not exist"
        value={value.onUnknownGroup}
        onChange={(v) => {
          onChange({ ...value, onUnknownGroup: v === 'create' ? 'create' : 'error' });
        }}
      >
        <Group gap="lg" mt={6}>
          <Radio value="error" label="Mark the row as an error" disabled={disabled} />
          <Radio value="create" label="Create the group" disabled={disabled} />
        </Group>
      </Radio.Group>
      <Radio.Group
        label="New users with no password in the file"
        value={value.invite ? 'invite' : 'none'}
        onChange={(v) => {
          onChange({ ...value, invite: v === 'invite' });
        }}
      >
        <Group gap="lg" mt={6}>
          <Radio value="invite" label="Give them an invitation link" disabled={disabled} />
          <Radio
            value="none"
            label="Create them without a password (sign-in by OAuth only)"
            disabled={disabled}
          />
        </Group>
      </Radio.Group>
    </Stack>
  );
}
