// The groups tree (WAI-ARIA tree view): each node's children are loaded when it is expanded, a page
// at a time, with "Show more" per node, so any node shows every child however many there are and
// however deep (the Keycloak paging bugs). Arrow keys move, expand and collapse; Enter selects. A
// group being revealed (a search result, a link) is pinned under its parent until its page loads.
// Groups can be dragged onto another group (or the top-level zone) to move them: the drop opens
// the same "Move to…" dialog as the keyboard, with its what-if, before anything is saved.
import { Group, Loader, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import {
  type DragEvent,
  type KeyboardEvent,
  type ReactNode,
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import { serverProblem } from '../../shared/pb';
import { ROOT, type TreeNode, childrenQuery } from './data';
import './tree.css';

/** A group known only by name (an ancestor of a revealed group): shown until its page loads. */
export interface PinnedNode {
  id: string;
  name: string;
  parent: string;
  childCount: number;
}

/** The group being dragged. */
export interface Dragged {
  id: string;
  name: string;
  parent: string;
}

interface TreeContext {
  selected: string | undefined;
  expanded: ReadonlySet<string>;
  toggle: (id: string) => void;
  select: (id: string) => void;
  /** Per parent id (ROOT for the top level): groups to show even before their page loads. */
  pins: ReadonlyMap<string, PinnedNode[]>;
  canMove: boolean;
  dragging: Dragged | null;
  setDragging: (group: Dragged | null) => void;
  /** A group dropped onto another (`parentId`) or onto the top-level zone (''). */
  onDrop: (group: Dragged, parentId: string) => void;
}

const Ctx = createContext<TreeContext | null>(null);
const useTree = () => {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('GroupTree context missing');
  return ctx;
};

const DRAG_TYPE = 'application/x-gatehouse-group';

function members(node: TreeNode | PinnedNode): string {
  if (!('memberCount' in node)) return '';
  const own = `${String(node.memberCount)} member${node.memberCount === 1 ? '' : 's'}`;
  const all = node.memberCountWithSubgroups;
  return all !== node.memberCount ? `${own}, ${String(all)} with sub-groups` : own;
}

function Node(props: { node: TreeNode | PinnedNode; level: number }) {
  const { node, level } = props;
  const tree = useTree();
  const [over, setOver] = useState(false);
  const expandable = node.childCount > 0;
  const open = expandable && tree.expanded.has(node.id);
  const selected = tree.selected === node.id;
  const labelId = `group-node-${node.id}`;
  const counts = members(node);
  const droppable = tree.canMove && tree.dragging !== null && tree.dragging.id !== node.id;

  const dragProps = tree.canMove
    ? {
        draggable: true,
        onDragStart: (e: DragEvent) => {
          e.stopPropagation();
          e.dataTransfer.setData(DRAG_TYPE, node.id);
          e.dataTransfer.effectAllowed = 'move';
          tree.setDragging({ id: node.id, name: node.name, parent: node.parent });
        },
        onDragEnd: () => {
          tree.setDragging(null);
        },
        onDragOver: (e: DragEvent) => {
          if (!droppable) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
          setOver(true);
        },
        onDragLeave: () => {
          setOver(false);
        },
        onDrop: (e: DragEvent) => {
          e.preventDefault();
          e.stopPropagation();
          setOver(false);
          const dragged = tree.dragging;
          tree.setDragging(null);
          if (dragged && dragged.id !== node.id) tree.onDrop(dragged, node.id);
        },
      }
    : {};

  const groupId = `group-children-${node.id}`;
  return (
    <li role="none">
      <div
        role="treeitem"
        aria-labelledby={labelId}
        aria-level={level}
        aria-selected={selected}
        aria-expanded={expandable ? open : undefined}
        aria-owns={open ? groupId : undefined}
        data-id={node.id}
        tabIndex={-1}
        className="gh-tree-row"
        data-selected={selected || undefined}
        data-drop={over || undefined}
        style={{ paddingInlineStart: `calc(${String(level - 1)} * 1.25rem + 0.25rem)` }}
        onClick={() => {
          tree.select(node.id);
        }}
        {...dragProps}
      >
        <span
          className="gh-tree-toggle"
          aria-hidden="true"
          onClick={(e) => {
            e.stopPropagation();
            if (expandable) tree.toggle(node.id);
          }}
        >
          {expandable ? (open ? '▾' : '▸') : ''}
        </span>
        <span id={labelId} className="gh-tree-label">
          <Text span size="sm" fw={selected ? 700 : 500}>
            {node.name}
          </Text>
          {counts ? (
            <Text span size="xs" c="dimmed">
              {' '}
              · {counts}
            </Text>
          ) : null}
        </span>
      </div>
      {open ? (
        <ul role="group" id={groupId} className="gh-tree-list">
          <Children parent={node.id} level={level + 1} />
        </ul>
      ) : null}
    </li>
  );
}

function StatusRow(props: { children: ReactNode; level: number }) {
  return (
    <li
      role="none"
      className="gh-tree-status"
      style={{ paddingInlineStart: `calc(${String(props.level - 1)} * 1.25rem + 1.5rem)` }}
    >
      {props.children}
    </li>
  );
}

/** A node's children (the top level for ROOT): loaded pages, then pinned ones, then "Show more". */
function Children(props: { parent: string; level: number }) {
  const tree = useTree();
  const children = useInfiniteQuery(childrenQuery(props.parent));
  if (children.isPending)
    return (
      <StatusRow level={props.level}>
        <Group gap="xs" role="status">
          <Loader size="xs" aria-hidden="true" />
          <Text size="sm">Loading groups…</Text>
        </Group>
      </StatusRow>
    );
  if (children.isError)
    return (
      <StatusRow level={props.level}>
        <Text size="sm" role="alert">
          Could not load these groups: {serverProblem(children.error).message}
        </Text>
      </StatusRow>
    );
  const pages = children.data.pages;
  const loaded = pages.flatMap((p) => p.items);
  const ids = new Set(loaded.map((n) => n.id));
  const pinned = (tree.pins.get(props.parent) ?? []).filter((p) => !ids.has(p.id));
  const total = pages.at(-1)?.totalItems ?? loaded.length;
  if (props.parent === ROOT && total === 0)
    return (
      <StatusRow level={1}>
        <Text size="sm">No groups yet.</Text>
      </StatusRow>
    );
  return (
    <>
      {/* One list, so a pinned group keeps its element (and focus) when its page loads. */}
      {[...loaded, ...pinned].map((node) => (
        <Node key={node.id} node={node} level={props.level} />
      ))}
      {children.hasNextPage ? (
        <li role="none">
          <div
            role="treeitem"
            aria-level={props.level}
            aria-selected={false}
            tabIndex={-1}
            data-more="true"
            className="gh-tree-row gh-tree-more"
            style={{ paddingInlineStart: `calc(${String(props.level - 1)} * 1.25rem + 1.5rem)` }}
            onClick={() => void children.fetchNextPage()}
          >
            <Text span size="sm" c="blue.8" fw={500}>
              {children.isFetchingNextPage
                ? 'Loading more…'
                : `Show more (${String(loaded.length)} of ${String(total)} shown)`}
            </Text>
          </div>
        </li>
      ) : null}
    </>
  );
}

function items(tree: HTMLElement): HTMLElement[] {
  return Array.from(tree.querySelectorAll<HTMLElement>('[role="treeitem"]'));
}

export function GroupTree(props: Omit<TreeContext, 'dragging' | 'setDragging'>) {
  const ref = useRef<HTMLUListElement>(null);
  const [dragging, setDragging] = useState<Dragged | null>(null);
  const [rootOver, setRootOver] = useState(false);
  const [active, setActive] = useState<string | null>(null);

  // Roving tabindex: one item is in the Tab order (the one last focused, else the selected one,
  // else the first); the arrows move between the others. Nodes load on their own, so this runs
  // again whenever the tree's items change.
  useEffect(() => {
    const tree = ref.current;
    if (!tree) return;
    const rove = () => {
      const all = items(tree);
      const wanted =
        all.find((el) => active !== null && el.dataset.id === active) ??
        all.find((el) => el.dataset.id === props.selected) ??
        all[0];
      for (const el of all) el.tabIndex = el === wanted ? 0 : -1;
    };
    rove();
    const observer = new MutationObserver(rove);
    observer.observe(tree, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
    };
  }, [active, props.selected]);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const tree = ref.current;
    const item = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!tree || !item) return;
    const all = items(tree);
    const at = all.indexOf(item);
    const focus = (el: HTMLElement | null | undefined) => {
      if (!el) return;
      e.preventDefault();
      el.focus();
    };
    const id = item.dataset.id;
    switch (e.key) {
      case 'ArrowDown':
        focus(all[at + 1]);
        break;
      case 'ArrowUp':
        focus(all[at - 1]);
        break;
      case 'Home':
        focus(all[0]);
        break;
      case 'End':
        focus(all.at(-1));
        break;
      case 'ArrowRight':
        if (item.getAttribute('aria-expanded') === 'false' && id) {
          e.preventDefault();
          props.toggle(id);
        } else if (item.getAttribute('aria-expanded') === 'true')
          focus(item.nextElementSibling?.querySelector<HTMLElement>('[role="treeitem"]'));
        break;
      case 'ArrowLeft':
        if (item.getAttribute('aria-expanded') === 'true' && id) {
          e.preventDefault();
          props.toggle(id);
        } else
          focus(
            item
              .closest('[role="group"]')
              ?.previousElementSibling?.closest<HTMLElement>('[role="treeitem"]'),
          );
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        if (item.dataset.more) item.click();
        else if (id) props.select(id);
        break;
      default:
        // Type-ahead: a letter moves to the next group whose name starts with it.
        if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
          const key = e.key.toLowerCase();
          const after = [...all.slice(at + 1), ...all.slice(0, at)];
          focus(
            after.find((el) =>
              (el.querySelector('.gh-tree-label > :first-child')?.textContent ?? '')
                .toLowerCase()
                .startsWith(key),
            ),
          );
        }
    }
  };

  return (
    <Ctx.Provider value={{ ...props, dragging, setDragging }}>
      <ul
        ref={ref}
        role="tree"
        aria-label="Groups"
        className="gh-tree-list gh-tree"
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          const item = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
          setActive(item?.dataset.id ?? null);
        }}
      >
        <Children parent={ROOT} level={1} />
      </ul>
      {props.canMove && dragging !== null ? (
        <div
          className="gh-tree-rootzone"
          data-drop={rootOver || undefined}
          onDragOver={(e) => {
            e.preventDefault();
            setRootOver(true);
          }}
          onDragLeave={() => {
            setRootOver(false);
          }}
          onDrop={(e) => {
            e.preventDefault();
            setRootOver(false);
            const dragged = dragging;
            setDragging(null);
            props.onDrop(dragged, '');
          }}
        >
          <Text size="sm">Drop here to move it to the top level</Text>
        </div>
      ) : null}
    </Ctx.Provider>
  );
}
