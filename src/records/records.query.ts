// List query parameters (page, perPage, sort, filter, expand, fields, skipTotal) and their parsing.
import type { RawBuilder } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../lib/validation.js';
import type { CollectionDef } from '../catalogue/collections.js';
import { type SortContext, compileSort } from './filter/sort.js';
import { ROOT } from './records.repo.js';

/** PocketBase's default and largest page size (tools/search/provider.go). */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 1000;

const INT64_MAX = 9223372036854775807n;

/** strconv.Atoi as PocketBase reads page/perPage: a sign and decimal digits within int64. */
const atoi = z
  .string()
  .refine((v) => {
    if (!/^[+-]?[0-9]+$/.test(v)) return false;
    const n = BigInt(v);
    return n <= INT64_MAX && n >= -INT64_MAX - 1n;
  }, 'Must be an integer (at most 64 bits).')
  .transform(Number);

/** strconv.ParseBool, as PocketBase reads skipTotal. */
const TRUE_TEXTS = ['1', 't', 'T', 'TRUE', 'true', 'True'] as const;
const goBool = z
  .enum([...TRUE_TEXTS, '0', 'f', 'F', 'FALSE', 'false', 'False'])
  .transform((v) => (TRUE_TEXTS as readonly string[]).includes(v));

/** An empty parameter counts as absent, as PocketBase's `if raw != ""`. */
const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal(''), schema]).optional();

// Out-of-range pages and sizes are clamped, never refused (provider.go Exec): page <= 0 is 1,
// perPage <= 0 is 30 and above 1000 is 1000. What is not an integer is a 400 naming the field.
export const listQuerySchema = z.object({
  page: optional(atoi).transform((v) => (typeof v === 'number' && v > 0 ? v : 1)),
  perPage: optional(atoi).transform((v) =>
    typeof v === 'number' && v > 0 ? Math.min(v, MAX_PER_PAGE) : DEFAULT_PER_PAGE,
  ),
  sort: z.string().max(1024).default(''),
  filter: z.string().max(4096).default(''),
  expand: z.string().max(1024).default(''),
  fields: z.string().max(2048).default(''),
  skipTotal: optional(goBool).transform((v) => v === true),
  // Gatehouse's own (users only, records/in-group.ts): members of a group or any group beneath it.
  inGroup: z.string().max(64).optional(),
  // ... and members of that one group (records/in-group.ts).
  memberOf: z.string().max(64).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const viewQuerySchema = z.object({
  expand: z.string().max(1024).default(''),
  fields: z.string().max(2048).default(''),
});
export type ViewQuery = z.infer<typeof viewQuerySchema>;

/** Go's url.Values.Get: a repeated parameter counts by its first value. */
function firstValues(query: unknown): Record<string, unknown> {
  if (typeof query !== 'object' || query === null) return {};
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
}

/** The list query as a route contract's `query` reads it (repeated keys by their first value). */
export const listQueryInput = z.preprocess(firstValues, listQuerySchema);
export const LIST_QUERY_INVALID = 'Invalid list parameters.';

/** The view query as a route contract's `query` reads it (repeated keys by their first value). */
export const viewQueryInput = z.preprocess(firstValues, viewQuerySchema);
export const VIEW_QUERY_INVALID = 'Invalid parameters.';

export function parseListQuery(query: unknown): ListQuery {
  return parseInput(listQueryInput, query, LIST_QUERY_INVALID);
}

export function parseViewQuery(query: unknown): ViewQuery {
  return parseInput(viewQueryInput, query, VIEW_QUERY_INVALID);
}

/**
 * ORDER BY terms for `sort` (PocketBase's ?sort=: fields, single-relation paths, JSON keys, :lower,
 * :length, @random, @rowid), ending with id so that pages are stable. Without `ctx` (internal reads)
 * only the collection's own fields can be named.
 */
export function orderBy(
  collection: CollectionDef,
  text: string,
  ctx: SortContext | null = null,
): RawBuilder<unknown>[] {
  return compileSort(collection, ROOT, text, ctx);
}
