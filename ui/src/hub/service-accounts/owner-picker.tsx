// Choosing a service account's owner: a person, searched on the server by name or email (a
// directory of any size offers what was typed), or none.
import { type OptionsFilter, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { peopleQuery, personLabel, personQuery } from './data';

/** The server already matched: show its answer as is. */
const asAnswered: OptionsFilter = ({ options }) => options;

export function OwnerPicker(props: {
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  description?: string;
  disabled?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const chosen = useQuery({ ...personQuery(props.value ?? ''), enabled: props.value !== null });
  const chosenLabel = chosen.data ? personLabel(chosen.data) : undefined;
  // The chosen owner's label in the search box is not a search: offer the first people.
  const matches = useQuery(peopleQuery(debounced === chosenLabel ? '' : debounced));
  const data: { value: string; label: string }[] = [];
  if (props.value !== null)
    data.push({
      value: props.value,
      label: chosenLabel ?? (chosen.isError ? 'Unknown user' : 'Loading…'),
    });
  for (const p of matches.data ?? [])
    if (p.id !== props.value) data.push({ value: p.id, label: personLabel(p) });
  return (
    <Select
      label="Owner"
      description={props.description}
      placeholder="Search people by name or email"
      data={data}
      value={props.value}
      onChange={props.onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={asAnswered}
      nothingFoundMessage={matches.isFetching ? 'Searching…' : 'Nobody matches'}
      clearable
      disabled={props.disabled}
      error={props.error}
    />
  );
}
