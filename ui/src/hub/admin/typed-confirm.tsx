// The end of a delete confirmation that makes you type a name: the field (focused when the dialog
// opens), the server's refusal, and Cancel / Confirm (Confirm only once the typed text matches).
import { Alert, Button, Group, TextInput } from '@mantine/core';
import { serverProblem } from '../../shared/pb';

export function TypedConfirm(props: {
  /** What must be typed (shown in the label). */
  phrase: string;
  typed: string;
  onTyped: (value: string) => void;
  matches: boolean;
  pending: boolean;
  /** The refused request's error, if any. */
  error: unknown;
  onCancel: () => void;
}) {
  return (
    <>
      <TextInput
        label={`Type ${props.phrase} to confirm`}
        autoComplete="off"
        data-autofocus
        value={props.typed}
        onChange={(e) => {
          props.onTyped(e.currentTarget.value);
        }}
      />
      {props.error ? (
        <Alert color="red" variant="light" role="alert" title="Not deleted">
          {serverProblem(props.error).message}
        </Alert>
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button type="submit" color="red.9" disabled={!props.matches} loading={props.pending}>
          Confirm
        </Button>
      </Group>
    </>
  );
}
