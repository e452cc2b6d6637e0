// A delete confirmation that makes you type a name: what is removed and what is kept, the field
// (focused when the dialog opens), the server's refusal, and Cancel / Confirm (Confirm, and Enter,
// only once the typed text matches). Users and service accounts use it.
import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { serverProblem } from '../../shared/pb';

function Lines(props: { heading: string; lines: readonly string[] }) {
  return (
    <>
      <Text size="sm" fw={600}>
        {props.heading}
      </Text>
      <List size="sm" spacing={2}>
        {props.lines.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
    </>
  );
}

export function TypedDeleteDialog(props: {
  opened: boolean;
  /** Called when the dialog closes without deleting (reset the delete's state there). */
  onClose: () => void;
  title: string;
  removed: readonly string[];
  kept?: readonly string[];
  /** A last sentence: that it cannot be undone, and the gentler alternative. */
  note: string;
  /** What must be typed (shown in the label). */
  phrase: string;
  /** Whether case counts when comparing what was typed (an email's does not). */
  ignoreCase?: boolean;
  onConfirm: () => void;
  pending: boolean;
  /** The refused delete's error, if any. */
  error: unknown;
}) {
  const [typed, setTyped] = useState('');
  const fold = (s: string) => (props.ignoreCase ? s.toLowerCase() : s);
  const matches = fold(typed.trim()) === fold(props.phrase);
  const close = () => {
    setTyped('');
    props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={props.title}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches && !props.pending) props.onConfirm();
        }}
      >
        <Stack gap="sm">
          <Lines heading="Removed:" lines={props.removed} />
          {props.kept ? <Lines heading="Kept:" lines={props.kept} /> : null}
          <Text size="sm">{props.note}</Text>
          <TextInput
            label={`Type ${props.phrase} to confirm`}
            autoComplete="off"
            data-autofocus
            value={typed}
            onChange={(e) => {
              setTyped(e.currentTarget.value);
            }}
          />
          {props.error ? (
            <Alert color="red" variant="light" role="alert" title="Not deleted">
              {serverProblem(props.error).message}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red.9" disabled={!matches} loading={props.pending}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
