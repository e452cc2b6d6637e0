// How a record write stores its links: relation changes applied, and deletes cascaded (or their
// references cleared) through every collection that points at the deleted records.
import type { Db } from '../db/connect.js';
import { COLLECTIONS, type CollectionDef } from '../catalogue/collections.js';
import * as repo from './records.repo.js';
import type { RecordWrite } from './records.write.js';

/** Applies a write's relation changes (set, prepend, append, remove) to record `id`. */
export async function applyRelations(
  tx: Db,
  collection: CollectionDef,
  id: string,
  write: RecordWrite,
): Promise<void> {
  for (const [field, change] of write.relations) {
    const link = { collection: collection.name, field, recordId: id };
    if (change.set) {
      await repo.removeRelations(tx, link);
      await repo.addRelations(tx, link, change.set, 'append');
    }
    if (change.prepend) await repo.addRelations(tx, link, change.prepend, 'prepend');
    if (change.append) await repo.addRelations(tx, link, change.append, 'append');
    if (change.remove) await repo.removeRelations(tx, link, change.remove);
  }
}

/** Deletes records and, recursively, the records whose cascading relations point at them. */
export async function deleteCascade(
  tx: Db,
  collection: CollectionDef,
  ids: string[],
): Promise<string[]> {
  const cascaded: string[] = [];
  for (const other of COLLECTIONS) {
    for (const field of other.fields) {
      if (field.type !== 'relation' || field.collection !== collection.name) continue;
      if (field.multiple) {
        for (const id of ids) await repo.removeLinksTo(tx, other.name, field.name, id);
      } else if (field.cascadeDelete) {
        const dependents = await repo.idsReferencing(tx, other.name, field.name, ids);
        if (dependents.length > 0) {
          cascaded.push(...dependents.map((d) => `${other.name}/${d}`));
          cascaded.push(...(await deleteCascade(tx, other, dependents)));
        }
      } else {
        // A relation that does not cascade is cleared (as PocketBase does).
        await repo.clearReferences(tx, other.name, field.name, ids);
      }
    }
  }
  // The row first: deleting it locks it (PostgreSQL), so a writer holding it (a bulk share) commits
  // its links before they are removed here, and one that comes after finds the row gone.
  for (const id of ids) {
    await repo.deleteRow(tx, collection.name, id);
    await repo.removeAllRelationsOf(tx, collection.name, id);
  }
  return cascaded;
}
