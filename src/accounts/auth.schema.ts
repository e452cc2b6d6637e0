// Request bodies of the PocketBase-compatible auth endpoints.
import { z } from 'zod';
import { emailSchema } from './users.schema.js';

export const passwordAuthSchema = z.object({
  identity: z.string().trim().min(1).max(255),
  password: z.string().min(1).max(1024),
});

export const otpAuthSchema = z.object({
  otpId: z.string().min(1).max(64),
  password: z.string().min(1).max(64),
});

export type PasswordAuthInput = z.infer<typeof passwordAuthSchema>;
export type OtpAuthInput = z.infer<typeof otpAuthSchema>;

/** The 400 message of an invalid sign-in body. */
export const AUTH_INVALID = 'Failed to authenticate.';

/** What the audit log keeps of a failed sign-in's identity: itself when it may be an email. */
export function auditedIdentity(identity: string): string {
  const email = emailSchema.safeParse(identity);
  // Anything else may be a password typed into the wrong field: it is never stored.
  return email.success ? email.data : '(not an email)';
}
