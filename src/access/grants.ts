// What every decision reads: the access snapshot, and the grants a principal holds in it.
import type { ModuleName } from '../catalogue/modules.js';
import type { AccessIndex, ModuleAccess } from './access-index.js';
import type { Principal } from './principal.js';

/** What decisions are made from: the index of effective permissions and the sharing switch. */
export interface AccessSnapshot {
  index: AccessIndex;
  shareAllSystems: boolean;
}

/** The grant a user's roles (direct, through groups and their ancestors) give on `module`. */
export function grantFor(
  p: Principal,
  snapshot: AccessSnapshot,
  module: ModuleName,
): ModuleAccess | null {
  if (p.type !== 'user') return null;
  const effective = snapshot.index.effective(p.id);
  if (!effective?.active) return null;
  const grant = effective.modules.get(module) ?? null;
  // A token's scopes narrow its owner's current grants, never widen them.
  const scopes = p.token?.scopes;
  if (!grant || !scopes) return grant;
  const actions = new Set([...grant.actions].filter((a) => scopes.includes(`${module}:${a}`)));
  return actions.size > 0 ? { actions, scope: grant.scope } : null;
}

/** Whether a user's roles grant `admin.<action>` (or any of several). */
export function hasAdmin(
  p: Principal,
  snapshot: AccessSnapshot,
  actions: readonly string[],
): boolean {
  const grant = grantFor(p, snapshot, 'admin');
  return !!grant && actions.some((a) => grant.actions.has(a));
}
