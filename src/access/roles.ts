// Who may define which grants in a role. Levels say which roles an actor may assign (levels.ts);
// these rules keep an actor from widening their own grants through a role's definition.
import { ALLOW, deny, type Decision } from './decision.js';
import { isOperator, type Principal } from './principal.js';
import { actorLevel } from './levels.js';
import type { ModuleName, Permissions } from '../catalogue/modules.js';
import { type AccessSnapshot, grantFor } from './grants.js';

/**
 * Whether `p` may give role `roleId` (null: a new role) the grants `after` (were `before`).
 * Nobody edits a role they hold, except at level 0 or as an operator; below level 0, a grant
 * added to any role must be one the actor holds, with no wider scope — or a roles manager could
 * write any grant into a role below their level and take it.
 */
export function mayDefineRole(
  p: Principal,
  s: AccessSnapshot,
  roleId: string | null,
  before: Permissions,
  after: Permissions,
): Decision {
  if (isOperator(p)) return ALLOW;
  const level = actorLevel(p, s);
  if (level === 0) return ALLOW;
  if (
    p.type === 'user' &&
    roleId &&
    s.index.effective(p.id)?.roles.some((r) => r.roleId === roleId)
  )
    return deny('You hold this role; only a level-0 user or a superuser may change it.');
  for (const [module, grant] of Object.entries(after) as [ModuleName, Permissions[ModuleName]][]) {
    if (!grant) continue;
    const had = before[module];
    const mine = grantFor(p, s, module);
    for (const action of grant.actions) {
      if (had?.actions.includes(action)) continue;
      if (!mine?.actions.has(action))
        return deny(`You cannot grant ${module}:${action}, which you do not hold.`);
    }
    if (grant.scope === 'all' && had?.scope !== 'all' && mine?.scope !== 'all')
      return deny(
        `You cannot grant ${module} with scope "all"; your own scope there is "${mine?.scope ?? 'none'}".`,
      );
  }
  return ALLOW;
}
