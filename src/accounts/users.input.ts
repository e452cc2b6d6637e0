// A user body read at the edge: PocketBase's `groups+` / `groups-` modifiers, then the schema.
import { parseInput } from '../lib/validation.js';
import { type UserCreate, userCreateSchema, userUpdateSchema } from './users.schema.js';

/**
 * `groups+` (append), `+groups` (prepend) and `groups-` (remove), a value or a list, applied to
 * the user's groups `before` (or to `groups` when the body sets it too), as PocketBase does for
 * every multiple relation; the body then carries the resulting `groups`.
 */
export function withGroupModifiers(body: unknown, before: readonly string[]): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const input = body as Record<string, unknown>;
  const { '+groups': prepend, 'groups+': append, 'groups-': remove, ...rest } = input;
  if (prepend === undefined && append === undefined && remove === undefined) return body;
  const list = (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  const start = 'groups' in rest ? list(rest.groups) : [...before];
  const groups = [...list(prepend), ...start, ...list(append)];
  const removed = new Set(list(remove));
  return { ...rest, groups: [...new Set(groups)].filter((g) => !removed.has(g)) };
}

/** A new account's body (JSON or form), parsed as create() takes it: 400 `Failed to create record.` */
export function parseUserCreate(body: unknown): UserCreate {
  return parseInput(userCreateSchema, withGroupModifiers(body, []), 'Failed to create record.');
}

/**
 * A change's body as update() takes it: an object (anything else is the 400 the schema answers).
 * Its fields are parsed by update() once the user's groups are known (`groups+` / `groups-`).
 */
export function userChangeBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return body as Record<string, unknown>;
  return parseInput(userUpdateSchema, body, 'Failed to update record.');
}
