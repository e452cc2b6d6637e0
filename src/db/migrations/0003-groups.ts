// Groups (a forest: one parent each). Their roles, user memberships and record shares with groups
// are rows in record_relations (groups.roles, users.groups, systems.groups, projects.groups).
import type { Kysely, Migration } from 'kysely';

export function groups(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('parent', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('updated', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('groups_parent').on('groups').column('parent').execute();
      await db.schema.createIndex('groups_created').on('groups').column('created').execute();
      // Sibling names are unique, so a path names exactly one group.
      await db.schema
        .createIndex('groups_parent_name')
        .on('groups')
        .columns(['parent', 'name'])
        .unique()
        .execute();
    },
  };
}
