// How the OpenAPI document describes the records API: generic over the collection (a record is an
// object with id, created, updated and its collection's fields). Answers are documented, not
// parsed: records keep their dynamic fields, and a big list is not walked again.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { listQuerySchema, viewQuerySchema } from './records.query.js';
import { pathText } from '../http/query.js';

export const collectionParams = z.object({
  collection: pathText.describe('Collection name or id'),
});
export const recordParams = collectionParams.extend({ id: pathText.describe('Record id') });

export const recordSchema = z.looseObject({
  collectionId: z.string(),
  collectionName: z.string(),
  id: z.string(),
  created: z.string(),
  updated: z.string(),
});

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

/** A collection in PocketBase's shape (GET /api/collections). */
export const collectionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  fields: z.array(z.looseObject({ name: z.string(), type: z.string() })),
});

export const collectionsPageSchema = recordsPageSchema.extend({ items: z.array(collectionSchema) });

export { listQuerySchema, viewQuerySchema };
