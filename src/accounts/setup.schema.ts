// The contract of /api/setup: the first account's fields and what setup answers.
import { z } from 'zod';
import { superuserRecordSchema, userRecordSchema } from './account-records.schema.js';
import { emailSchema } from './users.schema.js';

export const setupSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(1024),
  name: z.string().trim().max(255).default(''),
});
export type SetupInput = z.infer<typeof setupSchema>;

/** GET /api/setup: whether setup is open, and the password rule (auth.passwordMinLength). */
export const setupStatusSchema = z.object({
  firstRun: z.boolean(),
  passwordMinLength: z.int(),
});

export const setupResultSchema = z.object({
  user: userRecordSchema,
  superuser: superuserRecordSchema,
});
