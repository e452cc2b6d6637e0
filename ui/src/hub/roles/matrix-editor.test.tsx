// The matrix editor: a real table with headers on wide screens, a card per module on a phone, every
// checkbox named "module: action", and the row presets and scope switch editing the grants.
import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderUi } from '../../shared/test-render';
import type { Permissions } from './matrix';
import { MatrixEditor } from './matrix-editor';

const setWidth = (width: number) => {
  (window as unknown as { happyDOM: { setViewport(v: object): void } }).happyDOM.setViewport({
    width,
    height: 900,
  });
};

function Harness(props: { initial: Permissions; seen: Permissions[]; disabled?: boolean }) {
  const [value, setValue] = useState(props.initial);
  return (
    <MatrixEditor
      permissions={value}
      disabled={props.disabled}
      onChange={(next) => {
        props.seen.push(next);
        setValue(next);
      }}
    />
  );
}

describe('MatrixEditor', () => {
  afterEach(() => {
    setWidth(1024);
  });

  it('is a table of modules × actions with a preset and scope per row', async () => {
    setWidth(1440);
    const seen: Permissions[] = [];
    renderUi(
      <Harness initial={{ projects: { actions: ['view'], scope: 'shared' } }} seen={seen} />,
    );
    const table = await screen.findByRole('table', { name: 'Permissions' });
    expect(within(table).getByRole('columnheader', { name: 'view' })).toBeTruthy();
    expect(within(table).getByRole('rowheader', { name: 'admin' })).toBeTruthy();
    // A module without an action has no checkbox there.
    expect(screen.queryByRole('checkbox', { name: 'alerts: export' })).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'projects: view' })).toHaveProperty(
      'checked',
      true,
    );
    expect(screen.getByRole('combobox', { name: 'projects: preset' })).toHaveProperty(
      'value',
      'view',
    );

    fireEvent.change(screen.getByRole('combobox', { name: 'reports: preset' }), {
      target: { value: 'view-export' },
    });
    expect(seen.at(-1)?.reports).toEqual({ actions: ['view', 'export'], scope: 'shared' });

    fireEvent.click(screen.getByRole('checkbox', { name: 'projects: edit' }));
    expect(seen.at(-1)?.projects).toEqual({ actions: ['view', 'edit'], scope: 'shared' });
    // Not one of the presets any more: "Custom".
    expect(screen.getByRole('combobox', { name: 'projects: preset' })).toHaveProperty(
      'value',
      'custom',
    );

    const scope = screen.getByRole('radiogroup', { name: 'projects: scope' });
    fireEvent.click(within(scope).getByLabelText('All'));
    expect(seen.at(-1)?.projects?.scope).toBe('all');
    // A row without a grant has nothing to scope.
    expect(screen.queryByRole('radiogroup', { name: 'findings: scope' })).toBeNull();
  });

  it('stacks one card per module on a phone, with the same names', async () => {
    setWidth(390);
    const seen: Permissions[] = [];
    renderUi(<Harness initial={{}} seen={seen} />);
    await screen.findByRole('group', { name: 'admin' });
    expect(screen.queryByRole('table')).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'admin: preset' }), {
      target: { value: 'user-management' },
    });
    expect(seen.at(-1)).toEqual({
      admin: { actions: ['users.view', 'users.manage', 'groups.manage'], scope: 'all' },
    });
    expect(screen.getByRole('checkbox', { name: 'admin: groups.manage' })).toHaveProperty(
      'checked',
      true,
    );
  });

  it('changes nothing when read-only', async () => {
    setWidth(1440);
    const seen: Permissions[] = [];
    renderUi(
      <Harness
        initial={{ projects: { actions: ['view'], scope: 'shared' } }}
        seen={seen}
        disabled
      />,
    );
    const box = await screen.findByRole('checkbox', { name: 'projects: edit' });
    expect(box).toHaveProperty('disabled', true);
    expect(screen.getByRole('combobox', { name: 'projects: preset' })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
