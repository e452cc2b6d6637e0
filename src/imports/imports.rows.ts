// The CSV's records as import rows: the header (columns, aliases, a wrong delimiter named), each
// record read into a row by its columns, and the row as stored between dry run and confirm.
import type { Selectable } from 'kysely';
import type { UserImportRowsTable } from '../db/types.js';
import { badRequest } from '../errors.js';
import { normalizeEmail } from '../accounts/account-records.js';
import { type ImportRow, splitGroups } from './imports.plan.js';
import { COLUMN_ALIASES, IMPORT_COLUMNS, type ImportColumn } from './imports.schema.js';

export interface Header {
  columns: ImportColumn[];
  ignored: string[];
  /** Column → its index in a record. */
  at: Partial<Record<ImportColumn, number>>;
  width: number;
}

export function readHeader(fields: string[], line: number): Header {
  const names = fields.map((f) => f.trim().toLowerCase());
  const only = fields.length === 1 ? (fields[0] ?? '') : '';
  for (const [delimiter, label] of [
    [';', 'semicolons'],
    ['\t', 'tabs'],
    ['|', 'pipes'],
  ] as const) {
    if (only.includes(delimiter))
      throw badRequest(
        `The file separates columns with ${label}; Gatehouse reads commas. Save it as "CSV (comma delimited)".`,
        {
          file: {
            code: 'validation_csv_delimiter',
            message: `Columns are separated by ${label}, not commas.`,
          },
        },
      );
  }
  const at: Partial<Record<ImportColumn, number>> = {};
  const ignored: string[] = [];
  for (const [i, raw] of names.entries()) {
    const name = (COLUMN_ALIASES[raw] ?? raw) as ImportColumn;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      if (raw) ignored.push(fields[i]?.trim() ?? raw);
      continue;
    }
    if (at[name] !== undefined)
      throw badRequest(`The header names the column "${name}" twice.`, {
        [`line ${line}`]: { code: 'validation_csv_header', message: `Column "${name}" twice.` },
      });
    at[name] = i;
  }
  if (at.email === undefined) {
    const looksLikeData = fields.some((f) => f.includes('@'));
    throw badRequest(
      looksLikeData
        ? 'The file has no header: its first line looks like data. Start with the line "name,email,groups" (GET /api/users/import/template).'
        : `The header has no "email" column (found: ${fields.map((f) => `"${f.trim()}"`).join(', ')}). Start with "name,email,groups".`,
      {
        [`line ${line}`]: {
          code: 'validation_csv_header',
          message: looksLikeData ? 'Missing header line.' : 'No "email" column.',
        },
      },
    );
  }
  const columns = IMPORT_COLUMNS.filter((c) => at[c] !== undefined);
  return { columns, ignored, at, width: fields.length };
}

export function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

export function readRow(
  header: Header,
  fields: string[],
  line: number,
): { row: ImportRow; password: string | undefined } {
  const cell = (c: ImportColumn) => {
    const i = header.at[c];
    return i === undefined ? '' : (fields[i] ?? '');
  };
  const extra = fields.length > header.width && fields.slice(header.width).some((f) => f.trim());
  const password = cell('password');
  return {
    row: {
      line,
      email: normalizeEmail(cell('email')),
      name: cell('name').trim(),
      role: cell('role').trim(),
      groups: splitGroups(cell('groups')),
      passwordHash: null,
      passwordError: null,
      problem: extra
        ? `${fields.length} fields, but the header names ${header.width} columns (put several groups inside quotes: "A,B").`
        : null,
    },
    password: password === '' ? undefined : password,
  };
}

export function storedRow(row: Selectable<UserImportRowsTable>): ImportRow {
  return JSON.parse(row.data) as ImportRow;
}
