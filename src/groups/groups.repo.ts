// The groups table's own queries: a new group (the records engine writes those made through the
// API; the CSV import creates its groups here), a sibling of the same name, a group's children.
import type { Db } from '../db/connect.js';

export interface NewGroup {
  id: string;
  name: string;
  parent: string;
  created: string;
}

export async function insertGroup(db: Db, group: NewGroup): Promise<void> {
  await db
    .insertInto('groups')
    .values({ ...group, description: '', updated: group.created })
    .execute();
}

/** Whether `parent` has a child named `name` other than `exceptId`. */
export async function siblingNamed(
  db: Db,
  parent: string,
  name: string,
  exceptId: string,
): Promise<boolean> {
  const sibling = await db
    .selectFrom('groups')
    .select('id')
    .where('parent', '=', parent)
    .where('name', '=', name)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return sibling !== undefined;
}

export function childrenOf(db: Db, id: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('groups').select(['id', 'name']).where('parent', '=', id).execute();
}
