// What an import answers: the dry run's summary and row results, the confirm's result.
import type { Selectable } from 'kysely';
import type { UserImportRowsTable } from '../db/types.js';
import type { RowPlan } from './imports.plan.js';
import type { ImportOptions } from './imports.schema.js';

/** Row results returned with the dry run itself; the rest are paged (GET /api/users/import/{id}). */
export const PREVIEW_ROWS = 1000;
/** Rows at most reported in a refused confirm. */
export const REPORTED_ERRORS = 20;

export interface Summary {
  rows: number;
  create: number;
  update: number;
  skip: number;
  error: number;
}

export interface RowResult {
  line: number;
  email: string;
  action: RowPlan['action'];
  reasons: string[];
}

export interface DryRun {
  id: string;
  status: 'pending';
  expires: string;
  options: ImportOptions;
  columns: string[];
  ignoredColumns: string[];
  summary: Summary;
  rows: RowResult[];
  /** More rows than `rows` holds: page through GET /api/users/import/{id}. */
  truncated: boolean;
}

export interface ImportResult {
  id: string;
  status: 'applied';
  summary: Summary;
  created: number;
  updated: number;
  skipped: number;
  groupsCreated: string[];
  invitations: { email: string; userId: string; link: string }[];
}

export interface DryRunHooks {
  /** Bytes read so far (a progress bar). */
  onBytes?: (total: number) => void;
  /** The declared size (Content-Length): refused at once when over the limit. */
  declaredBytes?: number;
}

export const emptySummary = (): Summary => ({ rows: 0, create: 0, update: 0, skip: 0, error: 0 });

export function summarize(plans: readonly RowPlan[]): Summary {
  const summary = emptySummary();
  summary.rows = plans.length;
  for (const p of plans) summary[p.action]++;
  return summary;
}

/** A stored row's result, as the rows endpoint pages it. */
export function rowResult(row: Selectable<UserImportRowsTable>): RowResult {
  return {
    line: row.line,
    email: row.email,
    action: row.action as RowResult['action'],
    reasons: JSON.parse(row.reasons) as string[],
  };
}

export function resultOf(plan: RowPlan): RowResult {
  return { line: plan.line, email: plan.email, action: plan.action, reasons: plan.reasons };
}
