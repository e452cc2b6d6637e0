// Previous/Next paging under a list, with where you are ("Page 2 of 40 (1,987 rows)").
import { Button, Group, Text } from '@mantine/core';

/** The Previous page / Next page buttons alone, for a list that says where you are its own way. */
export function PageButtons(props: {
  page: number;
  totalPages: number;
  onPage: (page: number) => void;
}) {
  const { page, totalPages } = props;
  return (
    <Group gap="xs">
      <Button
        variant="default"
        size="xs"
        disabled={page <= 1}
        onClick={() => {
          props.onPage(page - 1);
        }}
      >
        Previous page
      </Button>
      <Button
        variant="default"
        size="xs"
        disabled={page >= totalPages}
        onClick={() => {
          props.onPage(page + 1);
        }}
      >
        Next page
      </Button>
    </Group>
  );
}

export function Pager(props: {
  page: number;
  totalPages: number;
  totalItems: number;
  noun: string;
  onPage: (page: number) => void;
}) {
  const { page, totalPages } = props;
  if (totalPages <= 1) return null;
  return (
    <Group justify="space-between" gap="sm">
      <Text size="sm">
        Page {page} of {totalPages} ({new Intl.NumberFormat().format(props.totalItems)} {props.noun}
        )
      </Text>
      <PageButtons page={page} totalPages={totalPages} onPage={props.onPage} />
    </Group>
  );
}
