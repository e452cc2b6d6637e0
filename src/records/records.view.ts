// Records as the API shows them: field values and relation ids (expand: records.expand.ts; fields: fields-picker.ts).
import { maySeeEmail, type Principal } from '../access/index.js';
import type { CollectionDef } from '../catalogue/collections.js';
import { toApiValue } from './fields.js';
import type { Row } from './records.repo.js';

export type ApiRecord = Record<string, unknown> & { id: string; expand?: Record<string, unknown> };

/** One stored row (+ its multi-relation ids) as an API record. Hidden fields never appear. */
export function toApiRecord(
  collection: CollectionDef,
  row: Row,
  relations: ReadonlyMap<string, ReadonlyMap<string, string[]>>,
  viewer: Principal,
  /** The viewer reads the directory (`readsDirectory`): users' emails are shown. */
  directoryReader = false,
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
  // PocketBase hides a user's email from others unless the user made it visible; Gatehouse also
  // shows it to those who read the directory (the users list, as the export does).
  if (collection.type === 'auth' && collection.name === 'users') {
    if (!maySeeEmail(viewer, row.id, Boolean(record.emailVisibility), directoryReader))
      record.email = '';
  }
  return record;
}
