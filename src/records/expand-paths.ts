// `?expand=` as PocketBase reads it (core/record_query_expand.go): which relation paths to expand.
//
// Paths are split on `,`, spaces removed and dots trimmed; a path that another one extends is
// dropped (`a,a.b` → `a.b`). Each path names relation fields or back-relations
// (`<collection>_via_<field>`, the collection by name or id), one per level; levels past the 6th
// are ignored. A path with a segment that names neither is dropped whole — PocketBase fails the
// path before anything of it is expanded — and never refuses the request.
import {
  type CollectionDef,
  backRelation,
  fieldOf,
  findCollection,
} from '../catalogue/collections.js';

export const MAX_EXPAND_DEPTH = 6;

/** The relations to expand from one collection: name → what to expand from its records. */
export interface ExpandTree {
  [name: string]: ExpandTree;
}

/** normalizeExpands: cleaned paths, without those a longer path contains, each once. */
export function normalizeExpands(raw: string): string[] {
  const paths = raw
    .split(',')
    .map((p) => p.replaceAll(' ', '').replace(/^\.+|\.+$/g, ''))
    .filter((p) => p !== '');
  const kept = paths.filter(
    (p, i) => !paths.some((other, j) => i !== j && other.startsWith(`${p}.`)),
  );
  return [...new Set(kept)];
}

/** The collection a path segment leads to from `collection`, or undefined when it names no relation. */
function step(collection: CollectionDef, segment: string): CollectionDef | undefined {
  // As PocketBase, a segment shaped like a back-relation is read as one, never as a field.
  if (/^\w+_via_\w+$/.test(segment)) return backRelation(collection, segment)?.from;
  const field = fieldOf(collection, segment);
  return field?.type === 'relation' && !field.hidden
    ? findCollection(field.collection ?? '')
    : undefined;
}

/** The expand tree of `raw` from `collection`: only paths that name relations at every level. */
export function expandTree(collection: CollectionDef, raw: string): ExpandTree {
  const tree: ExpandTree = {};
  for (const path of normalizeExpands(raw)) {
    const segments = path.split('.').slice(0, MAX_EXPAND_DEPTH);
    let at: CollectionDef | undefined = collection;
    for (const segment of segments) {
      at = at ? step(at, segment) : undefined;
    }
    if (!at) continue;
    let node = tree;
    for (const segment of segments) node = node[segment] ??= {};
  }
  return tree;
}
