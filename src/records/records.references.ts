// Before a write: every relation target it names exists, and where the access model says so
// (a scoped record's parent) is visible to the caller — else a 400 naming each field.
import { referenceMustBeVisible } from '../access/index.js';
import type { CollectionDef } from '../catalogue/collections.js';
import type { Db } from '../db/connect.js';
import { type FieldErrors, recordInvalid } from '../errors.js';
import type { ReadScope } from './records.expand.js';
import type { RecordReader } from './records.read.js';
import * as repo from './records.repo.js';
import { type RecordWrite, referencedIds } from './records.write.js';

/** What the check reads with: the database, the caller's view, the catalogue. */
export interface ReferenceLookups {
  db: Db;
  reader: RecordReader;
  collection: (nameOrId: string) => CollectionDef;
}

/** Relation targets must exist; parents of scoped records must also be visible to the caller. */
export async function checkReferences(
  { db, reader, collection: collectionOf }: ReferenceLookups,
  read: ReadScope,
  collection: CollectionDef,
  write: RecordWrite,
  mode: 'create' | 'update',
): Promise<void> {
  const errors: FieldErrors = {};
  for (const [target, uses] of referencedIds(collection, write)) {
    const targetCollection = collectionOf(target);
    for (const use of uses) {
      const found = referenceMustBeVisible(read.principal, collection, use.field)
        ? await reader.visibleIds(read, targetCollection, use.ids)
        : await repo.existingIds(db, target, use.ids);
      if (use.ids.some((i) => !found.has(i))) {
        errors[use.field] = {
          code: 'validation_missing_rel_records',
          message: 'Failed to find all relation records with the provided ids.',
        };
      }
    }
  }
  if (Object.keys(errors).length > 0) {
    throw recordInvalid(mode, errors);
  }
}
