// The records screen's pure logic: what a collection's schema turns into (columns, form fields,
// search, share fields), the search filter, the sort clicks, values in the locale, and the form's
// values ↔ the request's.
import PocketBase from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { nextSort, searchFilter, sortDirection } from './filter';
import { formatValue, recordLabel } from './format';
import { mergeOptions, optionOf } from './options';
import {
  changedBody,
  checkField,
  checkForm,
  fromLocalInput,
  inputKind,
  toBody,
  toFormValue,
} from './inputs';
import {
  type CollectionModel,
  type FieldModel,
  displayField,
  expandOf,
  formFields,
  isResource,
  labelOf,
  listColumns,
  searchFields,
  shareFields,
  singularOf,
  titleOf,
} from './schema';

const field = (name: string, type: string, extra: Partial<FieldModel> = {}): FieldModel => ({
  id: `${type}${name}`,
  name,
  type,
  system: false,
  hidden: false,
  presentable: false,
  ...extra,
});

const SYSTEMS: CollectionModel = {
  id: 'pbc_systems00001',
  name: 'systems',
  type: 'base',
  fields: [
    field('id', 'text', { system: true, required: true }),
    field('created', 'autodate', { system: true }),
    field('updated', 'autodate', { system: true }),
    field('name', 'text', { presentable: true, required: true, max: 255 }),
    field('host', 'text', { required: true, max: 255 }),
    field('port', 'number', { min: 0, max: 65535, onlyInt: false }),
    field('status', 'select', { values: ['up', 'down', 'paused', 'pending'], maxSelect: 1 }),
    field('info', 'json'),
    field('users', 'relation', { collectionId: '_pb_users_auth_', maxSelect: 10000 }),
    field('groups', 'relation', { collectionId: 'pbc_groups000001', maxSelect: 10000 }),
  ],
};

const ALERTS: CollectionModel = {
  id: 'pbc_alerts000001',
  name: 'alerts',
  type: 'base',
  fields: [
    field('id', 'text', { system: true }),
    field('user', 'relation', { collectionId: '_pb_users_auth_', maxSelect: 1, required: true }),
    field('system', 'relation', { collectionId: SYSTEMS.id, maxSelect: 1, required: true }),
    field('name', 'text', { presentable: true, required: true }),
    field('value', 'number'),
    field('triggered', 'bool'),
  ],
};

describe('what the schema gives the screen', () => {
  it('names collections as the seeds do', () => {
    expect(['systems', 'alerts', 'findings', 'assets'].map(titleOf)).toEqual([
      'Systems',
      'Alerts',
      'Findings',
      'Assets',
    ]);
    expect(singularOf('systems')).toBe('system');
    expect(singularOf('policies')).toBe('policy');
    expect(singularOf('access')).toBe('access');
    expect(labelOf({ name: 'emailVisibility' })).toBe('Email visibility');
    expect(isResource(SYSTEMS)).toBe(true);
    expect(isResource({ ...SYSTEMS, name: 'groups' })).toBe(false);
    expect(isResource({ ...SYSTEMS, name: 'users', type: 'auth' })).toBe(false);
  });

  it('finds the share fields of member-mode collections only', () => {
    expect(shareFields(SYSTEMS)).toEqual({ users: 'users', groups: 'groups' });
    expect(shareFields(ALERTS)).toBeNull();
  });

  it('lists the fields that matter: no json blob, no share ids, updated last', () => {
    const share = shareFields(SYSTEMS);
    expect(listColumns(SYSTEMS, share).map((f) => f.name)).toEqual([
      'name',
      'host',
      'port',
      'status',
      'updated',
    ]);
    expect(formFields(SYSTEMS, share).map((f) => f.name)).toEqual([
      'name',
      'host',
      'port',
      'status',
      'info',
    ]);
    expect(listColumns(ALERTS, null).map((f) => f.name)).toEqual([
      'name',
      'user',
      'system',
      'value',
      'triggered',
    ]);
    expect(expandOf(listColumns(ALERTS, null))).toBe('user,system');
  });

  it('searches the text fields and names records by their presentable field', () => {
    expect(searchFields(SYSTEMS)).toEqual(['name', 'host']);
    expect(displayField(SYSTEMS)).toBe('name');
    expect(displayField({ ...SYSTEMS, fields: [field('email', 'email')] })).toBe('email');
    expect(displayField({ ...SYSTEMS, fields: [] })).toBe('id');
  });
});

describe('search and sort', () => {
  const pb = new PocketBase('/');
  const bind = pb.filter.bind(pb);

  it('builds one filter over the text fields, with the term quoted by the SDK', () => {
    expect(searchFilter(['name', 'host'], '  web ', bind)).toBe('name ~ "web" || host ~ "web"');
    expect(searchFilter(['name'], 'say "hi"', bind)).toBe('name ~ "say \\"hi\\""');
    expect(searchFilter(['name'], '   ', bind)).toBe('');
    expect(searchFilter([], 'web', bind)).toBe('');
  });

  it('sorts ascending on the first click, then flips', () => {
    expect(nextSort('', 'name')).toBe('name');
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'name')).toBe('name');
    expect(nextSort('-name', 'host')).toBe('host');
    expect(sortDirection('-name', 'name')).toBe('desc');
    expect(sortDirection('name', 'host')).toBeNull();
  });
});

describe('values in the locale', () => {
  it('formats numbers, booleans, dates, relations and json', () => {
    const port = SYSTEMS.fields[5] as FieldModel;
    expect(formatValue(port, 1234567)).toBe(new Intl.NumberFormat().format(1234567));
    expect(formatValue(port, 5432)).toBe('5432');
    expect(formatValue(port, null)).toBe('—');
    expect(formatValue(ALERTS.fields[5] as FieldModel, false)).toBe('No');
    expect(formatValue(SYSTEMS.fields[2] as FieldModel, '2026-12-07 00:20:03.123Z')).toContain(
      '2026',
    );
    const system = ALERTS.fields[2] as FieldModel;
    expect(
      formatValue(system, 'abc', { record: { id: 'abc', name: 'web-1' }, display: 'name' }),
    ).toBe('web-1');
    expect(formatValue(system, 'abc', { display: 'name' })).toBe('abc');
    expect(formatValue(SYSTEMS.fields[7] as FieldModel, { a: 'x'.repeat(100) })).toHaveLength(80);
    expect(recordLabel({ id: 'u1', name: '' }, 'name')).toBe('u1');
  });
});

describe('form values', () => {
  const byName = (c: CollectionModel, name: string) =>
    c.fields.find((f) => f.name === name) as FieldModel;

  it('maps each field type to an input', () => {
    expect(formFields(SYSTEMS, null).map(inputKind)).toEqual([
      'text',
      'text',
      'number',
      'select',
      'json',
      'relations',
      'relations',
    ]);
    expect(formFields(ALERTS, null).map(inputKind)).toEqual([
      'relation',
      'relation',
      'text',
      'number',
      'bool',
    ]);
    expect(inputKind(field('starts', 'date'))).toBe('date');
    expect(inputKind(field('tags', 'select', { maxSelect: 3 }))).toBe('multiselect');
    expect(inputKind(field('mail', 'email'))).toBe('email');
  });

  it('round-trips a record through the form into a request body', () => {
    const fields = formFields(SYSTEMS, shareFields(SYSTEMS));
    const record = { name: 'web-1', host: '10.0.0.1', port: 22, status: 'up', info: { os: 'x' } };
    const values = Object.fromEntries(
      fields.map((f) => [f.name, toFormValue(f, record[f.name as keyof typeof record])]),
    );
    expect(values.info).toBe('{\n  "os": "x"\n}');
    expect(toBody(fields, values)).toEqual(record);
    const empty = Object.fromEntries(fields.map((f) => [f.name, toFormValue(f, undefined)]));
    expect(toBody(fields, empty)).toEqual({
      name: '',
      host: '',
      port: null,
      status: '',
      info: null,
    });
  });

  it('sends only what an edit changed', () => {
    const fields = formFields(SYSTEMS, shareFields(SYSTEMS));
    const initial = { name: 'web-1', host: 'h', port: 22, status: 'up', info: '{"a": 1}' };
    expect(changedBody(fields, initial, { ...initial })).toEqual({});
    expect(changedBody(fields, initial, { ...initial, host: 'h2', info: '{"a":1}' })).toEqual({
      host: 'h2',
    });
    expect(changedBody(fields, initial, { ...initial, port: '', status: null })).toEqual({
      port: null,
      status: '',
    });
  });

  it('keeps dates in local time in the form and UTC in the request', () => {
    const starts = field('starts', 'date');
    const local = toFormValue(starts, '2026-12-07 10:30:00.000Z');
    expect(local).toMatch(/^2026-12-0\dT\d\d:30$/);
    expect(fromLocalInput(local as string)).toBe('2026-12-07 10:30:00.000Z');
    expect(toFormValue(starts, '')).toBe('');
    expect(fromLocalInput('')).toBe('');
  });

  it('checks required, bounds, select values and json before sending', () => {
    const fields = formFields(SYSTEMS, shareFields(SYSTEMS));
    expect(
      checkForm(fields, { name: ' ', host: 'h', port: 70000, status: 'sideways', info: '{' }),
    ).toEqual({
      name: 'Missing required value.',
      port: 'Must be no more than 65535.',
      status: 'Must be one of up, down, paused, pending.',
      info: 'Must be valid JSON.',
    });
    expect(checkForm(fields, { name: 'a', host: 'h', port: '', status: null, info: '' })).toEqual(
      {},
    );
    expect(checkField(byName(SYSTEMS, 'name'), 'x'.repeat(256))).toBe(
      'Must be no more than 255 characters.',
    );
    expect(checkField(byName(ALERTS, 'system'), null)).toBe('Missing required value.');
    expect(checkField(field('mail', 'email'), 'nope')).toBe('Must be a valid email address.');
    expect(checkField(field('n', 'number', { onlyInt: true }), 1.5)).toBe(
      'Must be a whole number.',
    );
  });
});

describe('relation options', () => {
  it('names a record by its display field, else another text field, else its id', () => {
    expect(optionOf({ id: 'u1', name: 'Ada', email: 'a@x' }, 'name', ['email'])).toEqual({
      value: 'u1',
      label: 'Ada',
    });
    expect(optionOf({ id: 'u1', name: '', email: 'a@x' }, 'name', ['email']).label).toBe('a@x');
    expect(optionOf({ id: 'u1' }, 'name', []).label).toBe('u1');
  });

  it('keeps the chosen options first and each id once', () => {
    const a = { value: 'a', label: 'A' };
    const b = { value: 'b', label: 'B' };
    expect(mergeOptions([b], [a, { value: 'b', label: 'other' }])).toEqual([b, a]);
  });
});
