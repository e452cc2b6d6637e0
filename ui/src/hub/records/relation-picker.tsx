// A relation field's picker: searches the target collection on the server (its text fields, 20 at
// a time, no count) so records that are not loaded can be found; the chosen ones stay listed.
import { MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { pb } from '../pb';
import { searchFilter } from './filter';
import { type Option, mergeOptions, optionOf } from './options';
import { type CollectionModel, displayField, searchFields } from './schema';

interface PickerProps {
  label: string;
  target: CollectionModel | undefined;
  required: boolean;
  error?: string;
  disabled?: boolean;
  /** The chosen records as the record's expand gave them. */
  known: readonly Record<string, unknown>[];
}

function useOptions(target: CollectionModel | undefined, search: string, enabled: boolean) {
  const [term] = useDebouncedValue(search, 250);
  const display = target ? displayField(target) : 'id';
  const fields = useMemo(() => (target ? searchFields(target) : []), [target]);
  const others = useMemo(() => fields.filter((f) => f !== display), [fields, display]);
  const results = useQuery({
    queryKey: ['relation-options', target?.name, term],
    enabled: enabled && !!target,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const name = target?.name ?? '';
      const page = await pb.collection(name).getList(1, 20, {
        filter: searchFilter(fields, term, (raw, p) => pb.filter(raw, p)),
        fields: ['id', display, ...others].join(','),
        skipTotal: true,
        signal,
      });
      return page.items.map((r) => optionOf(r, display, others));
    },
  });
  return { results, display, others };
}

export function RelationSelect(
  props: PickerProps & { value: string | null; onChange: (value: string | null) => void },
) {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const { results, display, others } = useOptions(props.target, search, opened);
  const known = useMemo(
    () => props.known.map((r) => optionOf(r, display, others)),
    [props.known, display, others],
  );
  const [picked, setPicked] = useState<Option[]>([]);
  const data = mergeOptions(known, picked, results.data ?? []);
  return (
    <Select
      label={props.label}
      required={props.required}
      error={props.error}
      disabled={props.disabled}
      placeholder={`Search ${props.target?.name ?? ''}…`}
      data={data}
      value={props.value}
      onChange={(value) => {
        const option = data.find((o) => o.value === value);
        if (option) setPicked([option]);
        props.onChange(value);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => {
        setOpened(true);
      }}
      // The server already searched: show what it answered.
      filter={({ options }) => options}
      clearable={!props.required}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'Nothing found'}
    />
  );
}

export function RelationMultiSelect(
  props: PickerProps & { value: string[]; onChange: (value: string[]) => void },
) {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const { results, display, others } = useOptions(props.target, search, opened);
  const known = useMemo(
    () => props.known.map((r) => optionOf(r, display, others)),
    [props.known, display, others],
  );
  const [picked, setPicked] = useState<Option[]>([]);
  const data = mergeOptions(known, picked, results.data ?? []);
  return (
    <MultiSelect
      label={props.label}
      required={props.required}
      error={props.error}
      disabled={props.disabled}
      placeholder={`Search ${props.target?.name ?? ''}…`}
      data={data}
      value={props.value}
      onChange={(value) => {
        setPicked(
          mergeOptions(
            picked,
            data.filter((o) => value.includes(o.value)),
          ),
        );
        props.onChange(value);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => {
        setOpened(true);
      }}
      filter={({ options }) => options}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'Nothing found'}
    />
  );
}
