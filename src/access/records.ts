// Record access: which records of a collection a principal may act on, as a pure scope rule.
// The records engine compiles the rule to SQL; nothing else decides who sees what.
import { ALLOW, type Decision, deny } from './decision.js';
import { type CollectionDef, findCollection } from '../catalogue/collections.js';
import { isOperator, type Principal } from './principal.js';
import { type AccessSnapshot, grantFor, hasAdmin } from './grants.js';

export type RecordAction = 'view' | 'create' | 'edit' | 'delete';

export type ScopeRule =
  | { kind: 'all' }
  /** No record at all (a guest's view of anything but superuser-only collections). */
  | { kind: 'none' }
  /** Auth collections: the caller's own account only. */
  | { kind: 'self'; userId: string }
  /** Member mode: the caller is listed in the record's `field` relation, or one of `groupIds` is in `groupField`. */
  | { kind: 'member'; field: string; userId: string; groupField: string; groupIds: string[] }
  /** Every record (e.g. directory data for administrators). */
  /** Owner mode: the record's `field` is the caller, and its parent (if any) is visible. */
  | { kind: 'owner'; field: string; userId: string; parent: ParentRule | null }
  /** Through parent: the record's parent is visible. */
  | { kind: 'parent'; parent: ParentRule };

export interface ParentRule {
  field: string;
  collection: string;
  rule: ScopeRule;
}

export type RecordDecision = Decision<{ rule: ScopeRule }>;

/** Decides `action` on `collection` for `p`: refused (401/403), or allowed within a scope rule. */
export function recordAccess(
  p: Principal,
  snapshot: AccessSnapshot,
  collection: CollectionDef,
  action: RecordAction,
): RecordDecision {
  if (isOperator(p)) return { ok: true, rule: { kind: 'all' } };
  const access = collection.access;
  if (access.mode === 'operators') return deny('Only superusers can perform this action.');
  if (p.type !== 'user') {
    // PocketBase's rules filter a guest out rather than refuse them: a list is empty (200) and a
    // record absent (404, also for edit and delete, which find it through the view first). A
    // create has nothing to filter: it still needs a signed-in caller.
    if (action === 'view') return { ok: true, rule: { kind: 'none' } };
    return deny('The request requires valid record authorization token.', 401);
  }
  if (access.mode === 'self') {
    // Administrators with admin:users.view see every account; writes are checked by the users service.
    if (action === 'view' && hasAdmin(p, snapshot, ['users.view', 'users.manage'])) {
      return { ok: true, rule: { kind: 'all' } };
    }
    if (action === 'view' || action === 'edit')
      return { ok: true, rule: { kind: 'self', userId: p.id } };
    if (hasAdmin(p, snapshot, ['users.manage'])) return { ok: true, rule: { kind: 'all' } };
    return deny('Your roles do not grant admin.users.manage.');
  }
  if (access.mode === 'admin') {
    const needed = action === 'view' ? access.view : [access.manage];
    if (hasAdmin(p, snapshot, needed)) return { ok: true, rule: { kind: 'all' } };
    return deny(`Your roles do not grant admin.${needed[0] ?? ''}.`);
  }
  const module = collection.module;
  if (!module) return deny('You are not allowed to perform this request.');
  // SHARE_ALL_SYSTEMS: every signed-in user views every system; writes still need the grant. A
  // scoped token reads them only when its scopes name systems:view (scopes never widen).
  const sharedToAll =
    snapshot.shareAllSystems &&
    collection.name === 'systems' &&
    action === 'view' &&
    (p.token?.scopes ?? ['systems:view']).includes('systems:view');
  if (sharedToAll) return { ok: true, rule: { kind: 'all' } };
  const grant = grantFor(p, snapshot, module);
  if (!grant?.actions.has(action)) {
    return deny(`Your roles do not grant ${module}.${action}.`);
  }
  if (grant.scope === 'all') return { ok: true, rule: { kind: 'all' } };
  switch (access.mode) {
    case 'members': {
      const reach = snapshot.index.effective(p.id)?.reach ?? new Set<string>();
      return {
        ok: true,
        rule: {
          kind: 'member',
          field: access.users,
          userId: p.id,
          groupField: access.groups,
          groupIds: [...reach],
        },
      };
    }
    case 'owner':
      return {
        ok: true,
        rule: {
          kind: 'owner',
          field: access.owner,
          userId: p.id,
          parent: access.parent ? parentRule(p, snapshot, collection, access.parent) : null,
        },
      };
    case 'parent':
      return {
        ok: true,
        rule: { kind: 'parent', parent: parentRule(p, snapshot, collection, access.parent) },
      };
  }
}

/** The parent record must be visible: its collection's view rule, or nothing if refused. */
function parentRule(
  p: Principal,
  snapshot: AccessSnapshot,
  collection: CollectionDef,
  field: string,
): ParentRule {
  const target = collection.fields.find((f) => f.name === field)?.collection ?? '';
  const parent = findCollection(target);
  if (!parent) return { field, collection: target, rule: { kind: 'none' } };
  const decision = recordAccess(p, snapshot, parent, 'view');
  return { field, collection: target, rule: decision.ok ? decision.rule : { kind: 'none' } };
}

/** The view rule of a collection, or `none` when viewing it is refused (for expand and filters). */
export function viewRule(
  p: Principal,
  snapshot: AccessSnapshot,
  collection: CollectionDef,
): ScopeRule {
  const decision = recordAccess(p, snapshot, collection, 'view');
  return decision.ok ? decision.rule : { kind: 'none' };
}

/**
 * Whether `p` may read a collection's description (`GET /api/collections`): operators every one,
 * as PocketBase; a signed-in user the collections whose records they may view or create (a
 * schema-driven screen needs the fields of what it lists and writes). Refused with the view's reason.
 */
export function mayDescribeCollection(
  p: Principal,
  snapshot: AccessSnapshot,
  collection: CollectionDef,
): Decision {
  if (isOperator(p)) return ALLOW;
  if (p.type !== 'user') return deny('The request requires valid record authorization token.', 401);
  const view = recordAccess(p, snapshot, collection, 'view');
  if (view.ok || recordAccess(p, snapshot, collection, 'create').ok) return ALLOW;
  return view;
}

/** Operators read hidden fields in filters and sorts; everyone else filters only what they see. */
export function mayFilterHiddenFields(p: Principal): boolean {
  return isOperator(p);
}

/** Names only superusers may use in ?filter= and ?sort= (PocketBase's checkForSuperuserOnlyRuleFields). */
const SUPERUSER_ONLY = ['@collection.', '@request.'] as const;

/**
 * Whether `p` may send these ?filter= and ?sort= texts: only superusers may name `@collection.` or
 * `@request.` anywhere in them (a loose substring check, as PocketBase's; refused with a 403).
 */
export function mayFilterBy(p: Principal, query: { filter: string; sort: string }): Decision {
  if (isOperator(p)) return ALLOW;
  for (const param of [query.filter, query.sort]) {
    for (const field of SUPERUSER_ONLY) {
      if (param.includes(field)) return deny(`Only superusers can filter by ${field}`);
    }
  }
  return ALLOW;
}

/**
 * Whether a record written by `p` may name only records `p` can see in `field` (true), or any
 * that exist (false): the parent of a scoped record must be visible to its writer, so that no one
 * files a record under a parent they cannot see. Operators see everything anyway.
 */
export function referenceMustBeVisible(
  p: Principal,
  collection: CollectionDef,
  field: string,
): boolean {
  const access = collection.access;
  const parent = access.mode === 'owner' || access.mode === 'parent' ? access.parent : undefined;
  return field === parent && !isOperator(p);
}

/**
 * What a user's new record gets by default: an owner-mode record is owned by its creator (its
 * owner field, when left empty), a member-mode record lists its creator among its members. Other
 * principals (operators) name whomever they like.
 */
export function creatorDefaults(
  p: Principal,
  collection: CollectionDef,
): { owner?: { field: string; userId: string }; member?: { field: string; userId: string } } {
  if (p.type !== 'user') return {};
  const access = collection.access;
  if (access.mode === 'owner') return { owner: { field: access.owner, userId: p.id } };
  if (access.mode === 'members') return { member: { field: access.users, userId: p.id } };
  return {};
}

/**
 * Whether the owner `written` names (the record's scalars as a create or an edit sets them) is
 * allowed: a user creates and edits owner-mode records only as their owner (an edit that leaves
 * the owner alone passes); operators assign any owner. Refused as a 400 naming the owner field.
 */
export function mayAssignOwner(
  p: Principal,
  collection: CollectionDef,
  written: Readonly<Record<string, unknown>>,
  action: 'create' | 'edit',
): Decision {
  const access = collection.access;
  if (access.mode !== 'owner' || p.type !== 'user') return ALLOW;
  const owner = access.owner;
  if (action === 'edit' && !(owner in written)) return ALLOW;
  if (written[owner] === p.id) return ALLOW;
  return {
    ok: false,
    status: 400,
    field: owner,
    code: 'validation_not_owner',
    message: 'Must be your own user id.',
  };
}

/**
 * A user's email is shown to the user, to operators, to directory readers (`readsDirectory`), and
 * to others only when the user made it visible.
 */
export function maySeeEmail(
  viewer: Principal,
  userId: string,
  emailVisibility: boolean,
  directoryReader = false,
): boolean {
  const self = viewer.type === 'user' && viewer.id === userId;
  return self || isOperator(viewer) || directoryReader || emailVisibility;
}
