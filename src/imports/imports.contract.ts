// The answers of the CSV import and the export, as the OpenAPI document describes them (the
// services build them; they are documented here, not parsed, until their signatures change).
import { z } from 'zod';
import { importOptionsSchema } from './imports.schema.js';

const summary = z.object({
  rows: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  skip: z.number().int(),
  error: z.number().int(),
});

const rowResult = z.object({
  line: z.number().int(),
  email: z.string(),
  action: z.enum(['create', 'update', 'skip', 'error']),
  reasons: z.array(z.string()),
});

export const dryRunSchema = z.object({
  id: z.string(),
  status: z.literal('pending'),
  expires: z.string(),
  options: importOptionsSchema,
  columns: z.array(z.string()),
  ignoredColumns: z.array(z.string()),
  summary,
  rows: z.array(rowResult),
  truncated: z.boolean(),
});

export const rowsPageSchema = z.looseObject({
  id: z.string(),
  page: z.number().int(),
  perPage: z.number().int(),
  totalItems: z.number().int(),
  items: z.array(rowResult),
});

export const importResultSchema = z.object({
  id: z.string(),
  status: z.literal('applied'),
  summary,
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  groupsCreated: z.array(z.string()),
  invitations: z.array(z.object({ email: z.string(), userId: z.string(), link: z.string() })),
});

/** The CSV file: the body as text/csv, or the part "file" of multipart/form-data. */
export const csvUploadSchema = z.string().describe('The CSV file (UTF-8, header row first).');
