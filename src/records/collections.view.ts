// The catalogue in PocketBase's collection shape (core/collection_model.go, core/field_*.go,
// core/collection_model_auth_options.go): field ids and options, API rules describing Gatehouse's
// access model, unique indexes and auth options — only what holds for Gatehouse.
import { crc32 } from 'node:zlib';
import { OTP_SECONDS } from '../accounts/superusers.service.js';
import type { Settings } from '../settings/settings.schema.js';
import {
  type CollectionDef,
  type FieldDef,
  COLLECTIONS,
  findCollection,
} from '../catalogue/collections.js';
import { RULES, SIGNED_IN, rule, rulesOf } from './collections.rules.js';

/** What the description depends on besides the catalogue. */
export interface CollectionsContext {
  shareAllSystems: boolean;
  auth: Settings['auth'];
}

export type CollectionModel = Record<string, unknown> & { id: string; name: string };

/** The catalogue is fixed: no collection is ever created or changed over the API. */
const CATALOGUE_DATE = '2024-01-01 00:00:00.000Z';

/** The most ids a multiple relation takes (records.write.ts; the users service caps groups lower). */
const MAX_RELATION_IDS = 10_000;
const MAX_USER_GROUPS = 1000;

/** The longest json value, as JSON text (fields.ts). */
const JSON_MAX_SIZE = 1_000_000;

/** Number fields whose hooks refuse decimals (roles/roles.hooks.ts: a role's level). */
const ONLY_INT = new Set(['roles.level']);

/** Unique constraints of the schema (db/migrations), in PocketBase's index notation. */
const INDEXES: Readonly<Record<string, readonly string[]>> = {
  users: [
    'CREATE UNIQUE INDEX `idx_email__pb_users_auth_` ON `users` (`email`)',
    'CREATE UNIQUE INDEX `idx_username__pb_users_auth_` ON `users` (`username`)',
  ],
  _superusers: ['CREATE UNIQUE INDEX `idx_email_pbc_3142635823` ON `_superusers` (`email`)'],
  roles: ['CREATE UNIQUE INDEX `idx_name_pbc_roles0000001` ON `roles` (`name`)'],
  groups: ['CREATE UNIQUE INDEX `idx_parent_name_pbc_groups000001` ON `groups` (`parent`, `name`)'],
};

/** All the collections, in catalogue order. */
export function collectionModels(context: CollectionsContext): CollectionModel[] {
  return COLLECTIONS.map((c) => collectionModel(c, context));
}

/** One collection as PocketBase's `GET /api/collections/{idOrName}` shows it. */
export function collectionModel(c: CollectionDef, context: CollectionsContext): CollectionModel {
  const rules = rulesOf(c, context);
  const model: CollectionModel = {
    id: c.id,
    ...Object.fromEntries(RULES.map((r) => [r, rules[r]])),
    name: c.name,
    type: c.type,
    fields: fieldsOf(c, context),
    indexes: [...(INDEXES[c.name] ?? [])],
    created: CATALOGUE_DATE,
    updated: CATALOGUE_DATE,
    // As in PocketBase, `_superusers` is the system collection (and nothing here is editable).
    system: c.name === '_superusers',
  };
  return c.type === 'auth' ? { ...model, ...authOptions(c, context) } : model;
}

// ---------------------------------------------------------------------------------------------
// Fields

function fieldsOf(c: CollectionDef, context: CollectionsContext): Record<string, unknown>[] {
  const fields = c.fields.filter((f) => !f.hidden).map((f) => fieldModel(c, f));
  if (c.type !== 'auth') return fields;
  // Auth records hold a password and a token key, kept by the accounts services, never shown.
  const hidden = [
    {
      ...base('password', 'password', { system: true, hidden: true }),
      pattern: '',
      min: context.auth.passwordMinLength,
      max: 256,
      // Users may have no password (service accounts; sign-in by other means).
      required: c.name === '_superusers',
    },
    {
      ...base('text', 'tokenKey', { system: true, hidden: true }),
      min: 50,
      max: 50,
      pattern: '',
      autogeneratePattern: '',
      primaryKey: false,
      required: true,
    },
  ];
  return [fields[0] ?? {}, ...hidden, ...fields.slice(1)];
}

/** The keys every PocketBase field has; the id is PocketBase's default: type + crc32(name). */
function base(type: string, name: string, flags: { system?: boolean; hidden?: boolean } = {}) {
  return {
    id: `${type}${crc32(name)}`,
    name,
    type,
    system: flags.system ?? false,
    hidden: flags.hidden ?? false,
    presentable: false,
  };
}

function fieldModel(c: CollectionDef, f: FieldDef): Record<string, unknown> {
  const required = f.required ?? false;
  const common = (type: string) => ({
    ...base(type, f.name, { system: f.system ?? false }),
    // A hint for consoles: the field that names a record in relation pickers.
    presentable: f.name === 'name' || f.name === 'title',
  });
  if (f.name === 'id') {
    return {
      ...common('text'),
      min: 15,
      max: 15,
      pattern: '^[a-z0-9]+$',
      autogeneratePattern: '[a-z0-9]{15}',
      primaryKey: true,
      required: true,
    };
  }
  if (f.system && (f.name === 'created' || f.name === 'updated')) {
    // PocketBase's autodate field has no `required`; kept so that every field has the same keys.
    return {
      ...common('autodate'),
      onCreate: true,
      onUpdate: f.name === 'updated',
      required: false,
    };
  }
  switch (f.type) {
    case 'text':
      return {
        ...common('text'),
        min: 0,
        max: f.max ?? 5000,
        pattern: '',
        autogeneratePattern: '',
        primaryKey: false,
        required,
      };
    case 'number':
      return {
        ...common('number'),
        min: f.min ?? null,
        max: f.max ?? null,
        onlyInt: ONLY_INT.has(`${c.name}.${f.name}`),
        required,
      };
    case 'bool':
      return { ...common('bool'), required };
    case 'email':
    case 'url':
      return { ...common(f.type), exceptDomains: null, onlyDomains: null, required };
    case 'date':
      return { ...common('date'), min: '', max: '', required };
    case 'select':
      return { ...common('select'), values: [...(f.values ?? [])], maxSelect: 1, required };
    case 'json':
      return { ...common('json'), maxSize: JSON_MAX_SIZE, required };
    case 'relation':
      return {
        ...common('relation'),
        // PocketBase names the target by id.
        collectionId: findCollection(f.collection ?? '')?.id ?? '',
        cascadeDelete: f.cascadeDelete ?? false,
        minSelect: 0,
        // PocketBase: maxSelect > 1 is a multiple relation; this is the most Gatehouse takes.
        maxSelect: f.multiple
          ? c.name === 'users' && f.name === 'groups'
            ? MAX_USER_GROUPS
            : MAX_RELATION_IDS
          : 1,
        required,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Auth options (only what Gatehouse has: password sign-in by email, superusers' one-time codes)

function authOptions(c: CollectionDef, context: CollectionsContext): Record<string, unknown> {
  const superusers = c.name === '_superusers';
  return {
    // Disabled accounts and service accounts cannot sign in.
    authRule: superusers ? '' : 'status = "active" && kind = "user"',
    manageRule: superusers
      ? null
      : rule(
          "a role granting admin.users.manage, on accounts at or below the caller's level.",
          SIGNED_IN,
        ),
    authAlert: { enabled: false },
    oauth2: {
      providers: [],
      mappedFields: { id: '', name: '', username: '', avatarURL: '' },
      enabled: false,
    },
    passwordAuth: { enabled: true, identityFields: ['email'] },
    mfa: { enabled: false, duration: 0, rule: '' },
    // Superusers' codes come from `gatehouse superuser otp` (no email is sent).
    otp: superusers
      ? { enabled: true, duration: OTP_SECONDS, length: 8 }
      : { enabled: false, duration: 0, length: 0 },
    authToken: {
      duration: superusers ? context.auth.superuserTokenDuration : context.auth.userTokenDuration,
    },
  };
}
