// The collections catalogue, declared once: fields, module and access mode of every collection.
import type { ModuleName } from './modules.js';

export type FieldType =
  'text' | 'number' | 'bool' | 'email' | 'url' | 'date' | 'select' | 'json' | 'relation';

export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  /** select: the allowed values. */
  values?: readonly string[];
  /** relation: the target collection; `multiple` relations are stored in `record_relations`. */
  collection?: string;
  multiple?: boolean;
  /** relation: deleting the target deletes this record too (an alert goes with its system). */
  cascadeDelete?: boolean;
  /** text: maximum length (default 5000). number: inclusive bounds. */
  max?: number;
  min?: number;
  /** Hidden fields never leave the server (e.g. password hashes). */
  hidden?: boolean;
  /** System fields are set by Gatehouse, never by a request. */
  system?: boolean;
}

/**
 * How a record's scope is decided (SPEC §4):
 * - members: users (and later groups) listed in the record's relation fields;
 * - owner: the record belongs to the user in `owner`, and is visible only while its `parent`
 *   relation (if any) is visible;
 * - parent: visible exactly when the `parent` relation's record is visible;
 * - self: auth collections — a user sees only their own account.
 */
export type AccessMode =
  | { mode: 'members'; users: string; groups: string }
  | { mode: 'owner'; owner: string; parent?: string }
  | { mode: 'parent'; parent: string }
  | { mode: 'self' }
  /** Directory data (groups, roles): viewing needs one of `view`, changing needs `manage`. */
  | { mode: 'admin'; view: readonly string[]; manage: string }
  | { mode: 'operators' };

export interface CollectionDef {
  id: string;
  name: string;
  type: 'base' | 'auth';
  module: ModuleName | null;
  access: AccessMode;
  fields: readonly FieldDef[];
}

const BASE_FIELDS: FieldDef[] = [
  { name: 'id', type: 'text', system: true },
  { name: 'created', type: 'date', system: true },
  { name: 'updated', type: 'date', system: true },
];

const STATUS = ['planned', 'active', 'on-hold', 'completed', 'archived'] as const;

export const COLLECTIONS: readonly CollectionDef[] = [
  {
    id: '_pb_users_auth_',
    name: 'users',
    type: 'auth',
    module: null,
    access: { mode: 'self' },
    fields: [
      ...BASE_FIELDS,
      { name: 'email', type: 'email', required: true },
      { name: 'emailVisibility', type: 'bool' },
      { name: 'verified', type: 'bool' },
      { name: 'name', type: 'text', max: 255 },
      { name: 'username', type: 'text', max: 100 },
      // The direct role, by name (validated against the roles collection by the users service).
      { name: 'role', type: 'text', max: 100 },
      { name: 'status', type: 'select', values: ['active', 'disabled'] },
      { name: 'groups', type: 'relation', collection: 'groups', multiple: true },
      // Service accounts (kind `service`) are written through /api/service-accounts only.
      { name: 'kind', type: 'select', values: ['user', 'service'], system: true },
      { name: 'owner', type: 'relation', collection: 'users', system: true },
      { name: 'description', type: 'text', max: 1000, system: true },
    ],
  },
  {
    id: 'pbc_3142635823',
    name: '_superusers',
    type: 'auth',
    module: null,
    access: { mode: 'operators' },
    fields: [...BASE_FIELDS, { name: 'email', type: 'email', required: true }],
  },
  {
    id: 'pbc_groups000001',
    name: 'groups',
    type: 'base',
    module: 'admin',
    access: {
      mode: 'admin',
      view: ['users.view', 'users.manage', 'groups.manage'],
      manage: 'groups.manage',
    },
    fields: [
      ...BASE_FIELDS,
      { name: 'name', type: 'text', required: true, max: 100 },
      { name: 'description', type: 'text', max: 1000 },
      { name: 'parent', type: 'relation', collection: 'groups' },
      { name: 'roles', type: 'relation', collection: 'roles', multiple: true },
    ],
  },
  {
    id: 'pbc_roles0000001',
    name: 'roles',
    type: 'base',
    module: 'admin',
    access: {
      mode: 'admin',
      view: ['users.view', 'users.manage', 'groups.manage', 'roles.manage'],
      manage: 'roles.manage',
    },
    fields: [
      ...BASE_FIELDS,
      { name: 'name', type: 'text', required: true, max: 100 },
      { name: 'description', type: 'text', max: 1000 },
      { name: 'level', type: 'number', min: 0, max: 5 },
      { name: 'permissions', type: 'json' },
      { name: 'builtin', type: 'bool', system: true },
    ],
  },
  {
    id: 'pbc_systems00001',
    name: 'systems',
    type: 'base',
    module: 'systems',
    access: { mode: 'members', users: 'users', groups: 'groups' },
    fields: [
      ...BASE_FIELDS,
      { name: 'name', type: 'text', required: true, max: 255 },
      { name: 'host', type: 'text', required: true, max: 255 },
      { name: 'port', type: 'number', min: 0, max: 65535 },
      { name: 'status', type: 'select', values: ['up', 'down', 'paused', 'pending'] },
      { name: 'info', type: 'json' },
      { name: 'users', type: 'relation', collection: 'users', multiple: true },
      { name: 'groups', type: 'relation', collection: 'groups', multiple: true },
    ],
  },
  {
    id: 'pbc_alerts000001',
    name: 'alerts',
    type: 'base',
    module: 'alerts',
    access: { mode: 'owner', owner: 'user', parent: 'system' },
    fields: [
      ...BASE_FIELDS,
      { name: 'user', type: 'relation', collection: 'users', required: true, cascadeDelete: true },
      {
        name: 'system',
        type: 'relation',
        collection: 'systems',
        required: true,
        cascadeDelete: true,
      },
      { name: 'name', type: 'text', required: true, max: 255 },
      { name: 'value', type: 'number' },
      { name: 'min', type: 'number' },
      { name: 'triggered', type: 'bool' },
    ],
  },
  {
    id: 'pbc_projects0001',
    name: 'projects',
    type: 'base',
    module: 'projects',
    access: { mode: 'members', users: 'users', groups: 'groups' },
    fields: [
      ...BASE_FIELDS,
      { name: 'name', type: 'text', required: true, max: 255 },
      { name: 'client', type: 'text', max: 255 },
      { name: 'status', type: 'select', values: STATUS },
      { name: 'starts', type: 'date' },
      { name: 'ends', type: 'date' },
      { name: 'users', type: 'relation', collection: 'users', multiple: true },
      { name: 'groups', type: 'relation', collection: 'groups', multiple: true },
    ],
  },
  {
    id: 'pbc_reports00001',
    name: 'reports',
    type: 'base',
    module: 'reports',
    access: { mode: 'parent', parent: 'project' },
    fields: [
      ...BASE_FIELDS,
      {
        name: 'project',
        type: 'relation',
        collection: 'projects',
        required: true,
        cascadeDelete: true,
      },
      { name: 'title', type: 'text', required: true, max: 255 },
      { name: 'status', type: 'select', values: ['draft', 'review', 'final'] },
      { name: 'body', type: 'json' },
    ],
  },
  {
    id: 'pbc_findings0001',
    name: 'findings',
    type: 'base',
    module: 'findings',
    access: { mode: 'parent', parent: 'project' },
    fields: [
      ...BASE_FIELDS,
      {
        name: 'project',
        type: 'relation',
        collection: 'projects',
        required: true,
        cascadeDelete: true,
      },
      { name: 'title', type: 'text', required: true, max: 255 },
      { name: 'severity', type: 'select', values: ['info', 'low', 'medium', 'high', 'critical'] },
      { name: 'cvss', type: 'number', min: 0, max: 10 },
      { name: 'status', type: 'select', values: ['open', 'fixed', 'accepted', 'false-positive'] },
    ],
  },
  {
    id: 'pbc_assets000001',
    name: 'assets',
    type: 'base',
    module: 'assets',
    access: { mode: 'parent', parent: 'project' },
    fields: [
      ...BASE_FIELDS,
      {
        name: 'project',
        type: 'relation',
        collection: 'projects',
        required: true,
        cascadeDelete: true,
      },
      {
        name: 'type',
        type: 'select',
        required: true,
        values: ['host', 'url', 'ip', 'domain', 'application', 'other'],
      },
      { name: 'value', type: 'text', required: true, max: 2048 },
      { name: 'status', type: 'select', values: ['in-scope', 'out-of-scope', 'retired'] },
      { name: 'tags', type: 'json' },
    ],
  },
];

const BY_NAME = new Map(COLLECTIONS.map((c) => [c.name, c]));
const BY_ID = new Map(COLLECTIONS.map((c) => [c.id, c]));

/** A collection by name or id (PocketBase accepts both in URLs). */
export function findCollection(nameOrId: string): CollectionDef | undefined {
  return BY_NAME.get(nameOrId) ?? BY_ID.get(nameOrId);
}

export function getCollection(name: string): CollectionDef {
  const collection = BY_NAME.get(name);
  if (!collection) throw new Error(`unknown collection ${name}`);
  return collection;
}

export function fieldOf(collection: CollectionDef, name: string): FieldDef | undefined {
  return collection.fields.find((f) => f.name === name);
}

/**
 * Back-relations: relation fields elsewhere pointing at `collection` (for `x_via_field`; the
 * collection by name or id, as PocketBase's getCollectionByModelOrIdentifier).
 */
export function backRelation(
  collection: CollectionDef,
  name: string,
): { from: CollectionDef; field: FieldDef } | undefined {
  const match = /^(\w+)_via_(\w+)$/.exec(name);
  if (!match) return undefined;
  const from = findCollection(match[1] ?? '');
  const field = from ? fieldOf(from, match[2] ?? '') : undefined;
  if (!from || field?.type !== 'relation' || field.collection !== collection.name) return undefined;
  return { from, field };
}
