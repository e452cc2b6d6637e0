// The users list's search and filters, all kept in the URL: name or email, a group (with or without
// its sub-groups), a role and a status.
import { Button, Checkbox, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { GroupSelect } from '../admin/group-picker';
import { rolesQuery } from '../user-details/data';
import { type UsersSearch, isFiltered } from './filter';

export function UsersFilters(props: {
  search: UsersSearch;
  onChange: (next: Partial<UsersSearch>) => void;
}) {
  const { search, onChange } = props;
  const roles = useQuery(rolesQuery);
  const [text, setText] = useState(search.q ?? '');
  const setQuery = useDebouncedCallback((value: string) => {
    onChange({ q: value.trim() || undefined });
  }, 300);
  const roleData = (roles.data ?? []).map((r) => r.name);
  if (search.role && !roleData.includes(search.role)) roleData.unshift(search.role);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Name or email"
        type="search"
        value={text}
        w={240}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setQuery(e.currentTarget.value);
        }}
      />
      <div style={{ width: 280 }}>
        <GroupSelect
          label="Group"
          placeholder="Any group"
          value={search.group ?? null}
          onChange={(id) => {
            onChange(id ? { group: id } : { group: undefined, subgroups: undefined });
          }}
        />
      </div>
      <Checkbox
        label="Include sub-groups"
        mb={8}
        checked={search.subgroups === true}
        disabled={!search.group}
        onChange={(e) => {
          onChange({ subgroups: e.currentTarget.checked || undefined });
        }}
      />
      <Select
        label="Role"
        placeholder="Any role"
        data={roleData}
        searchable
        clearable
        w={200}
        value={search.role ?? null}
        nothingFoundMessage={roles.isError ? 'Could not load roles' : 'No role matches'}
        onChange={(value) => {
          onChange({ role: value ?? undefined });
        }}
      />
      <Select
        label="Status"
        placeholder="Any status"
        data={[
          { value: 'active', label: 'Active' },
          { value: 'disabled', label: 'Disabled' },
        ]}
        clearable
        w={160}
        value={search.status ?? null}
        onChange={(value) => {
          onChange({
            status: value === 'active' || value === 'disabled' ? value : undefined,
          });
        }}
      />
      {isFiltered(search) ? (
        <Button
          variant="subtle"
          onClick={() => {
            setText('');
            onChange({
              q: undefined,
              group: undefined,
              subgroups: undefined,
              role: undefined,
              status: undefined,
            });
          }}
        >
          Clear filters
        </Button>
      ) : null}
    </Group>
  );
}
