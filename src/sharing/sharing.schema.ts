// The contracts of sharing member-mode records: who has access to a record (and how), a bulk share,
// and the share-target picker. Imports only zod (and the record id), so the UI validates with them.
import { z } from 'zod';
import { recordId } from '../lib/record-id.js';

/** The most records one bulk share names. */
export const MAX_SHARE_RECORDS = 500;
/** The most users or groups one side (add or remove) of a bulk share names. */
export const MAX_SHARE_TARGETS = 100;

/** The ids listed more than once in `ids`. */
export function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

const ids = (what: string, max: number) =>
  z
    .array(recordId(what))
    .max(max, `At most ${String(max)} ${what}s at once.`)
    .superRefine((list, ctx) => {
      const twice = duplicatesOf(list);
      if (twice.length > 0)
        ctx.addIssue({ code: 'custom', message: `Listed twice: ${twice.join(', ')}.` });
    });

export const shareTargetsSchema = z.strictObject({
  users: ids('user', MAX_SHARE_TARGETS).default([]),
  groups: ids('group', MAX_SHARE_TARGETS).default([]),
});
export type ShareTargets = z.output<typeof shareTargetsSchema>;

/**
 * POST /api/collections/{collection}/share: every record in `records` gains the users and groups of
 * `add` and loses those of `remove`, all or nothing.
 */
export const bulkShareSchema = z
  .strictObject({
    records: ids('record', MAX_SHARE_RECORDS).refine(
      (list) => list.length > 0,
      'Name at least one record.',
    ),
    add: shareTargetsSchema.default({ users: [], groups: [] }),
    remove: shareTargetsSchema.default({ users: [], groups: [] }),
  })
  .superRefine((body, ctx) => {
    for (const kind of ['users', 'groups'] as const) {
      const both = body.add[kind].filter((id) => body.remove[kind].includes(id));
      if (both.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['remove', kind],
          message: `Both added and removed: ${both.join(', ')}.`,
        });
    }
    const empty = [body.add, body.remove].every((t) => t.users.length + t.groups.length === 0);
    if (empty)
      ctx.addIssue({
        code: 'custom',
        path: ['add'],
        message: 'Name users or groups to add or remove.',
      });
  });
export type BulkShare = z.output<typeof bulkShareSchema>;

export const bulkShareResultSchema = z.object({
  collection: z.string(),
  /** The records whose shares changed (one audit entry each). */
  changed: z.array(z.string()),
  /** The records that already had exactly these shares. */
  unchanged: z.array(z.string()),
});
export type BulkShareResult = z.output<typeof bulkShareResultSchema>;

const groupRefSchema = z.object({ id: z.string(), name: z.string(), path: z.string() });

const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** '' unless the caller may see it. */
  email: z.string(),
  kind: z.string(),
  active: z.boolean(),
  canView: z.boolean(),
  canEdit: z.boolean(),
});

const viaSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user') }),
  z.object({ type: z.literal('group'), group: groupRefSchema, through: groupRefSchema }),
]);

/** GET /api/collections/{collection}/records/{id}/access. */
export const recordAccessSchema = z.object({
  collection: z.string(),
  record: z.string(),
  users: z.array(accountSchema),
  groups: z.array(groupRefSchema.extend({ members: z.number().int() })),
  members: z.array(accountSchema.extend({ via: z.array(viaSchema) })),
  memberCount: z.number().int(),
  orphaned: z.boolean(),
});
export type RecordAccess = z.output<typeof recordAccessSchema>;

/** GET /api/collections/{collection}/share-targets. */
export const shareTargetsQuery = z.object({
  type: z.enum(['users', 'groups']).default('users'),
  q: z.string().max(200, 'At most 200 characters.').default(''),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});
export type ShareTargetsQuery = z.output<typeof shareTargetsQuery>;

export const shareTargetsPageSchema = z.object({
  page: z.number().int(),
  perPage: z.number().int(),
  /** Another page follows. */
  more: z.boolean(),
  users: z.array(
    z.object({ id: z.string(), name: z.string(), email: z.string(), kind: z.string() }),
  ),
  groups: z.array(groupRefSchema.extend({ members: z.number().int() })),
});
export type ShareTargetsPage = z.output<typeof shareTargetsPageSchema>;
