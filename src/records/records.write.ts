// Request bodies for record create/update: field validation and relation modifiers (users+, +users, users-).
import { type FieldError, type FieldErrors, recordInvalid } from '../errors.js';
import { type CollectionDef, type FieldDef, fieldOf } from '../catalogue/collections.js';
import { emptyStored, parseIdList, parseScalar, type StoredValue } from './fields.js';
import { RECORD_ID } from '../lib/record-id.js';

export interface RelationChange {
  set?: string[];
  append?: string[];
  prepend?: string[];
  remove?: string[];
}

export interface RecordWrite {
  scalars: Record<string, StoredValue>;
  relations: Map<string, RelationChange>;
}

const ID = RECORD_ID;

/**
 * Validates a create/update body against the collection's fields. Unknown keys are ignored, as
 * PocketBase does (clients send back whole records); every invalid field is reported at once. That
 * the body is an object the edge has checked (`recordBody` in records.contract.ts).
 */
export function parseRecordBody(
  collection: CollectionDef,
  input: Record<string, unknown>,
  mode: 'create' | 'update',
): RecordWrite & { id?: string } {
  const errors: FieldErrors = {};
  const write: RecordWrite & { id?: string } = { scalars: {}, relations: new Map() };

  if (mode === 'create' && input.id !== undefined && input.id !== '') {
    if (typeof input.id !== 'string' || !ID.test(input.id)) {
      errors.id = {
        code: 'validation_invalid_id',
        message: 'Must be 15 characters of a-z and 0-9.',
      };
    } else write.id = input.id;
  }

  for (const [key, value] of Object.entries(input)) {
    const match = /^(\+)?([A-Za-z_]\w*)([+-])?$/.exec(key);
    if (!match) continue;
    const [, plus, name = '', suffix] = match;
    const field = fieldOf(collection, name);
    if (!field || field.system || field.hidden) continue;
    if (plus || suffix) {
      if (field.type !== 'relation' || !field.multiple) {
        errors[key] = {
          code: 'validation_invalid_modifier',
          message: `"${key}": modifiers work on multiple relation fields only.`,
        };
        continue;
      }
      const ids = parseIdList({ ...field, required: false }, value);
      if ('error' in ids) {
        errors[key] = ids.error;
        continue;
      }
      const change = write.relations.get(name) ?? {};
      if (suffix === '-') change.remove = [...(change.remove ?? []), ...ids.value];
      else if (plus) change.prepend = [...(change.prepend ?? []), ...ids.value];
      else change.append = [...(change.append ?? []), ...ids.value];
      write.relations.set(name, change);
      continue;
    }
    const parsed = parseField(field, value);
    if ('error' in parsed) errors[name] = parsed.error;
    else if (Array.isArray(parsed.value))
      write.relations.set(name, { ...write.relations.get(name), set: parsed.value });
    else write.scalars[name] = parsed.value;
  }

  if (mode === 'create') {
    for (const field of collection.fields) {
      // System fields other than the base ones start empty (e.g. a role is not built in).
      if (field.system && !['id', 'created', 'updated'].includes(field.name))
        write.scalars[field.name] = emptyStored(field);
      if (field.system || field.hidden || errors[field.name]) continue;
      if (field.type === 'relation' && field.multiple) {
        if (
          field.required &&
          !write.relations.get(field.name)?.set?.length &&
          !write.relations.get(field.name)?.append?.length
        ) {
          errors[field.name] = { code: 'validation_required', message: 'Missing required value.' };
        }
        continue;
      }
      if (!(field.name in write.scalars)) {
        const parsed = parseScalar(field, undefined);
        if ('error' in parsed) errors[field.name] = parsed.error;
        else write.scalars[field.name] = parsed.value ?? emptyStored(field);
      }
    }
  }
  if (Object.keys(errors).length > 0) {
    throw recordInvalid(mode, errors);
  }
  return write;
}

function parseField(
  field: FieldDef,
  value: unknown,
): { value: StoredValue | string[] } | { error: FieldError } {
  if (field.type === 'relation' && field.multiple) return parseIdList(field, value);
  return parseScalar(field, value);
}

/** Every id a write references, per target collection (to check they exist). */
export function referencedIds(
  collection: CollectionDef,
  write: RecordWrite,
): Map<string, { field: string; ids: string[] }[]> {
  const out = new Map<string, { field: string; ids: string[] }[]>();
  const push = (field: FieldDef, ids: string[]) => {
    if (!field.collection || ids.length === 0) return;
    const list = out.get(field.collection) ?? [];
    list.push({ field: field.name, ids });
    out.set(field.collection, list);
  };
  for (const field of collection.fields) {
    if (field.type !== 'relation') continue;
    if (field.multiple) {
      const change = write.relations.get(field.name);
      if (change)
        push(field, [...(change.set ?? []), ...(change.append ?? []), ...(change.prepend ?? [])]);
    } else {
      const value = write.scalars[field.name];
      if (typeof value === 'string' && value !== '') push(field, [value]);
    }
  }
  return out;
}
