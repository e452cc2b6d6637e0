// The groups tree in a component test (the server mocked per node): children of a node load only
// when it is expanded, "Show more" loads that node's next page and nothing else, the arrow keys
// move, expand, collapse and go to the parent, a letter jumps by name, Enter selects, and one item is in the Tab order. And
// the words of the delete confirmation and of the members' "member through" column.
import { screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../shared/test-render';
import type { TreeNode, TreePage } from './data';
import { detachedLines } from './delete-group';
import { viaOf } from './members-tab';
import { GroupTree } from './tree';

const calls: { parent: string; page: number }[] = [];

/** Root: Org (2 children), Big (3 children, pages of 2 here). */
const CHILDREN: Record<string, string[]> = {
  root: ['Big', 'Org'],
  Org: ['Sales', 'Security'],
  Big: ['Team 1', 'Team 2', 'Team 3'],
};

vi.mock('../pb', () => ({
  pb: {
    send: (_url: string, options: { query: { parent: string; page: number } }) => {
      const { parent, page } = options.query;
      calls.push({ parent, page });
      const all = CHILDREN[parent] ?? [];
      const perPage = 2;
      const items = all.slice((page - 1) * perPage, page * perPage).map((name): TreeNode => ({
        id: name,
        name,
        parent: parent === 'root' ? '' : parent,
        path: name,
        childCount: CHILDREN[name]?.length ?? 0,
        memberCount: 1,
        memberCountWithSubgroups: 3,
      }));
      const answer: TreePage = {
        page,
        perPage,
        totalItems: all.length,
        totalPages: Math.ceil(all.length / perPage),
        items,
      };
      return Promise.resolve(answer);
    },
  },
}));

function Harness(props: { selected?: string; onSelect?: (id: string) => void }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState(props.selected);
  return (
    <GroupTree
      selected={selected}
      expanded={open}
      toggle={(id) => {
        setOpen((o) => {
          const next = new Set(o);
          if (!next.delete(id)) next.add(id);
          return next;
        });
      }}
      select={(id) => {
        setSelected(id);
        props.onSelect?.(id);
      }}
      pins={new Map()}
      canMove={false}
      onDrop={() => undefined}
    />
  );
}

const item = (name: string) => screen.getByRole('treeitem', { name: new RegExp(`^${name} ·`) });

describe('GroupTree', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('loads a node’s children when it is expanded, a page at a time with Show more', async () => {
    const { user } = renderUi(<Harness />);
    await screen.findByRole('treeitem', { name: /^Big ·/ });
    expect(calls).toEqual([{ parent: 'root', page: 1 }]);
    expect(item('Big').getAttribute('aria-expanded')).toBe('false');
    expect(item('Big').textContent).toContain('1 member, 3 with sub-groups');

    await user.click(item('Big').querySelector('.gh-tree-toggle') as Element);
    await screen.findByRole('treeitem', { name: /^Team 2 ·/ });
    expect(screen.queryByRole('treeitem', { name: /^Team 3 ·/ })).toBeNull();
    await user.click(screen.getByRole('treeitem', { name: 'Show more (2 of 3 shown)' }));
    await screen.findByRole('treeitem', { name: /^Team 3 ·/ });
    expect(screen.queryByRole('treeitem', { name: /Show more/ })).toBeNull();
    expect(calls).toEqual([
      { parent: 'root', page: 1 },
      { parent: 'Big', page: 1 },
      { parent: 'Big', page: 2 },
    ]);
    expect(item('Team 3').getAttribute('aria-level')).toBe('2');
  });

  it('moves with the arrows, expands and collapses, goes to the parent, selects with Enter', async () => {
    const onSelect = vi.fn();
    const { user } = renderUi(<Harness onSelect={onSelect} />);
    await screen.findByRole('treeitem', { name: /^Big ·/ });
    // One Tab stop: the first item when nothing is selected.
    await waitFor(() => {
      expect(item('Big').tabIndex).toBe(0);
    });
    expect(item('Org').tabIndex).toBe(-1);
    await user.tab();
    expect(document.activeElement).toBe(item('Big'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(item('Org'));
    await user.keyboard('{ArrowRight}');
    await screen.findByRole('treeitem', { name: /^Security ·/ });
    expect(item('Org').getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(item('Sales'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(item('Security'));
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith('Security');
    expect(item('Security').getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(item('Org'));
    await user.keyboard('{ArrowLeft}');
    expect(item('Org').getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('treeitem', { name: /^Security ·/ })).toBeNull();
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(item('Big'));
    // Type-ahead: a letter goes to the next group starting with it.
    await user.keyboard('o');
    expect(document.activeElement).toBe(item('Org'));
  });
});

describe('detachedLines', () => {
  it('says what deleting detaches, in counts and in words', () => {
    expect(
      detachedLines({
        id: 'g',
        name: 'G',
        childCount: 2,
        memberCount: 1,
        memberCountWithSubgroups: 4,
        roleCount: 1,
      }),
    ).toEqual([
      'Its 1 member leaves the group; their accounts stay.',
      'Its 2 child groups move to the top level, with their own sub-groups and members.',
      'Its 1 role no longer reaches its members or the 3 users in its sub-groups.',
      'Records shared with the group are no longer shared with it; the records themselves stay.',
    ]);
    expect(
      detachedLines({ id: 'g', name: 'G', childCount: 0, memberCount: 0, roleCount: 0 }).slice(
        0,
        3,
      ),
    ).toEqual(['It has no members of its own.', 'It has no child groups.', 'It gives no roles.']);
    // Members unknown (no users grant): said without a count, never "no members".
    expect(detachedLines({ id: 'g', name: 'G', childCount: 1, roleCount: 2 })).toEqual([
      'Its members leave the group; their accounts stay.',
      'Its 1 child group moves to the top level, with its own sub-groups and members.',
      'Its 2 roles no longer reach its members or those of its sub-groups.',
      'Records shared with the group are no longer shared with it; the records themselves stay.',
    ]);
  });
});

describe('viaOf', () => {
  const group = {
    id: 'sec',
    name: 'Security',
    description: '',
    parent: 'org',
    roles: [],
    path: 'Org / Security',
    updated: '',
  };
  it('names this group, or the sub-groups below it that bring the member', () => {
    const member = (groups: string[], groupPaths: string[]) => ({
      id: 'u',
      name: 'U',
      email: '',
      status: 'active',
      groups,
      groupPaths,
    });
    expect(viaOf(member(['sec'], ['Org / Security']), group)).toBe('This group');
    expect(
      viaOf(
        member(['a', 'b'], ['Org / Security / Seniors', 'Org / Security / Seniors / L4', 'Other']),
        group,
      ),
    ).toBe('Seniors, Seniors / L4');
  });
});
