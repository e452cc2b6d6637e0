// The contracts of the directory reads: GET /api/groups/tree, /api/groups/tree/search,
// /api/roles/{id}/holders and /api/roles/holder-counts — parameters (a bad one is a 400 naming it)
// and answers.
import { z } from 'zod';

const whole = (fallback: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,7}$/, 'Must be a whole number.')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `Must be between 1 and ${max}.`)
    .optional()
    .transform((v) => v ?? fallback);

const paging = { page: whole(1, 1_000_000), perPage: whole(100, 500) };

export const treeQuerySchema = z.object({
  parent: z.string().max(64).optional().describe("A group's id, or 'root' (the default)."),
  ...paging,
});

export const treeSearchQuerySchema = z.object({
  q: z.string().trim().min(1, 'Must not be empty.').max(100),
  ...paging,
});

const holderType = z
  .enum(['users', 'groups'])
  .optional()
  .transform((v) => v ?? 'users');

export const holdersQuerySchema = z.object({ type: holderType, ...paging });

/** At most one page of the Roles list (ROLES_PER_PAGE in the UI is below it). */
export const HOLDER_COUNTS_MAX_IDS = 100;

export const holderCountsQuerySchema = z.object({
  ids: z
    .string()
    .max(HOLDER_COUNTS_MAX_IDS * 65)
    .superRefine((v, ctx) => {
      const ids = v.split(',').map((id) => id.trim());
      const problem = ids.some((id) => id === '')
        ? 'Must be role ids separated by commas, none empty.'
        : ids.some((id) => id.length > 64)
          ? 'An id is at most 64 characters.'
          : ids.length > HOLDER_COUNTS_MAX_IDS
            ? `At most ${HOLDER_COUNTS_MAX_IDS} ids.`
            : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => [...new Set(v.split(',').map((id) => id.trim()))])
    .describe('Role ids, comma-separated.'),
  type: holderType,
});

const pageShape = <T extends z.ZodType>(item: T) =>
  z.object({
    page: z.number(),
    perPage: z.number(),
    totalItems: z.number(),
    totalPages: z.number(),
    items: z.array(item),
  });

const groupRef = z.object({ id: z.string(), name: z.string() });

export const treeResultSchema = pageShape(
  z.object({
    id: z.string(),
    name: z.string(),
    parent: z.string().describe("The parent's id; '' at the top level."),
    path: z.string(),
    childCount: z.number(),
    memberCount: z.number().describe('Users in the group itself.'),
    memberCountWithSubgroups: z.number().describe('Distinct users in it or beneath it.'),
  }),
);

export const treeSearchResultSchema = pageShape(
  groupRef.extend({
    path: z.string(),
    ancestors: z.array(groupRef).describe('From the top group down to the parent: expand these.'),
    childCount: z.number(),
  }),
);

export const holdersResultSchema = pageShape(
  z.union([
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      via: z.array(
        z.object({ via: z.enum(['role', 'group', 'ancestor']), path: z.array(z.string()) }),
      ),
    }),
    z.object({
      id: z.string(),
      name: z.string(),
      path: z.string(),
      via: z.enum(['group', 'ancestor']),
      from: z.object({ id: z.string(), name: z.string(), path: z.string() }),
    }),
  ]),
);

export const holderCountsResultSchema = z.object({
  items: z
    .array(z.object({ id: z.string(), count: z.number() }))
    .describe('In the order asked; a role id that does not exist is left out.'),
});
