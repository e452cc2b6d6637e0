// What the Audit Log screen loads: pages of entries (GET /api/audit, newest first, cursor paged),
// the chain's verification, and the export (fetched with the auth header, saved as a file).
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { downloadWithAuth } from '../../shared/download';
import { pb } from '../pb';
import type { Grant } from '../records/data';

/** The list's filters as the URL keeps them (the names /api/audit takes; the server checks them). */
const text = z.coerce.string().optional().catch(undefined);
export const auditSearchSchema = z.object({
  from: text,
  to: text,
  actor: text,
  action: text,
  targetType: text,
  targetId: text,
  result: z.enum(['success', 'failure']).optional().catch(undefined),
});
export type AuditSearch = z.infer<typeof auditSearchSchema>;

export const FILTER_KEYS = [
  'from',
  'to',
  'actor',
  'action',
  'targetType',
  'targetId',
  'result',
] as const satisfies readonly (keyof AuditSearch)[];

export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  actor: { type: string; id: string; email: string };
  ip: string;
  action: string;
  target: { type: string; id: string };
  result: string;
  changes: unknown;
}

export interface ChainBreak {
  seq: number;
  id: string;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  broken: ChainBreak | null;
  brokenCount: number;
}

export const PAGE_SIZE = 50;

/** The filters as query parameters (empty ones left out). */
export function filterParams(search: AuditSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = search[key]?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

export function auditQuery(search: AuditSearch) {
  const params = filterParams(search);
  return infiniteQueryOptions({
    queryKey: ['audit', params.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams(params);
      query.set('limit', String(PAGE_SIZE));
      if (pageParam) query.set('cursor', pageParam);
      return pb.send<{ items: AuditEntry[]; nextCursor: string | null }>(
        `/api/audit?${query.toString()}`,
        { signal },
      );
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export const verifyQuery = queryOptions({
  queryKey: ['audit', 'verify'],
  queryFn: ({ signal }) => pb.send<VerifyReport>('/api/audit/verify', { signal }),
  enabled: false,
  gcTime: 0,
});

/** Whether the grants let the user read the audit log (the server stays the judge). */
export function mayReadAudit(grants: Readonly<Record<string, Grant>> | undefined): boolean {
  return grants?.admin?.actions.includes('audit.view') ?? false;
}

/** The changed fields as `[field, old, new]` (the API's `{field: [old, new]}`). */
export function changeRows(changes: unknown): [string, unknown, unknown][] {
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, pair]) =>
    Array.isArray(pair) ? [field, pair[0], pair[1]] : [field, undefined, pair],
  );
}

/** A changed value as text: strings as they are, nothing as "—", the rest as JSON. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Downloads the filtered entries as `format` (the auth header cannot ride on a plain link). */
export async function exportEntries(search: AuditSearch, format: 'csv' | 'json'): Promise<void> {
  const params = filterParams(search);
  params.set('format', format);
  await downloadWithAuth(pb, `/api/audit/export?${params.toString()}`, `audit-log.${format}`);
}
