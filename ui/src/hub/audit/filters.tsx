// The Audit Log's filters: a form whose values go to the URL on "Apply" (and so survive a reload).
import { Button, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useState } from 'react';
import { type AuditSearch, FILTER_KEYS } from './data';

export function AuditFilters(props: { value: AuditSearch; onApply: (next: AuditSearch) => void }) {
  const [draft, setDraft] = useState<AuditSearch>(props.value);
  const field = (key: Exclude<keyof AuditSearch, 'result'>) => ({
    value: draft[key] ?? '',
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
    },
  });
  return (
    <form
      aria-label="Filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(draft);
      }}
    >
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <TextInput label="From" type="date" {...field('from')} />
        <TextInput label="Before" type="date" {...field('to')} />
        <TextInput label="Actor" description="User id or email" {...field('actor')} />
        <TextInput
          label="Action"
          description="Exact, or a prefix such as user.*"
          {...field('action')}
        />
        <TextInput label="Target type" {...field('targetType')} />
        <TextInput label="Target id" {...field('targetId')} />
        <NativeSelect
          label="Result"
          data={[
            { value: '', label: 'Any' },
            { value: 'success', label: 'Success' },
            { value: 'failure', label: 'Failure' },
          ]}
          value={draft.result ?? ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setDraft((d) => ({ ...d, result: v === 'success' || v === 'failure' ? v : undefined }));
          }}
        />
      </SimpleGrid>
      <Group mt="sm" gap="sm">
        <Button type="submit">Apply filters</Button>
        <Button
          variant="default"
          onClick={() => {
            const empty = Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]));
            setDraft({});
            props.onApply(empty);
          }}
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}
