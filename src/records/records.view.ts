// Records as the API shows them: field values, relation ids, `expand` and `fields` projection.
import type { Principal } from '../access/principal.js';
import { isOperator } from '../access/kernel.js';
import type { CollectionDef } from './collections.js';
import { toApiValue } from './fields.js';
import type { PathTree } from './records.query.js';
import type { Row } from './records.repo.js';

export type ApiRecord = Record<string, unknown> & { id: string; expand?: Record<string, unknown> };

/** One stored row (+ its multi-relation ids) as an API record. Hidden fields never appear. */
export function toApiRecord(
  collection: CollectionDef,
  row: Row,
  relations: ReadonlyMap<string, ReadonlyMap<string, string[]>>,
  viewer: Principal,
): ApiRecord {
  const record: ApiRecord = {
    collectionId: collection.id,
    collectionName: collection.name,
    id: row.id,
  };
  for (const field of collection.fields) {
    if (field.hidden || field.name === 'id') continue;
    record[field.name] =
      field.type === 'relation' && field.multiple
        ? [...(relations.get(field.name)?.get(row.id) ?? [])]
        : toApiValue(field, row[field.name]);
  }
  // PocketBase hides a user's email from others unless the user made it visible.
  if (collection.type === 'auth' && collection.name === 'users') {
    const self = viewer.type === 'user' && viewer.id === row.id;
    if (!self && !isOperator(viewer) && !record.emailVisibility) record.email = '';
  }
  return record;
}

/** Keeps only the requested fields (`*` keeps all at that level; `expand.x.y` reaches into expands). */
export function project(record: Record<string, unknown>, tree: PathTree): Record<string, unknown> {
  if (Object.keys(tree).length === 0) return record;
  const out: Record<string, unknown> = {};
  const all = '*' in tree;
  for (const [key, value] of Object.entries(record)) {
    const sub = tree[key];
    if (!all && !sub) continue;
    if (key === 'expand' && sub && typeof value === 'object' && value !== null) {
      const expand: Record<string, unknown> = {};
      for (const [name, expanded] of Object.entries(value as Record<string, unknown>)) {
        const branch =
          Object.keys(sub).length === 0 ? {} : (sub[name] ?? (sub['*'] ? {} : undefined));
        if (!branch) continue;
        expand[name] = Array.isArray(expanded)
          ? expanded.map((e) => project(e as Record<string, unknown>, branch))
          : project(expanded as Record<string, unknown>, branch);
      }
      out.expand = expand;
    } else {
      out[key] = value;
    }
  }
  return out;
}
