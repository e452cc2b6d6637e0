// The directory reads of the admin screens: the groups tree (children paged, search as paths) and
// a role's holders. Answered from the access index; the database gives only the names of a page
// of users. Who may: access/directory-reads.ts.
import { type Actor, mayReadGroupTree, mayReadRoleHolders } from '../access/index.js';
import { userNames } from '../accounts/users.repo.js';
import type { Db } from '../db/connect.js';
import type { Directory } from '../directory/directory.js';
import { notFound, refuse } from '../errors.js';
import { groupHolders, holderCount, userHolders } from '../roles/roles.holders.js';
import { treeChildren, treeSearch } from './groups.tree.js';

interface Paging {
  page: number;
  perPage: number;
}

export class DirectoryReadsService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
  ) {}

  async tree(actor: Actor, query: Paging & { parent?: string | undefined }) {
    const snapshot = await this.directory.snapshot();
    const may = mayReadGroupTree(actor.principal, snapshot);
    if (!may.ok) throw refuse(may);
    const parent = !query.parent || query.parent === 'root' ? null : query.parent;
    if (parent !== null && !snapshot.index.group(parent)) throw notFound();
    return treeChildren(snapshot.index, parent, query.page, query.perPage);
  }

  async search(actor: Actor, query: Paging & { q: string }) {
    const snapshot = await this.directory.snapshot();
    const may = mayReadGroupTree(actor.principal, snapshot);
    if (!may.ok) throw refuse(may);
    return treeSearch(snapshot.index, query.q, query.page, query.perPage);
  }

  async holders(actor: Actor, roleId: string, query: Paging & { type: 'users' | 'groups' }) {
    const snapshot = await this.directory.snapshot();
    const may = mayReadRoleHolders(actor.principal, snapshot, query.type);
    if (!may.ok) throw refuse(may);
    const index = snapshot.index;
    if (!index.role(roleId)) throw notFound();
    if (query.type === 'groups') return groupHolders(index, roleId, query.page, query.perPage);
    const page = userHolders(index, roleId, query.page, query.perPage);
    const names = await userNames(
      this.db,
      page.items.map((u) => u.id),
    );
    return { ...page, items: page.items.map((u) => ({ ...u, name: names.get(u.id) ?? '' })) };
  }

  /** How many users or groups hold each of the roles named (the Roles list: one read a page). */
  async holderCounts(actor: Actor, query: { ids: string[]; type: 'users' | 'groups' }) {
    const snapshot = await this.directory.snapshot();
    const may = mayReadRoleHolders(actor.principal, snapshot, query.type);
    if (!may.ok) throw refuse(may);
    const index = snapshot.index;
    // A role deleted since the list was read is left out, not an error: the list refetches.
    const known = query.ids.filter((id) => index.role(id));
    return { items: known.map((id) => ({ id, count: holderCount(index, id, query.type) })) };
  }
}
