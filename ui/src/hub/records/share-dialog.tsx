// Placeholder for the Share dialog (written in parallel on h15/share, which replaces this file).
import { Modal, Text } from '@mantine/core';

export function ShareDialog(props: {
  collection: string;
  recordIds: string[];
  opened: boolean;
  onClose: () => void;
  onShared?: () => void;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Share">
      <Text size="sm">
        Share {props.recordIds.length === 1 ? 'this record' : `${props.recordIds.length} records`}{' '}
        of {props.collection}.
      </Text>
    </Modal>
  );
}
