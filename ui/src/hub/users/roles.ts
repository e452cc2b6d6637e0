// The roles a caller may give a user: those at or below their own level (a higher number), all of
// them for a superuser, none without a level. The server checks it again (the level guard).
import type { RoleOption } from '../user-details/data';

export function assignableRoles(
  roles: readonly RoleOption[],
  me: { superuser: boolean; level: number | null } | undefined,
): RoleOption[] {
  if (!me) return [];
  if (me.superuser) return [...roles];
  const mine = me.level;
  if (mine === null) return [];
  return roles.filter((r) => r.level >= mine);
}
