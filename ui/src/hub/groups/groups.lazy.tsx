// Admin > Users & Access > Groups (issue 16 item 3): the tree of nested groups on the left (server
// search answered as paths; a result is selected and revealed), the selected group on the right
// with its tabs in the URL — Details (Save Changes, Move to…, Delete Group), Roles (own, with the
// what-if; inherited, read-only) and Members. Create Group and moving (drag and drop, or the
// keyboard's "Move to…") for holders of admin groups.manage; the server judges every change.
import { Button, Grid, Paper, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Empty, LoadError, Loading } from '../../shared/states';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { grantsQuery } from '../records/data';
import { CreateGroupDialog } from './create-group';
import { ROOT, factsQuery, groupQuery, lineageQuery, searchQuery } from './data';
import { DeleteGroup } from './delete-group';
import { DetailsTab } from './details-tab';
import { MembersTab } from './members-tab';
import { type MoveRequest, MoveGroupDialog } from './move-group';
import { RolesTab } from './roles-tab';
import { type PinnedNode, GroupTree } from './tree';

const TABS = [
  { value: 'details', label: 'Details' },
  { value: 'roles', label: 'Roles' },
  { value: 'members', label: 'Members' },
] as const;
type Tab = (typeof TABS)[number]['value'];

function SearchResults(props: { q: string; onPick: (id: string, ancestors: string[]) => void }) {
  const found = useQuery(searchQuery(props.q));
  if (found.isPending) return <Loading label="Searching…" />;
  if (found.isError)
    return <LoadError what="the search" error={found.error} onRetry={() => void found.refetch()} />;
  if (found.data.totalItems === 0) return <Empty>No group matches.</Empty>;
  return (
    <Stack gap={4}>
      <Text size="sm" aria-live="polite">
        {found.data.totalItems} group{found.data.totalItems === 1 ? '' : 's'} match
        {found.data.totalItems === 1 ? 'es' : ''}
        {found.data.totalItems > found.data.items.length
          ? ` (the first ${String(found.data.items.length)} shown)`
          : ''}
        :
      </Text>
      <ul className="gh-tree-list" aria-label="Matching groups">
        {found.data.items.map((m) => (
          <li key={m.id}>
            <Button
              variant="subtle"
              size="compact-sm"
              justify="flex-start"
              fullWidth
              styles={{ label: { whiteSpace: 'normal', textAlign: 'start' } }}
              onClick={() => {
                props.onPick(
                  m.id,
                  m.ancestors.map((a) => a.id),
                );
              }}
            >
              {m.path}
            </Button>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

function GroupPanel(props: {
  id: string;
  tab: string | undefined;
  manage: boolean;
  manageMembers: boolean;
  readUsers: boolean;
  onMove: (request: MoveRequest) => void;
  onDeleted: (message: string) => void;
}) {
  const navigate = useNavigate({ from: '/admin/groups' });
  const group = useQuery(groupQuery(props.id));
  const facts = useQuery({ ...factsQuery(props.id, props.readUsers), enabled: props.manage });
  const current: Tab = TABS.find((t) => t.value === props.tab)?.value ?? 'details';
  if (group.isPending) return <Loading label="Loading the group…" />;
  if (group.isError)
    return <LoadError what="the group" error={group.error} onRetry={() => void group.refetch()} />;
  const g = group.data;
  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {g.name}
        </Title>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {g.path ?? g.name}
        </Text>
        {g.description ? <Text size="sm">{g.description}</Text> : null}
      </Stack>
      <Tabs
        value={current}
        keepMounted={false}
        onChange={(value) => {
          const next = TABS.find((t) => t.value === value);
          if (next) void navigate({ search: (s) => ({ ...s, tab: next.value }), replace: true });
        }}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          <DetailsTab
            key={g.updated}
            group={g}
            manage={props.manage}
            onMove={() => {
              props.onMove({ id: g.id, name: g.name, from: g.parent, to: g.parent });
            }}
            danger={
              props.manage ? (
                <DeleteGroup
                  facts={{
                    id: g.id,
                    name: g.name,
                    roleCount: g.roles.length,
                    ...facts.data,
                  }}
                  ready={facts.isSuccess}
                  onDeleted={props.onDeleted}
                />
              ) : null
            }
          />
        </Tabs.Panel>
        <Tabs.Panel value="roles" pt="md">
          <RolesTab group={g} manage={props.manage} />
        </Tabs.Panel>
        <Tabs.Panel value="members" pt="md">
          {props.readUsers ? (
            <MembersTab key={g.id} group={g} manage={props.manageMembers} />
          ) : (
            <Text size="sm">Seeing who is in a group needs admin.users.view or users.manage.</Text>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function GroupsPage() {
  const { group: selected, tab } = useSearch({ from: '/_app/admin/groups' });
  const navigate = useNavigate({ from: '/admin/groups' });
  const grants = useQuery(grantsQuery);
  const manage = hasAdmin(grants.data, 'groups.manage');
  const manageMembers = hasAdmin(grants.data, 'groups.manage', 'users.manage');
  const readUsers = hasAdmin(grants.data, 'users.view', 'users.manage');
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [creating, setCreating] = useState(false);
  const [moving, setMoving] = useState<MoveRequest | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const lineage = useQuery({ ...lineageQuery(selected ?? ''), enabled: !!selected });

  // Reveal the selected group: its ancestors are open unless the user closed one since, and each
  // level is pinned under its parent so it shows even on a page of children not loaded yet.
  const expanded = useMemo(() => {
    const open = new Set<string>();
    for (const a of (lineage.data ?? []).slice(1)) if (toggled.get(a.id) !== false) open.add(a.id);
    for (const [id, isOpen] of toggled) if (isOpen) open.add(id);
    return open;
  }, [lineage.data, toggled]);
  const pins = useMemo(() => {
    const map = new Map<string, PinnedNode[]>();
    const chain = lineage.data ?? [];
    chain.forEach((g, i) => {
      const parent = chain[i + 1]?.id ?? ROOT;
      map.set(parent, [{ id: g.id, name: g.name, parent: g.parent, childCount: i > 0 ? 1 : 0 }]);
    });
    return map;
  }, [lineage.data]);

  const select = (id: string) => {
    void navigate({ search: (s) => ({ ...s, group: id }) });
  };

  return (
    <Stack gap="md">
      <UsersAccessHeader
        current="groups"
        actions={
          manage ? (
            <Button
              onClick={() => {
                setCreating(true);
              }}
            >
              Create Group
            </Button>
          ) : null
        }
      />
      <Text role="status" size="sm" aria-live="polite">
        {announcement}
      </Text>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Paper withBorder p="sm" component="section" aria-label="Groups tree">
            <Stack gap="sm">
              <TextInput
                label="Search groups"
                placeholder="Name of a group at any depth"
                type="search"
                value={search}
                onChange={(e) => {
                  setSearch(e.currentTarget.value);
                }}
              />
              {q ? (
                <SearchResults
                  q={q}
                  onPick={(id, ancestors) => {
                    setSearch('');
                    // Open the way down to it again, even where the user had closed it.
                    setToggled(
                      (t) => new Map([...t, ...ancestors.map((a): [string, boolean] => [a, true])]),
                    );
                    select(id);
                  }}
                />
              ) : (
                <GroupTree
                  selected={selected}
                  expanded={expanded}
                  toggle={(id) => {
                    setToggled((t) => new Map(t).set(id, !expanded.has(id)));
                  }}
                  select={select}
                  pins={pins}
                  canMove={manage}
                  onDrop={(group, parent) => {
                    if (group.parent !== parent)
                      setMoving({ id: group.id, name: group.name, from: group.parent, to: parent });
                  }}
                />
              )}
              <Text size="xs" c="dimmed">
                {manage
                  ? 'Drag a group onto another to move it, or use “Move to…” on its Details tab. '
                  : ''}
                Arrow keys move through the tree, Right and Left expand and collapse, a letter jumps
                to a group by name, Enter selects.
              </Text>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Paper withBorder p="md" component="section" aria-label="Selected group">
            {selected ? (
              <GroupPanel
                key={selected}
                id={selected}
                tab={tab}
                manage={manage}
                manageMembers={manageMembers}
                readUsers={readUsers}
                onMove={setMoving}
                onDeleted={(message) => {
                  setAnnouncement(message);
                  void navigate({ search: {} });
                }}
              />
            ) : (
              <Empty>Select a group in the tree to see its details, roles and members.</Empty>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <CreateGroupDialog
        opened={creating}
        parent={selected ?? ''}
        onClose={() => {
          setCreating(false);
        }}
        onCreated={(group) => {
          setCreating(false);
          setAnnouncement(`Group “${group.name}” created.`);
          void navigate({ search: { group: group.id, tab: 'details' } });
        }}
      />
      <MoveGroupDialog
        request={moving}
        onClose={() => {
          setMoving(null);
        }}
        onMoved={(message, id) => {
          setAnnouncement(message);
          // Show it where it went: selected, its new ancestors opened.
          if (id !== selected) select(id);
        }}
      />
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/groups')({ component: GroupsPage });
