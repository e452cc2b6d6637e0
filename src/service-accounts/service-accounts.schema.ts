// The contract of /api/service-accounts: request bodies, the delete's query, the answers.
import { z } from 'zod';
import { queryText } from '../http/query.js';
import { recordId as id } from '../lib/record-id.js';

const name = z.string().trim().min(1).max(255);
const description = z.string().trim().max(1000);
/** null (or '') clears the direct role: the account then holds only what its groups give. */
const role = z.union([z.string().trim().max(100), z.null()]).transform((v) => v ?? '');
const groups = z.array(id('group')).max(1000);

// Strict: a misspelt field (`owner` for `ownerId`) is a 400 naming it, not silently ignored.
export const serviceAccountCreateSchema = z.strictObject({
  name,
  description: description.default(''),
  /** Default: the caller (when a hub user); null for none. */
  ownerId: id('user').nullable().optional(),
  role: role.default(''),
  groups: groups.default([]),
});

export const serviceAccountUpdateSchema = z.strictObject({
  name: name.optional(),
  description: description.optional(),
  ownerId: id('user').nullable().optional(),
  role: role.optional(),
  groups: groups.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type ServiceAccountUpdate = z.infer<typeof serviceAccountUpdateSchema>;
export type ServiceAccountCreate = z.infer<typeof serviceAccountCreateSchema>;

export const serviceAccountDeleteQuery = z.object({
  /** The account's name (or id), typed as confirmation. */
  confirm: queryText,
});

export const serviceAccountViewSchema = z.object({
  id: z.string(),
  kind: z.literal('service'),
  name: z.string(),
  description: z.string(),
  ownerId: z.string().nullable(),
  role: z.string(),
  groups: z.array(z.string()),
  status: z.string(),
  created: z.string(),
  updated: z.string(),
});
export type ServiceAccountView = z.infer<typeof serviceAccountViewSchema>;

const whole = (fallback: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,7}$/, 'Must be a whole number.')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `Must be between 1 and ${max}.`)
    .optional()
    .transform((v) => v ?? fallback);

/**
 * GET /api/service-accounts: a page, optionally only those whose name or description has `q`, or
 * only one owner's (`owner`).
 */
export const serviceAccountsListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v ?? ''),
  owner: z
    .union([z.literal('me'), id('user')], { error: "Must be a user's id or 'me'." })
    .optional()
    .describe("Only the accounts this user owns; 'me' for yours."),
  page: whole(1, 1_000_000),
  perPage: whole(100, 500),
});
export type ServiceAccountsListQuery = z.infer<typeof serviceAccountsListQuery>;

/** A listed account: its view, its owner's name and its tokens at a glance. */
export const serviceAccountListItemSchema = serviceAccountViewSchema.extend({
  ownerName: z.string().describe("The owner's name (or email); '' without an owner."),
  activeTokens: z.number().int().describe('Tokens not revoked.'),
  lastUsedAt: z.string().describe("When one of its tokens was last used; '' never."),
});
export type ServiceAccountListItem = z.infer<typeof serviceAccountListItemSchema>;

export const serviceAccountsPageSchema = z.object({
  page: z.number(),
  perPage: z.number(),
  totalItems: z.number(),
  totalPages: z.number(),
  items: z.array(serviceAccountListItemSchema),
});
export type ServiceAccountsPage = z.infer<typeof serviceAccountsPageSchema>;
