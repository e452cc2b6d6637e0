// The matrix's logic: presets → grants, grants → rows, edits, levels — and that the seed's two
// presets (Senior Consultant, Project Manager) are exactly what the rows' presets produce.
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../../../src/access/builtin-roles';
import { MODULES } from '../../../../src/catalogue/modules';
import {
  ACTION_COLUMNS,
  MODULE_ORDER,
  type Permissions,
  assignableLevels,
  levelText,
  normalise,
  presetOf,
  presetsFor,
  rowsOf,
  samePermissions,
  systemNeedsLevelZero,
  withAction,
  withPreset,
  withScope,
} from './matrix';

const seed = (name: string) => BUILTIN_ROLES.find((r) => r.name === name)!.permissions;

describe('the matrix', () => {
  it('has a row per catalogue module and a column per distinct action', () => {
    expect([...MODULE_ORDER].sort()).toEqual(Object.keys(MODULES).sort());
    for (const m of MODULE_ORDER) for (const a of MODULES[m]) expect(ACTION_COLUMNS).toContain(a);
    expect(new Set(ACTION_COLUMNS).size).toBe(ACTION_COLUMNS.length);
    // The seed's categories lead; the resource actions come first as columns.
    expect(MODULE_ORDER.slice(0, 4)).toEqual(['projects', 'reports', 'findings', 'assets']);
    expect(ACTION_COLUMNS.slice(0, 6)).toEqual([
      'view',
      'create',
      'edit',
      'delete',
      'export',
      'import',
    ]);
  });

  it('offers the presets a module can take, in the seed words', () => {
    const labels = (m: (typeof MODULE_ORDER)[number]) => presetsFor(m).map((p) => p.label);
    expect(labels('projects')).toEqual(['Full Access', 'View + Export', 'View', 'None']);
    expect(labels('alerts')).toEqual(['Full Access', 'View', 'None']);
    expect(labels('admin')).toEqual(['Full Access', 'User Management', 'None']);
    expect(labels('system')).toEqual(['Full Access', 'None']);
  });

  it('builds the Senior Consultant preset from the rows’ presets', () => {
    let p: Permissions = {};
    for (const m of ['projects', 'reports', 'findings', 'assets'] as const)
      p = withPreset(p, m, 'full');
    p = withPreset(p, 'admin', 'none');
    p = withPreset(p, 'system', 'none');
    expect(p).toEqual(seed('Senior Consultant'));
  });

  it('builds the Project Manager preset from the rows’ presets', () => {
    let p: Permissions = {};
    p = withPreset(p, 'projects', 'full');
    p = withPreset(p, 'reports', 'view-export');
    p = withPreset(p, 'findings', 'view');
    p = withPreset(p, 'assets', 'view');
    p = withPreset(p, 'admin', 'user-management');
    expect(p).toEqual(seed('Project Manager'));
  });

  it('shows stored grants as rows, naming the preset each row is or none (custom)', () => {
    const rows = rowsOf(seed('Project Manager'));
    const row = (m: string) => rows.find((r) => r.module === m)!;
    expect(row('projects')).toMatchObject({ preset: 'full', scope: 'shared' });
    expect(row('reports')).toMatchObject({ actions: ['view', 'export'], preset: 'view-export' });
    expect(row('admin')).toMatchObject({ preset: 'user-management', scope: 'all' });
    expect(row('system')).toMatchObject({ actions: [], preset: 'none' });
    expect(presetOf('projects', ['view', 'edit'])).toBeNull();
    expect(presetOf('projects', ['export', 'view'])).toBe('view-export');
  });

  it('toggles one action, keeping catalogue order, and drops an emptied module', () => {
    let p: Permissions = withAction({}, 'projects', 'edit', true);
    p = withAction(p, 'projects', 'view', true);
    expect(p.projects).toEqual({ actions: ['view', 'edit'], scope: 'shared' });
    p = withScope(p, 'projects', 'all');
    p = withAction(p, 'projects', 'delete', true);
    expect(p.projects).toEqual({ actions: ['view', 'edit', 'delete'], scope: 'all' });
    p = withPreset(p, 'projects', 'none');
    expect(p).toEqual({});
    // No grant, nothing to scope.
    expect(withScope({}, 'reports', 'all')).toEqual({});
  });

  it('normalises stored JSON and compares grants regardless of order', () => {
    const stored = {
      reports: { actions: ['export', 'view', 'bogus'], scope: 'shared' },
      projects: { actions: [], scope: 'all' },
      nonsense: { actions: ['view'], scope: 'all' },
    };
    expect(normalise(stored)).toEqual({
      reports: { actions: ['view', 'export'], scope: 'shared' },
    });
    expect(normalise(null)).toEqual({});
    expect(
      samePermissions(stored as Permissions, {
        reports: { actions: ['view', 'export'], scope: 'shared' },
      }),
    ).toBe(true);
    expect(samePermissions({}, withAction({}, 'system', 'logs', true))).toBe(false);
  });

  it('mirrors the server’s level rules', () => {
    expect(systemNeedsLevelZero(withAction({}, 'system', 'logs', true), 1)).toBe(true);
    expect(systemNeedsLevelZero(withAction({}, 'system', 'logs', true), 0)).toBe(false);
    expect(systemNeedsLevelZero(withAction({}, 'admin', 'users.view', true), 3)).toBe(false);
    expect(assignableLevels({ superuser: false, level: 2 })).toEqual([2, 3, 4, 5]);
    expect(assignableLevels({ superuser: true, level: null })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(assignableLevels({ superuser: false, level: null })).toEqual([]);
    expect(levelText(0)).toBe('0 Super Admin');
    expect(levelText(5)).toBe('5 Viewer');
  });
});
