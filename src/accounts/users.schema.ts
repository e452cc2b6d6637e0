// Request bodies for creating and changing user accounts.
import { z } from 'zod';
import { recordId } from '../lib/record-id.js';

export const emailSchema = z.string().trim().toLowerCase().max(255).pipe(z.email());

const username = z
  .string()
  .trim()
  .regex(/^[\w.-]{3,100}$/, 'Must be 3–100 letters, digits, dots, dashes or underscores.')
  .or(z.literal(''))
  .transform((v) => (v === '' ? null : v));

const roleName = z.string().trim().min(1).max(100);
const groupIds = z.array(recordId('group')).max(1000);

export const userCreateSchema = z.object({
  email: emailSchema,
  /** Optional: an account without a password can only sign in through OAuth. */
  password: z.string().max(1024).optional(),
  passwordConfirm: z.string().max(1024).optional(),
  name: z.string().trim().max(255).default(''),
  username: username.optional(),
  role: roleName.default('user'),
  groups: groupIds.default([]),
  status: z.enum(['active', 'disabled']).default('active'),
  verified: z.boolean().default(false),
  emailVisibility: z.boolean().default(false),
});
export type UserCreate = z.infer<typeof userCreateSchema>;
/** A new account's fields before parsing (the CSV import builds them from a row). */
export type UserCreateBody = z.input<typeof userCreateSchema>;

export const userUpdateSchema = z.object({
  email: emailSchema.optional(),
  password: z.string().max(1024).optional(),
  passwordConfirm: z.string().max(1024).optional(),
  oldPassword: z.string().max(1024).optional(),
  name: z.string().trim().max(255).optional(),
  username: username.optional(),
  role: roleName.optional(),
  groups: groupIds.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  verified: z.boolean().optional(),
  emailVisibility: z.boolean().optional(),
  /**
   * The owner's own password or email change revokes their API tokens unless this is false. A
   * change by anyone else (an administrator's reset) always revokes them (SPEC §7).
   */
  revokeTokens: z.boolean().optional(),
});
export type UserUpdate = z.infer<typeof userUpdateSchema>;

const userIds = z.array(recordId('user')).min(1).max(10_000);

export const userBulkSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('disable'), ids: userIds }),
  z.object({ action: z.literal('enable'), ids: userIds }),
  z.object({ action: z.literal('setRole'), ids: userIds, role: roleName }),
  z.object({ action: z.literal('addToGroup'), ids: userIds, group: recordId('group') }),
  z.object({ action: z.literal('removeFromGroup'), ids: userIds, group: recordId('group') }),
]);
export type UserBulk = z.infer<typeof userBulkSchema>;

/** Accepting a set-password invitation: the link's token and the first password. */
export const acceptInvitationSchema = z.object({
  token: z.string().min(1).max(200),
  password: z.string().max(1024),
  passwordConfirm: z.string().max(1024).optional(),
});
export type AcceptInvitation = z.infer<typeof acceptInvitationSchema>;

/** Looking an invitation up: the link's token, in the body (never in a logged URL). */
export const invitationLookupSchema = z.strictObject({ token: z.string().min(1).max(200) });

/** Whom a pending invitation is for (the invitation page greets them by it). */
export const invitationSchema = z.object({
  email: z.string(),
  name: z.string(),
  expires: z.string(),
});
