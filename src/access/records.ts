// Record access: which records of a collection a principal may act on, as a pure scope rule.
// The records engine compiles the rule to SQL; nothing else decides who sees what.
import { type Decision, deny } from './decision.js';
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
