// Field types → form inputs: the input each type gets, its value in the form and in the request,
// and the checks made before sending (the server checks again and its field errors are shown too).
import { parseServerTime } from '../../shared/format';
import { type FieldModel, isMultiple } from './schema';

export type InputKind =
  | 'text'
  | 'email'
  | 'url'
  | 'number'
  | 'bool'
  | 'select'
  | 'multiselect'
  | 'date'
  | 'json'
  | 'relation'
  | 'relations';

export type FormValue = string | number | boolean | string[] | null;

export function inputKind(field: FieldModel): InputKind {
  switch (field.type) {
    case 'email':
    case 'url':
    case 'number':
    case 'bool':
    case 'json':
      return field.type;
    case 'date':
    case 'autodate':
      return 'date';
    case 'select':
      return isMultiple(field) ? 'multiselect' : 'select';
    case 'relation':
      return isMultiple(field) ? 'relations' : 'relation';
    default:
      return 'text';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A server time → the value of an <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(value: string): string {
  const date = parseServerTime(value);
  if (!date) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** An <input type="datetime-local"> value (local time) → the UTC time the server stores. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace('T', ' ');
}

/** The form's value for an API value (a new record's fields start from `undefined`). */
export function toFormValue(field: FieldModel, value: unknown): FormValue {
  switch (inputKind(field)) {
    case 'number':
      return typeof value === 'number' ? value : '';
    case 'bool':
      return value === true;
    case 'multiselect':
    case 'relations':
      return Array.isArray(value) ? value.map(String) : [];
    case 'select':
    case 'relation':
      return typeof value === 'string' && value ? value : null;
    case 'date':
      return typeof value === 'string' ? toLocalInput(value) : '';
    case 'json':
      return value === undefined || value === null ? '' : JSON.stringify(value, null, 2);
    default:
      return typeof value === 'string' ? value : '';
  }
}

/** The request's value for a form value (what PocketBase takes for "empty" per type). */
export function toApiValue(field: FieldModel, value: FormValue): unknown {
  switch (inputKind(field)) {
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'bool':
      return value === true;
    case 'multiselect':
    case 'relations':
      return Array.isArray(value) ? value : [];
    case 'select':
    case 'relation':
      return typeof value === 'string' ? value : '';
    case 'date':
      return typeof value === 'string' ? fromLocalInput(value) : '';
    case 'json':
      return typeof value === 'string' && value.trim() ? (JSON.parse(value) as unknown) : null;
    default:
      return typeof value === 'string' ? value : '';
  }
}

const isEmpty = (value: FormValue) =>
  value === null ||
  value === '' ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

const bound = (limit: number | string | null | undefined) =>
  typeof limit === 'number' ? limit : null;

/** Why `value` would be refused, in the server's words where it has them; null when it is fine. */
export function checkField(field: FieldModel, value: FormValue): string | null {
  const kind = inputKind(field);
  if (field.required && kind !== 'bool' && isEmpty(value)) return 'Missing required value.';
  if (isEmpty(value)) return null;
  const min = bound(field.min);
  const max = bound(field.max);
  if (kind === 'number' && typeof value === 'number') {
    if (field.onlyInt && !Number.isInteger(value)) return 'Must be a whole number.';
    if (min !== null && value < min) return `Must be at least ${min}.`;
    if (max !== null && value > max) return `Must be no more than ${max}.`;
  }
  if ((kind === 'text' || kind === 'email' || kind === 'url') && typeof value === 'string') {
    if (max !== null && max > 0 && value.length > max)
      return `Must be no more than ${max} characters.`;
    if (min !== null && value.length < min) return `Must be at least ${min} characters.`;
    if (kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value))
      return 'Must be a valid email address.';
    if (kind === 'url' && !URL.canParse(value)) return 'Must be a valid url.';
  }
  if (kind === 'select' && typeof value === 'string' && !(field.values ?? []).includes(value)) {
    return `Must be one of ${(field.values ?? []).join(', ')}.`;
  }
  if (kind === 'json' && typeof value === 'string') {
    try {
      JSON.parse(value);
    } catch {
      return 'Must be valid JSON.';
    }
  }
  return null;
}

/** Every field's error, keyed by field name (empty when the form may be sent). */
export function checkForm(
  fields: readonly FieldModel[],
  values: Readonly<Record<string, FormValue>>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const error = checkField(field, values[field.name] ?? null);
    if (error) errors[field.name] = error;
  }
  return errors;
}

/** The request body for `values` (only the form's fields). */
export function toBody(
  fields: readonly FieldModel[],
  values: Readonly<Record<string, FormValue>>,
): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((f) => [f.name, toApiValue(f, values[f.name] ?? null)] as const),
  );
}

/** The fields an edit changed (an edit sends only those, so it does not undo someone else's). */
export function changedBody(
  fields: readonly FieldModel[],
  initial: Readonly<Record<string, FormValue>>,
  values: Readonly<Record<string, FormValue>>,
): Record<string, unknown> {
  const before = toBody(fields, initial);
  const after = toBody(fields, values);
  return Object.fromEntries(
    Object.entries(after).filter(
      ([name, value]) => JSON.stringify(value) !== JSON.stringify(before[name]),
    ),
  );
}
