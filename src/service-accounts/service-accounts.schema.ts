// Request bodies and the response shape of /api/service-accounts.
import { z } from 'zod';

const id = (what: string) => z.string().regex(/^[a-z0-9]{15}$/, `Invalid ${what} id.`);
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

export interface ServiceAccountView {
  id: string;
  kind: 'service';
  name: string;
  description: string;
  ownerId: string | null;
  role: string;
  groups: string[];
  status: string;
  created: string;
  updated: string;
}
