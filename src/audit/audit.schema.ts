// The filters of GET /api/audit and its export, validated once for HTTP and the CLI.
import { z } from 'zod';
import { parseTimestamp, toTimestamp } from '../lib/time.js';

const timestamp = z
  .string()
  .trim()
  .refine((value) => !Number.isNaN(parseTimestamp(value)), {
    message: 'Must be a date-time such as 2026-01-31 or 2026-01-31T12:00:00Z.',
  })
  .transform((value) => toTimestamp(new Date(parseTimestamp(value))));

const text = z.string().trim().min(1).max(512);

export const auditFiltersSchema = z.strictObject({
  /** Entries at or after this time. */
  from: timestamp.optional(),
  /** Entries before this time. */
  to: timestamp.optional(),
  /** An actor's id, or (containing @) their email. */
  actor: text.optional(),
  actorType: z.enum(['user', 'superuser', 'token', 'service', 'cli', 'system', 'guest']).optional(),
  /** An exact action (`user.update`), or a prefix ending in `*` (`user.*`). */
  action: text.optional(),
  targetType: text.optional(),
  targetId: text.optional(),
  result: z.enum(['success', 'failure']).optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const auditListSchema = auditFiltersSchema.extend({
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'Must be the nextCursor of a previous page.')
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const auditExportSchema = auditFiltersSchema.extend({
  format: z.enum(['csv', 'json']).default('json'),
});
