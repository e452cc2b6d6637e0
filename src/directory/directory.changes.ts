// A directory change as it travels: the message other instances hear (NOTIFY), and the entities it
// patches into an access index — after this instance's commit or on hearing another's.
import type { AccessIndex, GroupData, RoleData, UserData } from '../access/index.js';
import type { AccessEvent } from './directory.js';

/** pg_notify refuses payloads of 8000 bytes or more; bigger changes are announced as `all`. */
const MAX_PAYLOAD = 7900;
/** Entities read back per statement (bound parameters stay well under both databases' limits). */
const CHUNK = 1000;

/** Each changed entity by id: its state now, or null when it no longer exists. */
export interface EntityChanges {
  roles: ReadonlyMap<string, RoleData | null>;
  groups: ReadonlyMap<string, GroupData | null>;
  users: ReadonlyMap<string, UserData | null>;
}

/** The entities of a change into `index`: upserted, or removed when gone. */
export function patchIndex(index: AccessIndex, changes: EntityChanges): void {
  for (const [id, role] of changes.roles) {
    if (role) index.upsertRole(role);
    else index.removeRole(id);
  }
  for (const [id, group] of changes.groups) {
    if (group) index.upsertGroup(group);
    else index.removeGroup(id);
  }
  for (const [id, user] of changes.users) {
    if (user) index.upsertUser(user);
    else index.removeUser(id);
  }
}

/** The NOTIFY payload of a change: its version and what to reload (`all` when too long). */
export function encodeMessage(events: readonly AccessEvent[], version: number): string {
  let list: { kind: string; id: string }[] = events.map(({ kind, id }) => ({ kind, id }));
  let payload = JSON.stringify({ v: version, e: list });
  if (payload.length > MAX_PAYLOAD) {
    list = [{ kind: 'all', id: '' }];
    payload = JSON.stringify({ v: version, e: list });
  }
  return payload;
}

export function parseMessage(payload: string): { version: number; events: AccessEvent[] } | null {
  try {
    const value = JSON.parse(payload) as { v?: unknown; e?: unknown };
    if (typeof value.v !== 'number' || !Array.isArray(value.e)) return null;
    const events = value.e.filter(
      (e): e is AccessEvent =>
        typeof e === 'object' &&
        e !== null &&
        ['role', 'group', 'user', 'all'].includes((e as AccessEvent).kind) &&
        typeof (e as AccessEvent).id === 'string',
    );
    return { version: value.v, events };
  } catch {
    return null;
  }
}

/** `ids` → the entity read back for each (null: it no longer exists). */
export function byId<T extends RoleData | GroupData | UserData>(
  ids: readonly string[],
  found: readonly T[],
): Map<string, T | null> {
  const map = new Map<string, T | null>(ids.map((id) => [id, null]));
  for (const item of found) map.set(item.id, item);
  return map;
}

export async function chunked<T>(
  ids: readonly string[],
  load: (part: readonly string[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}
