// A multipart record body → the JSON body the records engine and the users service read:
// each plain value typed by the field it sets, then @jsonPayload parts merged over them
// (PocketBase: tools/router/unmarshal_request_data.go, core/field_*.go PrepareValue).
import { AppError, type FieldErrors } from '../errors.js';
import type { FormParts } from '../http/multipart-body.js';
import { mayHoldLoneSurrogate, wellFormedDeep } from '../lib/well-formed.js';
import { type CollectionDef, type FieldType, fieldOf } from '../catalogue/collections.js';

/** The part the SDK puts JSON values in (objects, arrays) so that they keep their types. */
export const JSON_PAYLOAD = '@jsonPayload';

/** Body keys of auth collections that are no catalogue field (the accounts services read them). */
const AUTH_BODY_KEYS: Readonly<Record<string, FieldType>> = {
  password: 'text',
  passwordConfirm: 'text',
  oldPassword: 'text',
  revokeTokens: 'bool',
};

/** Go's strconv.ParseBool, which PocketBase's bool field applies to text. */
const BOOLS: Readonly<Record<string, boolean>> = {
  '': false,
  ...Object.fromEntries(['1', 't', 'T', 'true', 'TRUE', 'True'].map((v) => [v, true])),
  ...Object.fromEntries(['0', 'f', 'F', 'false', 'FALSE', 'False'].map((v) => [v, false])),
};

/**
 * The body a multipart create/update stands for. Files are refused (400 naming every file part):
 * Gatehouse has no file fields yet, and nothing is ever stored.
 */
export function formRecordBody(
  collection: CollectionDef,
  form: FormParts,
  mode: 'create' | 'update',
): Record<string, unknown> {
  const failed = mode === 'create' ? 'Failed to create record.' : 'Failed to update record.';
  if (form.files.length > 0) {
    const errors: FieldErrors = {};
    for (const name of form.files) {
      errors[name] = {
        code: 'validation_not_a_file_field',
        message: notAFileField(collection, name),
      };
    }
    throw new AppError(400, 'validation_failed', failed, errors);
  }

  const plain = new Map<string, string[]>();
  const payloads: string[] = [];
  for (const { name, value } of form.fields) {
    if (name === JSON_PAYLOAD) payloads.push(value);
    else plain.set(name, [...(plain.get(name) ?? []), value]);
  }
  // Built as entries, never assigned: a key such as "__proto__" stays a plain key.
  const body = new Map<string, unknown>();
  for (const [key, values] of plain) body.set(key, typed(collection, key, values));
  for (const text of payloads) {
    for (const [key, value] of Object.entries(jsonPayload(text, failed))) body.set(key, value);
  }
  return Object.fromEntries(body);
}

function notAFileField(collection: CollectionDef, name: string): string {
  const field = fieldOf(collection, name.replace(/^\+|[+-]$/g, ''));
  return field
    ? `"${field.name}" is a ${field.type} field, not a file field; files are not accepted.`
    : `"${name}" is not a file field of ${collection.name}; files are not accepted.`;
}

/**
 * The value of `key` from its plain text parts, as PocketBase ends up with it: its binder infers
 * booleans and numbers from text and each field's PrepareValue casts that back to the field's
 * type, so the outcome is decided by the field. A repeated name gives a list (multi-value fields).
 */
function typed(collection: CollectionDef, key: string, values: string[]): unknown {
  const name = /^\+?([A-Za-z_]\w*)[+-]?$/.exec(key)?.[1] ?? '';
  const field = fieldOf(collection, name);
  const type = field?.type ?? (collection.type === 'auth' ? AUTH_BODY_KEYS[name] : undefined);
  if (field?.type === 'relation' && field.multiple) return values.filter((v) => v !== '');
  const one = (text: string): unknown => {
    if (type === 'bool') return BOOLS[text] ?? text;
    if (type === 'json') return jsonFieldValue(text);
    // Text-like fields keep the characters sent ("007" stays "007"); numbers are parsed by the
    // number field itself, which reports what it cannot read.
    return text;
  };
  return values.length === 1 ? one(values[0] ?? '') : values.map(one);
}

/** core/field_json.go PrepareValue: JSON when the text is a JSON value, else the text itself. */
function jsonFieldValue(text: string): unknown {
  if (text === '' || !/^[-\d"[{]|^(null|true|false)$/.test(text)) return text;
  try {
    return wellFormed(text, JSON.parse(text));
  } catch {
    return text;
  }
}

/** One @jsonPayload part: a JSON object whose keys are set as if sent in a JSON body. */
function jsonPayload(text: string, failed: string): Record<string, unknown> {
  const refuse = (message: string) =>
    new AppError(400, 'validation_failed', failed, {
      [JSON_PAYLOAD]: { code: 'validation_invalid_json', message },
    });
  let value: unknown;
  try {
    // As the JSON body parser: no prototype keys.
    value = JSON.parse(text, (key, inner: unknown) => {
      if (key === '__proto__' || (key === 'constructor' && hasPrototype(inner))) {
        throw new Error('prototype key');
      }
      return inner;
    });
  } catch {
    throw refuse('Must be a JSON object (without __proto__ or constructor.prototype keys).');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse('Must be a JSON object.');
  }
  return wellFormed(text, value) as Record<string, unknown>;
}

function hasPrototype(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype');
}

/** A lone UTF-16 surrogate from a `\ud800` escape becomes U+FFFD, as in JSON bodies (app.ts). */
function wellFormed(text: string, value: unknown): unknown {
  return mayHoldLoneSurrogate(text) ? wellFormedDeep(value) : value;
}
