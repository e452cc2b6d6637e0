// How the records API is declared at the edge: its parameters, its bodies (checked as objects;
// the engine parses the fields, records.write.ts) and its answers — each collection's record
// schema (record-schemas.ts), a component of the document; every record is parsed with it where
// it is built (records.expand.ts), before `?fields=` and `:excerpt` change it.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { listQuerySchema, viewQuerySchema } from './records.query.js';
import { pathText } from '../http/query.js';
import { recordOfAny } from './record-schemas.js';

export const collectionParams = z.object({
  collection: pathText.describe('Collection name or id'),
});
export const recordParams = collectionParams.extend({ id: pathText.describe('Record id') });

/** A record of the collection in the path: the anyOf of every collection's record component. */
export const recordSchema = recordOfAny();

/** A create or update body: the collection's fields (relation modifiers `field+`, `field-` too). */
export const recordBodySchema = z.record(z.string(), z.unknown());

/**
 * The edge's check of a create or update body (JSON or read from a form): an object. Its fields are
 * the collection's, parsed by the records engine (records.write.ts), which knows them.
 */
export function recordBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError(400, 'validation_failed', 'The request body must be a JSON object.', {
      body: { code: 'validation_invalid_type', message: 'Must be an object.' },
    });
  }
  return body as Record<string, unknown>;
}

export const recordsPageSchema = z.object({
  page: z.number().int(),
  perPage: z.number().int(),
  totalItems: z.number().int(),
  totalPages: z.number().int(),
  items: z.array(recordSchema),
});

/** What deleting a group detached (groups.hooks.ts); other deletes answer 204. */
export const deleteReportSchema = z.object({
  detached: z.object({
    children: z.array(z.object({ id: z.string(), name: z.string() })),
    members: z.array(z.string()),
    shares: z.number().int(),
  }),
});

/** Answers of records, each shaped by its collection's schema where it is built (route.ts). */
export const ofRecords = (schema: z.ZodType) => ({ unparsed: 'records' as const, schema });

export { collectionSchema, collectionsPageSchema } from './collection-schema.js';
export { listQuerySchema, viewQuerySchema };
