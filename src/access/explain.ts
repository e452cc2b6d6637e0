// Explain a decision: which roles (and through which groups) grant an action, and why a record
// is in reach (shared directly, through a group or its ancestor, owned, shared with all). Pure.
import type { AccessIndex, Effective } from './access-index.js';
import { LEVEL_NAMES, type ModuleName } from '../catalogue/modules.js';

export type ReasonVia =
  'role' | 'group' | 'ancestor' | 'share' | 'share-all' | 'owner' | 'superuser' | 'parent';

export interface Reason {
  via: ReasonVia;
  path: string[];
}

/** What the records engine knows about one record, for the explanation. */
export interface RecordFacts {
  label: string;
  /** Users listed on the record (member mode). */
  users: readonly string[];
  /** Groups listed on the record (member mode). */
  groups: readonly string[];
  owner?: string;
  sharedWithAll?: boolean;
  /** For records scoped through a parent (reports → project): the parent's own explanation. */
  parent?: { label: string; reasons: Reason[] };
}

/** The roles that grant `module.action`, each as a path from the user to the grant. */
export function grantReasons(
  index: AccessIndex,
  who: string,
  effective: Effective,
  module: ModuleName,
  action: string,
): Reason[] {
  const reasons: Reason[] = [];
  for (const source of effective.roles) {
    const role = index.role(source.roleId);
    const grant = role?.permissions[module];
    if (!grant?.actions.includes(action)) continue;
    reasons.push({
      via: source.via,
      path: [
        who,
        ...source.path,
        `role ${source.roleName} (level ${source.level} ${LEVEL_NAMES[source.level] ?? ''})`.trim(),
        `${module}.${action} (${grant.scope})`,
      ],
    });
  }
  return reasons;
}

/** Why a record is within the user's reach. */
export function recordReasons(
  index: AccessIndex,
  who: string,
  effective: Effective,
  userId: string,
  facts: RecordFacts,
): Reason[] {
  const reasons: Reason[] = [];
  if (facts.sharedWithAll)
    reasons.push({ via: 'share-all', path: [who, `${facts.label} (SHARE_ALL_SYSTEMS)`] });
  if (facts.owner === userId) reasons.push({ via: 'owner', path: [who, `owns ${facts.label}`] });
  if (facts.users.includes(userId))
    reasons.push({ via: 'share', path: [who, `${facts.label} shared with user`] });
  const user = index.user(userId);
  for (const groupId of facts.groups) {
    if (!effective.reach.has(groupId)) continue;
    for (const own of user?.groupIds ?? []) {
      const lineage = index.lineage(own);
      const at = lineage.indexOf(groupId);
      if (at === -1) continue;
      const names = lineage.slice(0, at + 1).map((id) => index.group(id)?.name ?? id);
      reasons.push({
        via: 'share',
        path: [
          who,
          ...names,
          `${facts.label} shared with group ${index.group(groupId)?.name ?? groupId}`,
        ],
      });
    }
  }
  if (facts.parent) {
    for (const reason of facts.parent.reasons)
      reasons.push({
        via: reason.via,
        path: [...reason.path, `→ ${facts.label} (through ${facts.parent.label})`],
      });
  }
  return reasons;
}
