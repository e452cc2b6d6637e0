// Sharing member-mode records (systems, projects): who may share, who may be picked, and who has
// access to a record and how (directly, or through a group and its descendants). Pure.
import type { CollectionDef } from '../catalogue/collections.js';
import type { AccessIndex } from './access-index.js';
import { ALLOW, type Decision } from './decision.js';
import type { AccessSnapshot } from './grants.js';
import { isOperator, type Principal } from './principal.js';
import { maySeeEmail, recordAccess, type ScopeRule } from './records.js';

/** The two relation fields a member-mode collection is shared through. */
export interface ShareFields {
  users: string;
  groups: string;
}

/** The share fields of `collection`, or a 400 naming `collection` when its records are not shared. */
export function shareFields(collection: CollectionDef): Decision<{ fields: ShareFields }> {
  const access = collection.access;
  if (access.mode === 'members') {
    return { ok: true, fields: { users: access.users, groups: access.groups } };
  }
  return {
    ok: false,
    status: 400,
    field: 'collection',
    code: 'validation_invalid_value',
    message: `Records of ${collection.name} are not shared with users and groups.`,
  };
}

/**
 * Whether `p` may share records of `collection` (bulk share, the share-target picker): the records
 * are member-mode and `p` holds the module's `edit` grant; allowed with the edit scope rule, which
 * says which records. Refused as the records API refuses an edit (401 guest, 403 missing grant).
 */
export function mayShare(
  p: Principal,
  snapshot: AccessSnapshot,
  collection: CollectionDef,
): Decision<{ fields: ShareFields; rule: ScopeRule }> {
  const fields = shareFields(collection);
  if (!fields.ok) return fields;
  const edit = recordAccess(p, snapshot, collection, 'edit');
  if (!edit.ok) return edit;
  return { ok: true, fields: fields.fields, rule: edit.rule };
}

/**
 * How a user search may match emails: operators match every email; anyone else matches only
 * emails they may see (their own, and those made visible), so a search is never an oracle for a
 * hidden address.
 */
export function emailSearch(p: Principal): { all: true } | { all: false; self: string | null } {
  if (isOperator(p)) return { all: true };
  return { all: false, self: p.type === 'user' ? p.id : null };
}

/** One account as the share answers read it from storage. */
export interface ShareUser {
  id: string;
  name: string;
  email: string;
  emailVisibility: boolean;
  status: string;
  kind: string;
}

/** A group as shown: its id, name and path from the top. */
export interface GroupRef {
  id: string;
  name: string;
  path: string;
}

/** How a user reaches a record: listed in its users, or a member of a group it is shared with. */
export type Via =
  | { type: 'user' }
  /** `group`: the group the record is shared with; `through`: the user's own group (it or beneath it). */
  | { type: 'group'; group: GroupRef; through: GroupRef };

export interface AccessEntry {
  id: string;
  name: string;
  /** '' unless the viewer may see it (maySeeEmail). */
  email: string;
  kind: string;
  active: boolean;
  /** What the user's roles let them do with the shared record (module grants, any scope). */
  canView: boolean;
  canEdit: boolean;
  via: Via[];
}

export interface RecordAccessView {
  users: Omit<AccessEntry, 'via'>[];
  groups: (GroupRef & { members: number })[];
  /** Every user who reaches the record as a member (directly or through groups), by name. */
  members: AccessEntry[];
  /** How many members in all (`members` lists at most `limit`). */
  memberCount: number;
  /**
   * No active member remains (SPEC §1): the record is kept, and only superusers and roles with
   * scope `all` reach it.
   */
  orphaned: boolean;
}

/** A group as shown, from the index. */
export function groupRef(index: AccessIndex, id: string): GroupRef {
  return { id, name: index.group(id)?.name ?? id, path: index.path(id) };
}

/**
 * The users a share with `groupIds` reaches (members of each group and of every group beneath it),
 * each with their own groups that make them reach it: user → (shared group → member group)[].
 */
export function reachedThroughGroups(
  index: AccessIndex,
  groupIds: readonly string[],
): Map<string, { group: string; through: string }[]> {
  const out = new Map<string, { group: string; through: string }[]>();
  for (const group of groupIds) {
    if (!index.group(group)) continue;
    for (const through of index.subtree(group)) {
      for (const userId of index.membersOfGroup(through)) {
        const list = out.get(userId) ?? [];
        list.push({ group, through });
        out.set(userId, list);
      }
    }
  }
  return out;
}

/**
 * Who has access to a shared record, and how: its direct users, its groups (with paths and how
 * many users each reaches), every member with the ways they reach it (at most `limit`, by name),
 * and whether it is orphaned. `accounts` holds the stored rows of the direct users and of every
 * user `reachedThroughGroups` found; an id without a row (deleted meanwhile) is left out.
 */
export function describeAccess(
  viewer: Principal,
  snapshot: AccessSnapshot,
  collection: CollectionDef,
  share: { users: readonly string[]; groups: readonly string[] },
  accounts: ReadonlyMap<string, ShareUser>,
  limit: number,
): RecordAccessView {
  const index = snapshot.index;
  const module = collection.module;
  const entry = (account: ShareUser): Omit<AccessEntry, 'via'> => {
    const active = account.status === 'active' && index.effective(account.id)?.active === true;
    return {
      id: account.id,
      name: account.name,
      email: maySeeEmail(viewer, account.id, account.emailVisibility) ? account.email : '',
      kind: account.kind,
      active,
      canView: !!module && active && index.can(account.id, module, 'view'),
      canEdit: !!module && active && index.can(account.id, module, 'edit'),
    };
  };
  const reached = reachedThroughGroups(index, share.groups);
  const members = new Map<string, AccessEntry>();
  for (const id of share.users) {
    const account = accounts.get(id);
    if (account) members.set(id, { ...entry(account), via: [{ type: 'user' }] });
  }
  for (const [id, ways] of reached) {
    const account = accounts.get(id);
    if (!account) continue;
    const via: Via[] = ways.map((w) => ({
      type: 'group',
      group: groupRef(index, w.group),
      through: groupRef(index, w.through),
    }));
    const known = members.get(id);
    if (known) known.via.push(...via);
    else members.set(id, { ...entry(account), via });
  }
  const all = [...members.values()].sort(byName);
  const reachCount = (group: string) =>
    [...reached.values()].filter((ways) => ways.some((w) => w.group === group)).length;
  return {
    users: share.users.flatMap((id) => {
      const account = accounts.get(id);
      return account ? [entry(account)] : [];
    }),
    groups: share.groups
      .filter((id) => index.group(id))
      .map((id) => ({ ...groupRef(index, id), members: reachCount(id) })),
    members: all.slice(0, limit),
    memberCount: all.length,
    orphaned: !all.some((m) => m.active),
  };
}

const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Whether a bulk share may touch every record of `ids`: each must be one the caller may view (else
 * 400, as if it did not exist: named, never told apart from a missing one) and edit (403 naming the
 * records the caller sees but may not edit). All or nothing: one refusal names every such record.
 */
export function mayShareRecords(
  ids: readonly string[],
  visible: ReadonlySet<string>,
  editable: ReadonlySet<string>,
): Decision {
  const missing = ids.filter((id) => !visible.has(id));
  if (missing.length > 0) {
    return {
      ok: false,
      status: 400,
      field: 'records',
      code: 'validation_missing_rel_records',
      message: `Records not found: ${missing.join(', ')}.`,
    };
  }
  const readOnly = ids.filter((id) => !editable.has(id));
  if (readOnly.length > 0) {
    return {
      ok: false,
      status: 403,
      field: 'records',
      code: 'validation_forbidden',
      message: `You may view but not edit (share) these records: ${readOnly.join(', ')}.`,
    };
  }
  return ALLOW;
}
