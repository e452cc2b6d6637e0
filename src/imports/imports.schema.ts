// What the CSV import accepts: its columns, its options, and the template it hands out.
import { z } from 'zod';

/** Columns the import reads; others are reported and ignored. `email` is the only required one. */
export const IMPORT_COLUMNS = ['name', 'email', 'groups', 'role', 'password'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Header spellings people use for the same column. */
export const COLUMN_ALIASES: Record<string, ImportColumn> = {
  'e-mail': 'email',
  mail: 'email',
  'email address': 'email',
  'full name': 'name',
  group: 'groups',
};

export const TEMPLATE =
  'name,email,groups,role,password\r\n' +
  'John Smith,john.smith@example.com,"Security Team/Senior Consultants,Managers",user,\r\n';

const flag = z.union([
  z.boolean(),
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
]);

export const importOptionsSchema = z.object({
  /** A row whose email already has an account: leave it, or update name, role, groups, password. */
  onExisting: z.enum(['skip', 'update']).default('skip'),
  /** A group path that does not exist: the row is an error, or the groups are created. */
  onUnknownGroup: z.enum(['error', 'create']).default('error'),
  /** New users without a password get a set-password invitation link. */
  invite: flag.default(true),
});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

/** Confirming may change the options of the dry run; unset ones keep the dry run's. */
export const confirmSchema = z.strictObject({
  onExisting: z.enum(['skip', 'update']).optional(),
  onUnknownGroup: z.enum(['error', 'create']).optional(),
  invite: flag.optional(),
});
export type ImportChange = z.infer<typeof confirmSchema>;

export const rowsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  perPage: z.coerce.number().int().min(1).max(1000).default(100),
  action: z.enum(['create', 'update', 'skip', 'error']).optional(),
});
export type RowsQuery = z.infer<typeof rowsQuerySchema>;

export const exportQuerySchema = z.object({ format: z.enum(['csv', 'json']).default('csv') });
export type ExportQuery = z.infer<typeof exportQuerySchema>;
