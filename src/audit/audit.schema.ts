// The contract of /api/audit: the filters of the list and the export (validated once for HTTP and
// the CLI), an entry, and the chain's verification report.
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

export type AuditListQuery = z.infer<typeof auditListSchema>;

export const auditExportSchema = auditFiltersSchema.extend({
  format: z.enum(['csv', 'json']).default('json'),
});
export type AuditExportQuery = z.infer<typeof auditExportSchema>;

/** An entry as the API shows it (SPEC §9). */
export const auditItemSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string(), email: z.string() }),
  ip: z.string(),
  userAgent: z.string(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }),
  result: z.string(),
  changes: z.unknown(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditPageSchema = z.object({
  items: z.array(auditItemSchema),
  nextCursor: z.string().nullable(),
});

const chainBreakSchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  problems: z.array(z.string()),
  reason: z.string(),
});

export const verifyReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  broken: chainBreakSchema.nullable(),
  brokenEntries: z.array(chainBreakSchema),
  brokenCount: z.number().int(),
});
