// A relation field's picker: searches the target collection on the server (its text fields, 20 at
// a time, no count) so records that are not loaded can be found; the chosen ones stay listed.
import { type OptionsFilter, MultiSelect, Select } from '@mantine/core';
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

/** The server already searched: the options are shown as it answered them. */
const showAsAnswered: OptionsFilter = ({ options }) => options;

/**
 * What both pickers share: the search typed, the server's answers once the dropdown opened, and
 * the options shown (the record's own, those picked since, then the answers).
 */
function usePicker(props: PickerProps) {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const { results, display, others } = useOptions(props.target, search, opened);
  const known = useMemo(
    () => props.known.map((r) => optionOf(r, display, others)),
    [props.known, display, others],
  );
  const [picked, setPicked] = useState<Option[]>([]);
  const data = mergeOptions(known, picked, results.data ?? []);
  const common = {
    label: props.label,
    required: props.required,
    error: props.error,
    disabled: props.disabled,
    placeholder: `Search ${props.target?.name ?? ''}…`,
    data,
    searchable: true,
    searchValue: search,
    onSearchChange: setSearch,
    onDropdownOpen: () => {
      setOpened(true);
    },
    filter: showAsAnswered,
    nothingFoundMessage: results.isFetching ? 'Searching…' : 'Nothing found',
  };
  return { data, picked, setPicked, common };
}

export function RelationSelect(
  props: PickerProps & { value: string | null; onChange: (value: string | null) => void },
) {
  const { data, setPicked, common } = usePicker(props);
  return (
    <Select
      {...common}
      value={props.value}
      onChange={(value) => {
        const option = data.find((o) => o.value === value);
        if (option) setPicked([option]);
        props.onChange(value);
      }}
      clearable={!props.required}
    />
  );
}

export function RelationMultiSelect(
  props: PickerProps & { value: string[]; onChange: (value: string[]) => void },
) {
  const { data, picked, setPicked, common } = usePicker(props);
  return (
    <MultiSelect
      {...common}
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
    />
  );
}
