// Sharing member-mode records (systems, projects) beyond the records API's `users+`/`groups+`: who
// has access to a record and how, a bulk share (sharing.bulk.ts), and the share-target picker.
// Decisions come from access/sharing.ts; group paths and members from the access index.
import {
  type AccessSnapshot,
  type Actor,
  describeAccess,
  emailSearch,
  groupRef,
  mayShare,
  maySeeEmail,
  type Principal,
  reachedThroughGroups,
  recordAccess,
  type ShareUser,
  shareFields,
} from '../access/index.js';
import { findShareAccounts, searchShareAccounts } from '../accounts/users.repo.js';
import { type CollectionDef, findCollection } from '../catalogue/collections.js';
import type { Db } from '../db/connect.js';
import type { Directory } from '../directory/directory.js';
import { notFound, refuse } from '../errors.js';
import { idsWhere, ROOT } from '../records/records.repo.js';
import { loadAllRelations } from '../records/relations.repo.js';
import { scopeSql } from '../records/scope-sql.js';
import { Aliases, and } from '../records/sql.js';
import { shareRecords } from './sharing.bulk.js';
import type {
  BulkShare,
  BulkShareResult,
  RecordAccess,
  ShareTargetsPage,
  ShareTargetsQuery,
} from './sharing.schema.js';

/** The most members one access answer lists (`memberCount` counts them all). */
export const MAX_LISTED_MEMBERS = 500;

export class SharingService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
  ) {}

  /**
   * Who has access to record `id` and how. Only for a caller who may view the record: otherwise
   * the records API's answers (404 out of scope or missing, 403 without the module's view grant).
   */
  async access(actor: Actor, collectionName: string, id: string): Promise<RecordAccess> {
    const p = actor.principal;
    const collection = collectionNamed(collectionName);
    const shared = shareFields(collection);
    if (!shared.ok) throw refuse(shared);
    const snapshot = await this.directory.snapshot();
    await this.requireVisible(p, snapshot, collection, id);
    const { users: usersField, groups: groupsField } = shared.fields;
    const links = await loadAllRelations(this.db, collection.name, [usersField, groupsField], [id]);
    const users = links.get(usersField)?.get(id) ?? [];
    const groups = links.get(groupsField)?.get(id) ?? [];
    const reached = reachedThroughGroups(snapshot.index, groups);
    const rows = await findShareAccounts(this.db, [...new Set([...users, ...reached.keys()])]);
    const accounts = new Map<string, ShareUser>(
      rows.map((r) => [r.id, { ...r, emailVisibility: Boolean(r.emailVisibility) }]),
    );
    const view = describeAccess(
      p,
      snapshot,
      collection,
      { users, groups },
      accounts,
      MAX_LISTED_MEMBERS,
    );
    return { collection: collection.name, record: id, ...view };
  }

  /** Shares (and un-shares) many records at once, all or nothing (sharing.bulk.ts). */
  share(actor: Actor, collectionName: string, input: BulkShare): Promise<BulkShareResult> {
    return shareRecords(this.db, this.directory, actor, collectionNamed(collectionName), input);
  }

  /**
   * One page of users or groups to share records of `collection` with, for callers who may share
   * them: users by name (or email, where the caller may see it), groups by name or path.
   */
  async targets(
    actor: Actor,
    collectionName: string,
    query: ShareTargetsQuery,
  ): Promise<ShareTargetsPage> {
    const p = actor.principal;
    const collection = collectionNamed(collectionName);
    const snapshot = await this.directory.snapshot();
    const may = mayShare(p, snapshot, collection);
    if (!may.ok) throw refuse(may);
    const offset = (query.page - 1) * query.perPage;
    const page = { page: query.page, perPage: query.perPage };
    if (query.type === 'groups') {
      const { items, more } = searchGroups(snapshot, query.q, offset, query.perPage);
      return { ...page, more, users: [], groups: items };
    }
    const rows = await searchShareAccounts(this.db, {
      text: query.q.trim(),
      email: emailSearch(p),
      limit: query.perPage + 1,
      offset,
    });
    const users = rows.slice(0, query.perPage).map((r) => ({
      id: r.id,
      name: r.name,
      email: maySeeEmail(p, r.id, Boolean(r.emailVisibility)) ? r.email : '',
      kind: r.kind,
    }));
    return { ...page, more: rows.length > query.perPage, users, groups: [] };
  }

  /** 404 unless `p` may view record `id` (out of scope reads as absent, as in the records API). */
  private async requireVisible(
    p: Principal,
    snapshot: AccessSnapshot,
    collection: CollectionDef,
    id: string,
  ): Promise<void> {
    const view = recordAccess(p, snapshot, collection, 'view');
    if (!view.ok) throw refuse(view);
    const scope = and([scopeSql(view.rule, collection.name, ROOT, new Aliases())]);
    const found = await idsWhere(this.db, collection, [id], scope);
    if (!found.has(id)) throw notFound();
  }
}

/** A catalogue collection by name or id, or the records API's 404. */
export function collectionNamed(nameOrId: string): CollectionDef {
  const collection = findCollection(nameOrId);
  if (!collection) throw notFound('Missing collection context.');
  return collection;
}

/** Groups whose path contains `text` (case-insensitive), by path, with how many users each reaches. */
function searchGroups(snapshot: AccessSnapshot, text: string, offset: number, limit: number) {
  const index = snapshot.index;
  const needle = text.trim().toLowerCase();
  const matches = [...index.groupIds()]
    .map((id) => groupRef(index, id))
    .filter((g) => needle === '' || g.path.toLowerCase().includes(needle))
    .sort((a, b) => a.path.localeCompare(b.path) || (a.id < b.id ? -1 : 1));
  const items = matches.slice(offset, offset + limit).map((g) => ({
    ...g,
    members: reachedThroughGroups(index, [g.id]).size,
  }));
  return { items, more: matches.length > offset + limit };
}
