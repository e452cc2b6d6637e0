// The contract of /api/tokens: the body that mints a token, the query of the list, the token view.
import { z } from 'zod';
import { isAction, isModule } from '../catalogue/modules.js';
import { queryFlag } from '../http/query.js';

const scopeSchema = z.string().refine((value) => {
  const [module = '', action = '', ...rest] = value.split(':');
  return rest.length === 0 && isModule(module) && isAction(module, action);
}, 'Must be a module:action pair from the catalogue (e.g. systems:view).');

export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** An ISO date in the future, or "never" (only when asked for explicitly). Default: 90 days. */
  expiresAt: z
    .union([z.literal('never'), z.iso.datetime({ offset: true }), z.iso.date()])
    .optional(),
  scopes: z.array(scopeSchema).max(200).optional(),
});
export type TokenCreate = z.infer<typeof tokenCreateSchema>;

export const tokensListQuery = z.object({
  /** Everyone's tokens (needs admin:tokens.manage). */
  all: queryFlag,
  /** One account's tokens (its owner; or admin:tokens.manage at or above the account's level). */
  user: z.string().min(1).max(64).optional(),
});

export const tokenViewSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()).nullable(),
  expiresAt: z.string(),
  lastUsedAt: z.string(),
  lastUsedIp: z.string(),
  created: z.string(),
});
export type TokenView = z.infer<typeof tokenViewSchema>;

/** The answer of minting a token: its view and the secret, shown this once. */
export const mintedTokenSchema = tokenViewSchema.extend({ token: z.string() });

export const tokensPageSchema = z.object({ items: z.array(tokenViewSchema) });
