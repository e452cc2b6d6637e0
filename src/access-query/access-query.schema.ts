// The contract of /api/access/*: the explain query, the batch decision body, and the answers.
import { z } from 'zod';
import { recordId } from '../lib/record-id.js';

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

const id = (what: string) => recordId(what);
/** A role's grants as sent: checked against the catalogue by the roles' own check (roles.hooks). */
const permissions = z.record(z.string(), z.unknown());

/** `POST /api/access/preview`: one proposed change; only the fields given change. */
export const previewSchema = z.strictObject({
  change: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('role'),
      id: id('role'),
      permissions: permissions.optional(),
      level: z.number().int().min(0).max(5).optional(),
    }),
    z.strictObject({
      type: z.literal('group'),
      id: id('group'),
      roles: z.array(id('role')).max(1000).optional(),
      parent: id('group').or(z.literal('')).nullable().optional(),
    }),
    z.strictObject({
      type: z.literal('user'),
      id: id('user'),
      groups: z.array(id('group')).max(1000).optional(),
      role: z.string().trim().min(1).max(100).optional(),
    }),
  ]),
});
export type PreviewInput = z.infer<typeof previewSchema>;

const sampleUser = z.object({ id: z.string(), name: z.string() });

export const previewResultSchema = z.object({
  /** Users the change can reach; `changed` of them would gain or lose something. */
  affected: z.number().int(),
  changed: z.number().int(),
  grants: z.array(
    z.object({
      kind: z.enum(['gain', 'lose']),
      permission: z.string(),
      module: z.string(),
      action: z.string(),
      scope: z.string(),
      count: z.number().int(),
      users: z.array(sampleUser),
    }),
  ),
  levels: z.array(
    z.object({
      from: z.number().int().nullable(),
      to: z.number().int().nullable(),
      count: z.number().int(),
      users: z.array(sampleUser),
    }),
  ),
  summary: z.array(z.string()),
});
export type PreviewResult = z.infer<typeof previewResultSchema>;
