// The contract of /api/sessions: a session as its owner sees it, and "sign out everywhere else".
import { z } from 'zod';

export const sessionViewSchema = z.object({
  id: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  created: z.string(),
  lastSeen: z.string(),
  expires: z.string(),
  current: z.boolean(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const revokedOthersSchema = z.object({
  revoked: z.number().int(),
  tokensRevoked: z.number().int(),
});
