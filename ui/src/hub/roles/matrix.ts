// The permission matrix's pure logic: the catalogue as rows (modules) and columns (the union of
// actions), the seed's row presets ("Full Access", "View + Export", "View", "User Management",
// "None") as grants and back, and the edits a row takes. The server judges every save.
import {
  LEVEL_NAMES,
  MODULES,
  type ModuleGrant,
  type ModuleName,
  type Permissions,
  type Scope,
} from '../../../../src/catalogue/modules';

export { LEVEL_NAMES };
export type { ModuleGrant, ModuleName, Permissions, Scope };

/** The seed's categories first (projects … assets, then admin and system), the rest in between. */
export const MODULE_ORDER: readonly ModuleName[] = [
  'projects',
  'reports',
  'findings',
  'assets',
  'systems',
  'alerts',
  'admin',
  'system',
];

/** The matrix's columns: every action of the catalogue once, in the order modules name them. */
export const ACTION_COLUMNS: readonly string[] = [
  ...new Set(MODULE_ORDER.flatMap((m) => MODULES[m])),
];

export function actionsOf(module: ModuleName): readonly string[] {
  return MODULES[module];
}

export type PresetKey = 'full' | 'view-export' | 'view' | 'user-management' | 'none';

/** A preset as the seed writes it, and the actions it stands for (when the module has them). */
const PRESETS: readonly { key: PresetKey; label: string; actions: (m: ModuleName) => string[] }[] =
  [
    { key: 'full', label: 'Full Access', actions: (m) => [...MODULES[m]] },
    { key: 'view-export', label: 'View + Export', actions: () => ['view', 'export'] },
    { key: 'view', label: 'View', actions: () => ['view'] },
    {
      key: 'user-management',
      label: 'User Management',
      actions: () => ['users.view', 'users.manage', 'groups.manage'],
    },
    { key: 'none', label: 'None', actions: () => [] },
  ];

/** The presets a module offers: those whose every action it has (None always). */
export function presetsFor(module: ModuleName): { key: PresetKey; label: string }[] {
  const has = new Set<string>(MODULES[module]);
  return PRESETS.filter((p) => p.actions(module).every((a) => has.has(a))).map(
    ({ key, label }) => ({ key, label }),
  );
}

export function presetLabel(key: PresetKey): string {
  return PRESETS.find((p) => p.key === key)?.label ?? key;
}

/** The actions a preset gives `module`, in the catalogue's order. */
export function presetActions(module: ModuleName, key: PresetKey): string[] {
  const preset = PRESETS.find((p) => p.key === key);
  const chosen = new Set(preset ? preset.actions(module) : []);
  return MODULES[module].filter((a) => chosen.has(a));
}

/** Which offered preset a row's actions are exactly, or null ("Custom"). */
export function presetOf(module: ModuleName, actions: readonly string[]): PresetKey | null {
  const held = new Set(actions);
  for (const { key } of presetsFor(module)) {
    const wanted = presetActions(module, key);
    if (wanted.length === held.size && wanted.every((a) => held.has(a))) return key;
  }
  return null;
}

/** Admin and system grants concern no records: a new row there starts at scope "all". */
export function defaultScope(module: ModuleName): Scope {
  return module === 'admin' || module === 'system' ? 'all' : 'shared';
}

export interface MatrixRow {
  module: ModuleName;
  /** The actions the module has, in column order. */
  available: readonly string[];
  actions: readonly string[];
  scope: Scope;
  preset: PresetKey | null;
}

/** A role's permissions as the matrix shows them: one row per catalogue module. */
export function rowsOf(permissions: Permissions): MatrixRow[] {
  return MODULE_ORDER.map((module) => {
    const grant = permissions[module];
    const actions = MODULES[module].filter((a) => grant?.actions.includes(a) ?? false);
    return {
      module,
      available: MODULES[module],
      actions,
      scope: grant?.scope ?? defaultScope(module),
      preset: presetOf(module, actions),
    };
  });
}

/** `permissions` with `module`'s actions set (in catalogue order); no actions removes the module. */
export function withActions(
  permissions: Permissions,
  module: ModuleName,
  actions: readonly string[],
): Permissions {
  const chosen = new Set(actions);
  const ordered = MODULES[module].filter((a) => chosen.has(a));
  const others = Object.fromEntries(
    Object.entries(permissions).filter(([m]) => m !== module),
  ) as Permissions;
  if (ordered.length === 0) return others;
  const scope = permissions[module]?.scope ?? defaultScope(module);
  return { ...others, [module]: { actions: ordered, scope } };
}

export function withAction(
  permissions: Permissions,
  module: ModuleName,
  action: string,
  on: boolean,
): Permissions {
  const held = permissions[module]?.actions ?? [];
  return withActions(
    permissions,
    module,
    on ? [...held, action] : held.filter((a) => a !== action),
  );
}

export function withPreset(
  permissions: Permissions,
  module: ModuleName,
  key: PresetKey,
): Permissions {
  return withActions(permissions, module, presetActions(module, key));
}

/** A row's scope; a row without actions has no grant to scope (nothing changes). */
export function withScope(permissions: Permissions, module: ModuleName, scope: Scope): Permissions {
  const grant = permissions[module];
  if (!grant) return permissions;
  return { ...permissions, [module]: { ...grant, scope } };
}

/** Permissions as stored (any JSON): only catalogue modules and actions, in catalogue order. */
export function normalise(value: unknown): Permissions {
  if (typeof value !== 'object' || value === null) return {};
  const raw = value as Record<string, { actions?: unknown; scope?: unknown } | undefined>;
  let out: Permissions = {};
  for (const module of MODULE_ORDER) {
    const grant = raw[module];
    if (!grant || !Array.isArray(grant.actions)) continue;
    out = withActions(
      out,
      module,
      grant.actions.filter((a): a is string => typeof a === 'string'),
    );
    if (grant.scope === 'all' || grant.scope === 'shared')
      out = withScope(out, module, grant.scope);
  }
  return out;
}

/** Whether two permission sets grant the same (order aside). */
export function samePermissions(a: Permissions, b: Permissions): boolean {
  const x = normalise(a);
  const y = normalise(b);
  return MODULE_ORDER.every((m) => {
    const g = x[m];
    const h = y[m];
    if (!g || !h) return !g && !h;
    return g.scope === h.scope && g.actions.join(',') === h.actions.join(',');
  });
}

/** A role granting anything in `system` must be level 0 (the server's rule, shown before saving). */
export function systemNeedsLevelZero(permissions: Permissions, level: number): boolean {
  return (permissions.system?.actions.length ?? 0) > 0 && level !== 0;
}

/** "2 Manager". */
export function levelText(level: number): string {
  return `${level} ${LEVEL_NAMES[level] ?? 'Unknown'}`;
}

/**
 * The levels an actor may give a role: theirs and below (a higher number). A superuser (`null`
 * with `superuser`) may give any; a user without a level none.
 */
export function assignableLevels(me: { superuser: boolean; level: number | null }): number[] {
  const all = LEVEL_NAMES.map((_, i) => i);
  if (me.superuser) return all;
  if (me.level === null) return [];
  const mine = me.level;
  return all.filter((l) => l >= mine);
}
