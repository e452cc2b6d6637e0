// Request bodies of the PocketBase-compatible auth endpoints.
import { z } from 'zod';

export const passwordAuthSchema = z.object({
  identity: z.string().trim().min(1).max(255),
  password: z.string().min(1).max(1024),
});

export const otpAuthSchema = z.object({
  otpId: z.string().min(1).max(64),
  password: z.string().min(1).max(64),
});
