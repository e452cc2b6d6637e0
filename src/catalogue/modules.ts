// The module/action catalogue that permissions speak of (SPEC §2).

const RESOURCE_ACTIONS = ['view', 'create', 'edit', 'delete', 'export', 'import'] as const;

export const MODULES = {
  systems: RESOURCE_ACTIONS,
  alerts: ['view', 'create', 'edit', 'delete'],
  projects: RESOURCE_ACTIONS,
  reports: RESOURCE_ACTIONS,
  findings: RESOURCE_ACTIONS,
  assets: RESOURCE_ACTIONS,
  admin: [
    'users.view',
    'users.manage',
    'groups.manage',
    'roles.manage',
    'audit.view',
    'tokens.manage',
    'import',
  ],
  system: ['settings', 'backups', 'logs'],
} as const satisfies Record<string, readonly string[]>;

export type ModuleName = keyof typeof MODULES;
export type Scope = 'shared' | 'all';

export interface ModuleGrant {
  actions: string[];
  scope: Scope;
}

/** A role's grants: module → actions and scope. Absent module = no access. */
export type Permissions = Partial<Record<ModuleName, ModuleGrant>>;

export const MODULE_NAMES = Object.keys(MODULES) as ModuleName[];

export function isModule(name: string): name is ModuleName {
  return Object.hasOwn(MODULES, name);
}

export function isAction(module: ModuleName, action: string): boolean {
  return (MODULES[module] as readonly string[]).includes(action);
}

/** Levels as the seed names them: 0 Super Admin … 5 Viewer. Lower is more privileged. */
export const LEVEL_NAMES = [
  'Super Admin',
  'Admin',
  'Manager',
  'Lead',
  'Consultant',
  'Viewer',
] as const;
