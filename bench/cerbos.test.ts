// Tests of the Cerbos peer's pure parts: the generated policies, the request body, the answers.
import { describe, expect, it } from 'vitest';
import { cerbosDecisions, cerbosPolicies, checkResourcesBody } from './cerbos.js';

describe('cerbosPolicies', () => {
  it('allows each action of a module to exactly the roles that grant it', () => {
    const files = cerbosPolicies([
      { id: 'r1', permissions: { systems: { actions: ['view', 'edit'], scope: 'all' } } },
      { id: 'r2', permissions: { systems: { actions: ['view'], scope: 'shared' } } },
    ]);
    expect(files.get('systems.yaml')).toBe(
      [
        'apiVersion: api.cerbos.dev/v1',
        'resourcePolicy:',
        '  version: default',
        '  resource: "systems"',
        '  rules:',
        '    - actions: ["view"]',
        '      effect: EFFECT_ALLOW',
        '      roles: ["r1", "r2"]',
        '    - actions: ["edit"]',
        '      effect: EFFECT_ALLOW',
        '      roles: ["r1"]',
        '',
      ].join('\n'),
    );
    // A module no role grants: a policy without rules (Cerbos denies).
    expect(files.get('alerts.yaml')).toContain('  rules: []\n');
  });
});

describe('check/resources', () => {
  const checks = [
    { module: 'systems', action: 'view' },
    { module: 'admin', action: 'users.view' },
  ];

  it('asks one resource per check for one principal', () => {
    expect(JSON.parse(checkResourcesBody('b0', { id: 'u1', roles: ['r1'] }, checks))).toEqual({
      requestId: 'b0',
      principal: { id: 'u1', roles: ['r1'] },
      resources: [
        { actions: ['view'], resource: { kind: 'systems', id: 'r0' } },
        { actions: ['users.view'], resource: { kind: 'admin', id: 'r1' } },
      ],
    });
  });

  it('reads the effects back by resource id, whatever their order', () => {
    const answer = {
      results: [
        { resource: { id: 'r1', kind: 'admin' }, actions: { 'users.view': 'EFFECT_DENY' } },
        { resource: { id: 'r0', kind: 'systems' }, actions: { view: 'EFFECT_ALLOW' } },
      ],
    };
    expect(cerbosDecisions(answer, checks)).toEqual([true, false]);
    expect(() => cerbosDecisions({ results: [] }, checks)).toThrow('expected 2 results');
    expect(() =>
      cerbosDecisions(
        { results: [{ resource: { id: 'r0' }, actions: {} }, { resource: { id: 'r1' } }] },
        checks,
      ),
    ).toThrow('no effect');
  });
});
