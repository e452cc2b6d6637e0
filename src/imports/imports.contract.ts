// The answers of the CSV import, parsed at the edge (route.ts: a key no schema names never reaches
// the wire). The template and the export are files, documented in imports.routes.ts.
import { z } from 'zod';

/** The options as stored and answered (importOptionsSchema's output). */
const options = z.object({
  onExisting: z.enum(['skip', 'update']),
  onUnknownGroup: z.enum(['error', 'create']),
  invite: z.boolean(),
});

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
  options,
  columns: z.array(z.string()),
  ignoredColumns: z.array(z.string()),
  summary,
  rows: z.array(rowResult),
  truncated: z.boolean(),
});

/** What an applied import recorded (imports.apply.ts). */
const appliedResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  groupsCreated: z.array(z.string()),
  appliedAt: z.string(),
});

export const rowsPageSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'applied']),
  options,
  summary,
  /** Once applied. */
  result: appliedResult.optional(),
  page: z.number().int(),
  perPage: z.number().int(),
  totalItems: z.number().int(),
  totalPages: z.number().int(),
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
