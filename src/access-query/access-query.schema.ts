// The contract of /api/access/*: the explain query, the batch decision body, and the answers.
import { z } from 'zod';

export const checkSchema = z.object({
  checks: z
    .array(
      z.object({
        user: z.string().min(1).max(64),
        module: z.string().min(1).max(64),
        action: z.string().min(1).max(64),
        record: z.string().min(1).max(200).optional(),
      }),
    )
    .max(1000),
});
export type CheckInput = z.infer<typeof checkSchema>;

export const explainSchema = z.object({
  user: z.string().min(1).max(64).optional(),
  module: z.string().min(1).max(64),
  action: z.string().min(1).max(64),
  record: z.string().min(1).max(200).optional(),
});
export type ExplainInput = z.infer<typeof explainSchema>;

const reasonSchema = z.object({ via: z.string(), path: z.array(z.string()) });
const placed = z.object({ id: z.string(), path: z.string() });

/** A user's effective access; a superuser asking about themself gets the short form. */
export const effectiveSchema = z.union([
  z.object({ superuser: z.literal(true), level: z.null(), note: z.string() }),
  z.object({
    user: z.object({ id: z.string(), role: z.string(), status: z.string() }),
    level: z.number().int().nullable(),
    levelName: z.string().nullable(),
    roles: z.array(
      z.object({
        name: z.string(),
        level: z.number().int().nullable(),
        via: z.string(),
        path: z.array(z.string()),
      }),
    ),
    groups: z.array(placed),
    reach: z.array(placed),
    permissions: z.record(
      z.string(),
      z.object({ actions: z.array(z.string()), scope: z.string() }),
    ),
  }),
]);

export const explainResultSchema = z.object({
  allowed: z.boolean(),
  level: z.number().int().nullable(),
  note: z.string().optional(),
  reasons: z.array(reasonSchema),
});

export const checkResultSchema = z.object({ results: z.array(z.boolean()) });
