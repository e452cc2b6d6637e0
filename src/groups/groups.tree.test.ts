// The tree and holders reads over a large index, checked against brute force: every page of every
// node together is exactly its children in name order (nothing cut, nothing twice), counts are
// distinct users of the subtree, a search finds every depth, and a role's holders are exactly the
// users whose effective roles include it. Prints the time of each read at 10k groups / 100k users.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { AccessIndex, type GroupData, type UserData } from '../access/index.js';
import { groupHolders, userHolders } from '../roles/roles.holders.js';
import { treeChildren, treeSearch } from './groups.tree.js';

const LEVELS = [10, 90, 400, 1500, 3000, 5000];

function world() {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const levels: string[][] = [];
  const groups: GroupData[] = [];
  LEVELS.forEach((count, depth) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `g${depth}_${i}`;
      const above = levels[depth - 1];
      const parent = above ? above[rand(above.length)]! : null;
      // Names repeat across parents and arrive in no order.
      groups.push({
        id,
        name: `Team ${rand(500)}`,
        parent,
        roleIds: depth === 2 && i < 20 ? ['lead'] : [],
      });
      ids.push(id);
    }
    levels.push(ids);
  });
  const all = levels.flat();
  const users: UserData[] = [];
  for (let i = 0; i < 100_000; i++) {
    const groupIds = [all[rand(all.length)]!];
    // Some users sit in a group and in one beneath it: counted once.
    if (i % 50 === 0) groupIds.push(all[rand(all.length)]!);
    users.push({ id: `u${i}`, role: i < 300 ? 'Lead' : 'user', status: 'active', groupIds });
  }
  const index = AccessIndex.build({
    roles: [
      { id: 'lead', name: 'Lead', level: 3, permissions: {} },
      { id: 'user', name: 'user', level: 4, permissions: {} },
    ],
    groups,
    users,
  });
  return { index, levels, users };
}

const timed = <T>(label: string, run: () => T): T => {
  const start = performance.now();
  const out = run();
  console.log(`${label}: ${(performance.now() - start).toFixed(2)} ms`);
  return out;
};

describe('groups tree and holders at 10k groups (depth 6) and 100k users', () => {
  const { index, levels, users } = world();
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

  it('pages every node completely, in name order, with exact counts', () => {
    const nodes = [null, ...levels[0]!, ...levels[1]!.slice(0, 20), levels[4]![0]!];
    for (const parent of nodes) {
      const expected = parent === null ? levels[0]! : index.childrenOf(parent);
      const seen: string[] = [];
      for (let page = 1; ; page++) {
        const res = treeChildren(index, parent, page, 7);
        seen.push(...res.items.map((n) => n.id));
        if (page >= res.totalPages) break;
      }
      expect(seen.length).toBe(expected.length);
      expect(new Set(seen)).toEqual(new Set(expected));
      const names = seen.map((id) => index.group(id)!.name);
      for (let i = 1; i < names.length; i++)
        expect(collator.compare(names[i - 1]!, names[i]!)).toBeLessThanOrEqual(0);
    }
    const top = timed('tree: top level', () => treeChildren(index, null, 1, 100));
    for (const node of top.items) {
      const subtree = index.subtree(node.id);
      const brute = users.filter((u) => u.groupIds.some((g) => subtree.has(g))).length;
      expect(node.memberCountWithSubgroups).toBe(brute);
      expect(node.memberCount).toBe(users.filter((u) => u.groupIds.includes(node.id)).length);
    }
    timed('tree: a level-2 node', () => treeChildren(index, levels[1]![0]!, 1, 100));
  });

  it('searches every depth, with ancestors from the top', () => {
    const res = timed('search "team 4"', () => treeSearch(index, 'team 4', 1, 50));
    const brute = [...index.groupIds()].filter((id) =>
      index.group(id)!.name.toLowerCase().includes('team 4'),
    );
    expect(res.totalItems).toBe(brute.length);
    const deep = treeSearch(index, 'team 4', 1, brute.length).items.filter(
      (m) => m.ancestors.length === 5,
    );
    expect(deep.length).toBeGreaterThan(0);
    for (const m of deep.slice(0, 20))
      expect(m.ancestors.map((a) => a.id)).toEqual(index.lineage(m.id).slice(1).reverse());
  });

  it('lists exactly the users whose effective roles include the role, and its groups', () => {
    const res = timed('holders: users', () => userHolders(index, 'lead', 1, 50));
    const brute = users.filter((u) =>
      index.effective(u.id)!.roles.some((r) => r.roleId === 'lead'),
    );
    expect(res.totalItems).toBe(brute.length);
    for (const item of res.items) expect(item.via.length).toBeGreaterThan(0);
    const groups = timed('holders: groups', () => groupHolders(index, 'lead', 1, 50));
    const reached = new Set<string>();
    for (const g of index.groupsWithRole('lead')) for (const s of index.subtree(g)) reached.add(s);
    expect(groups.totalItems).toBe(reached.size);
  });
});
