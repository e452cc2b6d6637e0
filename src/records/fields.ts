// Field values: validation of request input (PocketBase's error codes) and the stored ↔ API forms.
import { z } from 'zod';
import type { FieldError, FieldErrorCode } from '../errors.js';
import { toTimestamp } from '../lib/time.js';
import type { FieldDef } from '../catalogue/collections.js';

export type StoredValue = string | number | null;

const TEXT_MAX = 5000;
/**
 * The deepest a json field's value may be nested. JSON.parse takes any depth, but stringifying,
 * hashing and showing it again recurse, and overflow the stack a few thousand levels down.
 */
export const JSON_MAX_DEPTH = 64;
const ID = /^[a-z0-9_]{1,64}$/i;
const email = z.email();

const invalid = (code: FieldErrorCode, message: string): { error: FieldError } => ({
  error: { code, message },
});
const REQUIRED = invalid('validation_required', 'Missing required value.');

/** The empty value a field has when the request does not set it. */
export function emptyStored(field: FieldDef): StoredValue {
  switch (field.type) {
    case 'number':
    case 'bool':
      return 0;
    case 'json':
      return null;
    default:
      return '';
  }
}

/**
 * Validates one input value for a scalar or single-relation field and returns what to store.
 * Relation targets are checked for existence by the service, not here.
 */
export function parseScalar(
  field: FieldDef,
  input: unknown,
): { value: StoredValue } | { error: FieldError } {
  const isEmpty = input === null || input === undefined || input === '';
  switch (field.type) {
    case 'text':
    case 'relation': {
      if (isEmpty) return field.required ? REQUIRED : { value: '' };
      if (typeof input !== 'string' && typeof input !== 'number')
        return invalid('validation_invalid_type', 'Must be a string.');
      const text = String(input);
      if (field.type === 'relation' && !ID.test(text))
        return invalid('validation_invalid_relation', 'Invalid record id.');
      const max = field.max ?? TEXT_MAX;
      if (text.length > max)
        return invalid(
          'validation_max_text_constraint',
          `Must be no more than ${max} character(s).`,
        );
      return { value: text };
    }
    case 'number': {
      if (isEmpty) return field.required ? REQUIRED : { value: 0 };
      const n = typeof input === 'string' && input.trim() !== '' ? Number(input) : input;
      if (typeof n !== 'number' || !Number.isFinite(n))
        return invalid('validation_invalid_number', 'Must be a number.');
      if (field.min !== undefined && n < field.min)
        return invalid('validation_min_number_constraint', `Must be larger than ${field.min}.`);
      if (field.max !== undefined && n > field.max)
        return invalid('validation_max_number_constraint', `Must be less than ${field.max}.`);
      if (field.required && n === 0) return REQUIRED;
      return { value: n };
    }
    case 'bool': {
      const b = input === 'true' ? true : input === 'false' ? false : isEmpty ? false : input;
      if (typeof b !== 'boolean')
        return invalid('validation_invalid_bool', 'Must be true or false.');
      if (field.required && !b) return REQUIRED;
      return { value: b ? 1 : 0 };
    }
    case 'email': {
      if (isEmpty) return field.required ? REQUIRED : { value: '' };
      if (typeof input !== 'string' || !email.safeParse(input.trim()).success) {
        return invalid('validation_is_email', 'Must be a valid email address.');
      }
      return { value: input.trim().toLowerCase() };
    }
    case 'url': {
      if (isEmpty) return field.required ? REQUIRED : { value: '' };
      if (
        typeof input !== 'string' ||
        !/^https?:\/\/[^\s]+$/i.test(input) ||
        !URL.canParse(input)
      ) {
        return invalid('validation_is_url', 'Must be a valid url.');
      }
      return { value: input };
    }
    case 'date': {
      if (isEmpty) return field.required ? REQUIRED : { value: '' };
      const time =
        typeof input === 'string'
          ? Date.parse(input.includes('T') ? input : input.replace(' ', 'T'))
          : NaN;
      if (!Number.isFinite(time))
        return invalid('validation_invalid_date', 'Must be a valid date.');
      return { value: toTimestamp(new Date(time)) };
    }
    case 'select': {
      if (isEmpty) return field.required ? REQUIRED : { value: '' };
      if (typeof input !== 'string' || !(field.values ?? []).includes(input)) {
        return invalid(
          'validation_invalid_value',
          `Must be one of: ${(field.values ?? []).join(', ')}.`,
        );
      }
      return { value: input };
    }
    case 'json': {
      if (input === undefined || input === null) return field.required ? REQUIRED : { value: null };
      if (nestedDeeperThan(input, JSON_MAX_DEPTH))
        return invalid(
          'validation_json_depth_limit',
          `Must be nested at most ${JSON_MAX_DEPTH} levels deep.`,
        );
      const text = JSON.stringify(input);
      if (text.length > 1_000_000)
        return invalid('validation_json_size_limit', 'Must be less than 1 MB.');
      return { value: text };
    }
  }
}

/** True when `value` has more than `max` levels of arrays/objects; walks without recursing. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [current, depth] = item;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const inner of Object.values(current)) stack.push([inner, depth + 1]);
  }
  return false;
}

/** Validates the ids given for a multiple relation (an id or a list of ids), deduplicated in order. */
export function parseIdList(
  field: FieldDef,
  input: unknown,
): { value: string[] } | { error: FieldError } {
  const list =
    input === null || input === undefined || input === ''
      ? []
      : Array.isArray(input)
        ? (input as unknown[])
        : [input];
  if (list.length > 10_000) return invalid('validation_too_many_values', 'Too many values.');
  const ids: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string' || !ID.test(item))
      return invalid('validation_invalid_relation', 'Invalid record id.');
    if (!ids.includes(item)) ids.push(item);
  }
  if (field.required && ids.length === 0) return REQUIRED;
  return { value: ids };
}

/** A stored value as the API shows it. */
export function toApiValue(field: FieldDef, stored: unknown): unknown {
  switch (field.type) {
    case 'bool':
      return stored === 1 || stored === true || stored === '1';
    case 'number':
      return stored === null || stored === undefined ? 0 : Number(stored);
    case 'json':
      if (typeof stored !== 'string') return null;
      try {
        return JSON.parse(stored) as unknown;
      } catch {
        return null;
      }
    default:
      return stored ?? '';
  }
}
