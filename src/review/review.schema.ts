// The contract of /api/access/review: its query, the "Complete review" body, and the answers.
import { z } from 'zod';

const days = z.coerce
  .number()
  .int('days must be a whole number of days.')
  .min(1, 'days must be at least 1.')
  .max(3650, 'days must be at most 3650.')
  .default(90);

export const reviewQuerySchema = z.object({
  /** "No sign-in / unused for N days". */
  days,
  /** The most items each list carries (each also says its total). */
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ReviewQuery = z.infer<typeof reviewQuerySchema>;

/** Complete review: the client says only the window; the counts are recomputed by the server. */
export const completeReviewSchema = z.strictObject({ days });
export type CompleteReviewInput = z.infer<typeof completeReviewSchema>;

export const REVIEW_LISTS = [
  'inactiveAccounts',
  'disabledWithTokens',
  'tokensNeverUsed',
  'tokensUnused',
  'tokensWithoutExpiry',
  'tokensExpiringSoon',
  'privilegedUsers',
  'emptyGroups',
  'unownedServiceAccounts',
] as const;
export type ReviewList = (typeof REVIEW_LISTS)[number];

const account = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  kind: z.enum(['user', 'service']),
  status: z.string(),
});

const tokenItem = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  created: z.string(),
  lastUsedAt: z.string(),
  expiresAt: z.string(),
  account,
  remedy: z.literal('revoke'),
});

const list = <T extends z.ZodType>(item: T) =>
  z.object({ total: z.number().int(), items: z.array(item) });

export const reviewSchema = z.object({
  days: z.number().int(),
  generatedAt: z.string(),
  /** Criteria of the fixed lists. */
  expiringWithinDays: z.number().int(),
  privilegedLevel: z.number().int(),
  lists: z.object({
    inactiveAccounts: list(
      z.object({
        id: z.string(),
        name: z.string(),
        email: z.string(),
        created: z.string(),
        /** null: never signed in (counted from `created`). */
        lastSignIn: z.string().nullable(),
        remedy: z.literal('disable'),
      }),
    ),
    disabledWithTokens: list(tokenItem),
    tokensNeverUsed: list(tokenItem),
    tokensUnused: list(tokenItem),
    tokensWithoutExpiry: list(tokenItem),
    tokensExpiringSoon: list(tokenItem),
    privilegedUsers: list(
      account.extend({
        level: z.number().int(),
        levelName: z.string(),
        remedy: z.literal('open'),
      }),
    ),
    emptyGroups: list(
      z.object({
        id: z.string(),
        name: z.string(),
        path: z.string(),
        /** `subtree`: nobody in it or any sub-group; `direct`: members only in its sub-groups. */
        empty: z.enum(['subtree', 'direct']),
        remedy: z.literal('open'),
      }),
    ),
    unownedServiceAccounts: list(
      z.object({
        id: z.string(),
        name: z.string(),
        email: z.string(),
        owner: z.string(),
        reason: z.enum(['none', 'deleted', 'disabled']),
        remedy: z.literal('open'),
      }),
    ),
  }),
});
export type Review = z.infer<typeof reviewSchema>;

export const completedSchema = z.object({
  days: z.number().int(),
  reviewedAt: z.string(),
  counts: z.record(z.string(), z.number().int()),
});
