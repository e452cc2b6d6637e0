// Frozen for migration 0002: the roles it seeds, as access/builtin-roles.ts and the modules
// catalogue defined them until this copy was made — what every fresh install had received. A later
// edit of the live roles no longer changes what a fresh install starts from, so a fresh install and
// an upgraded one begin alike (role changes after that are migrations of their own).

export interface SeededRole {
  name: string;
  description: string;
  level: number;
  /** Stored as its JSON text (key order as written here). */
  permissions: Record<string, { actions: string[]; scope: 'shared' | 'all' }>;
  builtin: boolean;
}

export const SEEDED_ROLES: readonly SeededRole[] = [
  {
    name: 'admin',
    description: 'Administers users, groups and roles; works on records shared with them.',
    level: 1,
    permissions: {
      systems: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      projects: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      reports: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      findings: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      assets: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      alerts: {
        actions: ['view', 'create', 'edit', 'delete'],
        scope: 'shared',
      },
      admin: {
        actions: [
          'users.view',
          'users.manage',
          'groups.manage',
          'roles.manage',
          'audit.view',
          'tokens.manage',
          'import',
        ],
        scope: 'all',
      },
    },
    builtin: true,
  },
  {
    name: 'user',
    description: 'Creates and works on their own records and those shared with them.',
    level: 4,
    permissions: {
      systems: {
        actions: ['view', 'create', 'edit', 'delete', 'export'],
        scope: 'shared',
      },
      projects: {
        actions: ['view', 'create', 'edit', 'delete', 'export'],
        scope: 'shared',
      },
      reports: {
        actions: ['view', 'create', 'edit', 'delete', 'export'],
        scope: 'shared',
      },
      findings: {
        actions: ['view', 'create', 'edit', 'delete', 'export'],
        scope: 'shared',
      },
      assets: {
        actions: ['view', 'create', 'edit', 'delete', 'export'],
        scope: 'shared',
      },
      alerts: {
        actions: ['view', 'create', 'edit', 'delete'],
        scope: 'shared',
      },
    },
    builtin: true,
  },
  {
    name: 'readonly',
    description: 'Views records shared with them; manages their own alerts.',
    level: 5,
    permissions: {
      systems: {
        actions: ['view'],
        scope: 'shared',
      },
      projects: {
        actions: ['view'],
        scope: 'shared',
      },
      reports: {
        actions: ['view'],
        scope: 'shared',
      },
      findings: {
        actions: ['view'],
        scope: 'shared',
      },
      assets: {
        actions: ['view'],
        scope: 'shared',
      },
      alerts: {
        actions: ['view', 'create', 'edit', 'delete'],
        scope: 'shared',
      },
    },
    builtin: true,
  },
  {
    name: 'Senior Consultant',
    description: 'Preset from the seed: full access to projects, reports, findings and assets.',
    level: 3,
    permissions: {
      projects: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      reports: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      findings: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      assets: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
    },
    builtin: false,
  },
  {
    name: 'Project Manager',
    description:
      'Preset from the seed: projects in full, reports view + export, findings and assets view, user management.',
    level: 2,
    permissions: {
      projects: {
        actions: ['view', 'create', 'edit', 'delete', 'export', 'import'],
        scope: 'shared',
      },
      reports: {
        actions: ['view', 'export'],
        scope: 'shared',
      },
      findings: {
        actions: ['view'],
        scope: 'shared',
      },
      assets: {
        actions: ['view'],
        scope: 'shared',
      },
      admin: {
        actions: ['users.view', 'users.manage', 'groups.manage'],
        scope: 'all',
      },
    },
    builtin: false,
  },
];
