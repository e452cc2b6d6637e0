// Where an admin screen shows a user, a service account, a group or a role: one place that knows
// each one's page, for the links of the access review and the audit log.
import type { LinkProps } from '@tanstack/react-router';

export type AdminTarget =
  { kind: 'user' | 'service' | 'group' | 'role'; id: string } | { kind: string; id: string };

/** The link props of a thing's page, or null when it has none (or no id). */
export function adminLinkOf(target: AdminTarget): LinkProps | null {
  if (!target.id) return null;
  switch (target.kind) {
    case 'user':
    case 'users':
      return { to: '/admin/users/$id', params: { id: target.id } };
    case 'service':
      return { to: '/admin/service-accounts/$id', params: { id: target.id } };
    case 'group':
    case 'groups':
      return { to: '/admin/groups', search: { group: target.id } };
    case 'role':
    case 'roles':
      return { to: '/admin/roles/$id', params: { id: target.id } };
    default:
      return null;
  }
}
