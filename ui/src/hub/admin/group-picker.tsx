// Choosing groups by path: a multi-select (GroupPicker) and a single choice (GroupSelect), both
// searched on the server, so a directory of any size offers what was typed, not the first page.
import { MultiSelect, type OptionsFilter, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { pickerData, useGroupOptions, useGroupPaths } from './groups-data';

interface PickerProps {
  label: string;
  description?: string;
  error?: string;
  /** Groups not to offer (e.g. a group itself and its descendants as a new parent). */
  exclude?: string[];
  placeholder?: string;
  disabled?: boolean;
}

/** The server already matched: show its answer as is. */
const asAnswered: OptionsFilter = ({ options }) => options;

function useSearchedGroups(chosen: readonly string[], exclude: readonly string[] | undefined) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  // The paths of options picked here, kept so a choice never shows its id while its path loads.
  const [picked, setPicked] = useState<ReadonlyMap<string, string>>(new Map());
  const loaded = useGroupPaths(chosen);
  const paths = new Map([...picked, ...(loaded.data ?? [])]);
  // A single choice shows its path in the search box: that is not a search, offer the top level.
  const isChosenLabel = chosen.some((id) => paths.get(id) === debounced);
  const matches = useGroupOptions(isChosenLabel ? '' : debounced);
  const data = pickerData(chosen, paths, matches.data, exclude);
  return {
    search,
    setSearch,
    loading: matches.isFetching,
    data,
    /** Call with the new choice before passing it on: remembers the paths shown for it. */
    remember: (ids: readonly string[]) => {
      const labels = ids.flatMap((id): [string, string][] => {
        const label = data.find((d) => d.value === id)?.label;
        return label && label !== id ? [[id, label]] : [];
      });
      if (labels.length > 0) setPicked((m) => new Map([...m, ...labels]));
    },
  };
}

export function GroupPicker(
  props: PickerProps & { value: string[]; onChange: (ids: string[]) => void },
) {
  const groups = useSearchedGroups(props.value, props.exclude);
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      error={props.error}
      placeholder={props.value.length ? undefined : (props.placeholder ?? 'Search groups')}
      disabled={props.disabled}
      data={groups.data}
      value={props.value}
      onChange={(ids) => {
        groups.remember(ids);
        props.onChange(ids);
      }}
      searchable
      searchValue={groups.search}
      onSearchChange={groups.setSearch}
      filter={asAnswered}
      nothingFoundMessage={groups.loading ? 'Searching…' : 'No group matches'}
      clearable
    />
  );
}

export function GroupSelect(
  props: PickerProps & { value: string | null; onChange: (id: string | null) => void },
) {
  const groups = useSearchedGroups(props.value ? [props.value] : [], props.exclude);
  return (
    <Select
      label={props.label}
      description={props.description}
      error={props.error}
      placeholder={props.placeholder ?? 'Search groups'}
      disabled={props.disabled}
      data={groups.data}
      value={props.value}
      onChange={(id) => {
        groups.remember(id ? [id] : []);
        props.onChange(id);
      }}
      searchable
      searchValue={groups.search}
      onSearchChange={groups.setSearch}
      filter={asAnswered}
      nothingFoundMessage={groups.loading ? 'Searching…' : 'No group matches'}
      clearable
    />
  );
}
