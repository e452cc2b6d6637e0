// A collection in PocketBase's shape (GET /api/collections, collections.view.ts), parsed at the
// edge: every key of the model, its fields (by type) and the auth options are named here.
import { z } from 'zod';

const rule = z.string().nullable();
const nullableNumber = z.number().nullable();

const fieldBase = {
  id: z.string(),
  name: z.string(),
  system: z.boolean(),
  hidden: z.boolean(),
  presentable: z.boolean(),
  required: z.boolean(),
};

const textOptions = {
  min: z.number().int(),
  max: z.number().int(),
  pattern: z.string(),
  autogeneratePattern: z.string(),
  primaryKey: z.boolean(),
};

const fieldSchema = z.discriminatedUnion('type', [
  z.object({ ...fieldBase, type: z.literal('text'), ...textOptions }),
  z.object({
    ...fieldBase,
    type: z.literal('password'),
    pattern: z.string(),
    min: z.number(),
    max: z.number(),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('autodate'),
    onCreate: z.boolean(),
    onUpdate: z.boolean(),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('number'),
    min: nullableNumber,
    max: nullableNumber,
    onlyInt: z.boolean(),
  }),
  z.object({ ...fieldBase, type: z.literal('bool') }),
  z.object({
    ...fieldBase,
    type: z.enum(['email', 'url']),
    exceptDomains: z.array(z.string()).nullable(),
    onlyDomains: z.array(z.string()).nullable(),
  }),
  z.object({ ...fieldBase, type: z.literal('date'), min: z.string(), max: z.string() }),
  z.object({
    ...fieldBase,
    type: z.literal('select'),
    values: z.array(z.string()),
    maxSelect: z.number().int(),
  }),
  z.object({ ...fieldBase, type: z.literal('json'), maxSize: z.number().int() }),
  z.object({
    ...fieldBase,
    type: z.literal('relation'),
    collectionId: z.string(),
    cascadeDelete: z.boolean(),
    minSelect: z.number().int(),
    maxSelect: z.number().int(),
  }),
]);

const enabled = z.object({ enabled: z.boolean() });

export const collectionSchema = z
  .object({
    id: z.string(),
    listRule: rule,
    viewRule: rule,
    createRule: rule,
    updateRule: rule,
    deleteRule: rule,
    name: z.string(),
    type: z.enum(['base', 'auth']),
    fields: z.array(fieldSchema),
    indexes: z.array(z.string()),
    created: z.string(),
    updated: z.string(),
    system: z.boolean(),
    // Auth collections only.
    authRule: rule.optional(),
    manageRule: rule.optional(),
    authAlert: enabled.optional(),
    oauth2: z
      .object({
        providers: z.array(z.never()),
        mappedFields: z.object({
          id: z.string(),
          name: z.string(),
          username: z.string(),
          avatarURL: z.string(),
        }),
        enabled: z.boolean(),
      })
      .optional(),
    passwordAuth: enabled.extend({ identityFields: z.array(z.string()) }).optional(),
    mfa: enabled.extend({ duration: z.number().int(), rule: z.string() }).optional(),
    otp: enabled.extend({ duration: z.number().int(), length: z.number().int() }).optional(),
    authToken: z.object({ duration: z.number().int() }).optional(),
  })
  .meta({ id: 'collection', description: 'A collection, in PocketBase’s shape.' });

export const collectionsPageSchema = z.object({
  page: z.number().int(),
  perPage: z.number().int(),
  totalItems: z.number().int(),
  totalPages: z.number().int(),
  items: z.array(collectionSchema),
});
