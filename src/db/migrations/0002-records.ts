// Roles as data (seeded with the built-ins), the resource collections and multi-relation rows.
import type { Kysely, Migration } from 'kysely';
import { SEEDED_ROLES } from './frozen/roles-0002.js';
import { newId, timestamp } from './frozen/values.js';

type ColumnType = 'text' | 'double precision' | 'integer';

/** Columns of each resource table besides id/created/updated (the catalogue's scalar fields). */
const TABLES: Record<string, [string, ColumnType, { notNull?: boolean }?][]> = {
  systems: [
    ['name', 'text', { notNull: true }],
    ['host', 'text', { notNull: true }],
    ['port', 'double precision'],
    ['status', 'text', { notNull: true }],
    ['info', 'text'],
  ],
  alerts: [
    ['user', 'text', { notNull: true }],
    ['system', 'text', { notNull: true }],
    ['name', 'text', { notNull: true }],
    ['value', 'double precision'],
    ['min', 'double precision'],
    ['triggered', 'integer', { notNull: true }],
  ],
  projects: [
    ['name', 'text', { notNull: true }],
    ['client', 'text', { notNull: true }],
    ['status', 'text', { notNull: true }],
    ['starts', 'text', { notNull: true }],
    ['ends', 'text', { notNull: true }],
  ],
  reports: [
    ['project', 'text', { notNull: true }],
    ['title', 'text', { notNull: true }],
    ['status', 'text', { notNull: true }],
    ['body', 'text'],
  ],
  findings: [
    ['project', 'text', { notNull: true }],
    ['title', 'text', { notNull: true }],
    ['severity', 'text', { notNull: true }],
    ['cvss', 'double precision'],
    ['status', 'text', { notNull: true }],
  ],
  assets: [
    ['project', 'text', { notNull: true }],
    ['type', 'text', { notNull: true }],
    ['value', 'text', { notNull: true }],
    ['status', 'text', { notNull: true }],
    ['tags', 'text'],
  ],
};

/** Single relations that scope queries follow; each gets an index. */
const INDEXED = [
  ['alerts', 'user'],
  ['alerts', 'system'],
  ['reports', 'project'],
  ['findings', 'project'],
  ['assets', 'project'],
] as const;

export function records(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('roles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('builtin', 'integer', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('updated', 'text', (c) => c.notNull())
        .execute();
      const now = timestamp();
      await (db as Kysely<{ roles: Record<string, unknown> }>)
        .insertInto('roles')
        .values(
          SEEDED_ROLES.map((r) => ({
            id: newId(),
            name: r.name,
            description: r.description,
            level: r.level,
            permissions: JSON.stringify(r.permissions),
            builtin: r.builtin ? 1 : 0,
            created: now,
            updated: now,
          })),
        )
        .execute();

      for (const [table, columns] of Object.entries(TABLES)) {
        let builder = db.schema.createTable(table).addColumn('id', 'text', (c) => c.primaryKey());
        for (const [name, type, options] of columns) {
          builder = builder.addColumn(name, type, (c) => (options?.notNull ? c.notNull() : c));
        }
        await builder
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('updated', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex(`${table}_created`).on(table).column('created').execute();
      }
      for (const [table, column] of INDEXED) {
        await db.schema.createIndex(`${table}_${column}`).on(table).column(column).execute();
      }

      // Multi-valued relations (systems.users, …): one row per link, so "records shared with
      // user U" is an index range scan, and concurrent `users+` updates cannot lose each other.
      await db.schema
        .createTable('record_relations')
        .addColumn('collection', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('recordId', 'text', (c) => c.notNull())
        .addColumn('targetId', 'text', (c) => c.notNull())
        .addColumn('pos', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_relations_pk', [
          'collection',
          'field',
          'recordId',
          'targetId',
        ])
        .execute();
      await db.schema
        .createIndex('record_relations_target')
        .on('record_relations')
        .columns(['targetId', 'collection', 'field', 'recordId'])
        .execute();
    },
  };
}
