// The answers' shapes of the two account records (users, _superusers) as the API shows them.
import { z } from 'zod';

export const userRecordSchema = z.object({
  collectionId: z.string(),
  collectionName: z.literal('users'),
  id: z.string(),
  email: z.string(),
  emailVisibility: z.boolean(),
  verified: z.boolean(),
  name: z.string(),
  username: z.string(),
  avatar: z.string(),
  role: z.string(),
  status: z.string(),
  created: z.string(),
  updated: z.string(),
});

export const superuserRecordSchema = z.object({
  collectionId: z.string(),
  collectionName: z.literal('_superusers'),
  id: z.string(),
  email: z.string(),
  emailVisibility: z.boolean(),
  verified: z.boolean(),
  created: z.string(),
  updated: z.string(),
});
