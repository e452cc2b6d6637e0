// List query parameters (page, perPage, sort, filter, expand, fields, skipTotal) and their parsing.
import type { RawBuilder } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { parseInput } from '../lib/validation.js';
import type { CollectionDef } from './collections.js';
import { type SortContext, compileSort } from './filter/sort.js';
import { ROOT } from './records.repo.js';

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', ''])])
  .transform((v) => v === true || v === 'true' || v === '1');

export const listQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  perPage: z.coerce.number().int().min(1).max(1000).default(30),
  sort: z.string().max(1024).default(''),
  filter: z.string().max(4096).default(''),
  expand: z.string().max(1024).default(''),
  fields: z.string().max(2048).default(''),
  skipTotal: flag.default(false),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const viewQuerySchema = z.object({
  expand: z.string().max(1024).default(''),
  fields: z.string().max(2048).default(''),
});
export type ViewQuery = z.infer<typeof viewQuerySchema>;

export function parseListQuery(query: unknown): ListQuery {
  return parseInput(listQuerySchema, query ?? {}, 'Invalid list parameters.');
}

export function parseViewQuery(query: unknown): ViewQuery {
  const parsed = z
    .object({ expand: z.unknown(), fields: z.unknown() })
    .partial()
    .safeParse(query ?? {});
  return parseInput(viewQuerySchema, parsed.success ? parsed.data : {}, 'Invalid parameters.');
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

/** A tree of dotted paths: "a.b,a.c,d" → {a: {b: {}, c: {}}, d: {}}. */
export interface PathTree {
  [key: string]: PathTree;
}

export function pathTree(text: string, param: 'expand' | 'fields', maxDepth: number): PathTree {
  const tree: PathTree = {};
  for (const raw of text.split(',')) {
    const path = raw.trim();
    if (path === '') continue;
    const parts = path.split('.');
    if (parts.length > maxDepth || parts.some((p) => !/^(\*|[A-Za-z_][A-Za-z0-9_]*)$/.test(p))) {
      const message = `Invalid ${param} path "${path}".`;
      throw new AppError(400, `invalid_${param}`, message, {
        [param]: { code: `validation_invalid_${param}`, message },
      });
    }
    let node = tree;
    for (const part of parts) node = node[part] ??= {};
  }
  return tree;
}
