// The built-in roles (SPEC §2) and the seed's presets, seeded as rows and editable afterwards.
import { MODULES, type ModuleName, type Permissions } from '../catalogue/modules.js';

export interface RoleSeed {
  name: string;
  description: string;
  level: number;
  permissions: Permissions;
  builtin: boolean;
}

const RESOURCES = ['systems', 'projects', 'reports', 'findings', 'assets'] as const;
const all = (module: ModuleName) => [...MODULES[module]];

function each(
  modules: readonly ModuleName[],
  actions: (m: ModuleName) => string[],
  scope: 'shared' | 'all' = 'shared',
) {
  return Object.fromEntries(modules.map((m) => [m, { actions: actions(m), scope }])) as Permissions;
}

export const BUILTIN_ROLES: RoleSeed[] = [
  {
    name: 'admin',
    description: 'Administers users, groups and roles; works on records shared with them.',
    level: 1,
    builtin: true,
    permissions: {
      ...each([...RESOURCES, 'alerts'], all),
      admin: { actions: all('admin'), scope: 'all' },
    },
  },
  {
    name: 'user',
    description: 'Creates and works on their own records and those shared with them.',
    level: 4,
    builtin: true,
    permissions: {
      ...each(RESOURCES, () => ['view', 'create', 'edit', 'delete', 'export']),
      alerts: { actions: all('alerts'), scope: 'shared' },
    },
  },
  {
    name: 'readonly',
    description: 'Views records shared with them; manages their own alerts.',
    level: 5,
    builtin: true,
    permissions: {
      ...each(RESOURCES, () => ['view']),
      alerts: { actions: all('alerts'), scope: 'shared' },
    },
  },
  {
    name: 'Senior Consultant',
    description: 'Preset from the seed: full access to projects, reports, findings and assets.',
    level: 3,
    builtin: false,
    permissions: each(['projects', 'reports', 'findings', 'assets'], all),
  },
  {
    name: 'Project Manager',
    description:
      'Preset from the seed: projects in full, reports view + export, findings and assets view, user management.',
    level: 2,
    builtin: false,
    permissions: {
      projects: { actions: all('projects'), scope: 'shared' },
      reports: { actions: ['view', 'export'], scope: 'shared' },
      findings: { actions: ['view'], scope: 'shared' },
      assets: { actions: ['view'], scope: 'shared' },
      admin: { actions: ['users.view', 'users.manage', 'groups.manage'], scope: 'all' },
    },
  },
];
