// The admin screens and which grants show them (GET /api/access/me); the server stays the judge.
import type { Grant } from '../records/data';

type Grants = Readonly<Record<string, Grant>> | undefined;

/** Whether the user's `admin` grant holds one of `actions`. */
export function hasAdmin(grants: Grants, ...actions: string[]): boolean {
  const held = grants?.admin?.actions ?? [];
  return actions.some((a) => held.includes(a));
}

export const USERS_ACCESS_SECTIONS = [
  { key: 'users', label: 'Users', to: '/admin/users' },
  { key: 'groups', label: 'Groups', to: '/admin/groups' },
  { key: 'roles', label: 'Roles', to: '/admin/roles' },
  { key: 'service-accounts', label: 'Service Accounts', to: '/admin/service-accounts' },
] as const;
export type UsersAccessSection = (typeof USERS_ACCESS_SECTIONS)[number]['key'];

/** The Users & Access sections the grants reach (reading users, groups or roles). */
export function sectionsFor(grants: Grants): UsersAccessSection[] {
  const shown: UsersAccessSection[] = [];
  if (hasAdmin(grants, 'users.view', 'users.manage')) shown.push('users');
  if (hasAdmin(grants, 'users.view', 'users.manage', 'groups.manage')) shown.push('groups');
  if (hasAdmin(grants, 'users.view', 'users.manage', 'groups.manage', 'roles.manage'))
    shown.push('roles');
  if (hasAdmin(grants, 'users.view', 'users.manage')) shown.push('service-accounts');
  return shown;
}
