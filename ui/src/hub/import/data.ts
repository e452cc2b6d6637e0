// What the Import Users wizard and the invitation page call: the template (a download), the dry run
// (POST /api/users/import, multipart, sent with upload progress), its rows a page at a time
// (GET /api/users/import/{id}), the confirm, and the invitation's lookup and accept.
import { queryOptions } from '@tanstack/react-query';
import { ClientResponseError } from 'pocketbase';
import { downloadWithAuth } from '../../shared/download';
import { pb } from '../pb';

export type RowAction = 'create' | 'update' | 'skip' | 'error';
export const ROW_ACTIONS: readonly RowAction[] = ['create', 'update', 'skip', 'error'];

/** The import's options, as the server names them (src/imports/imports.schema.ts). */
export interface ImportOptions {
  onExisting: 'skip' | 'update';
  onUnknownGroup: 'error' | 'create';
  invite: boolean;
}
export const DEFAULT_OPTIONS: ImportOptions = {
  onExisting: 'skip',
  onUnknownGroup: 'error',
  invite: true,
};

export type Summary = Record<RowAction, number> & { rows: number };

export interface RowResult {
  line: number;
  email: string;
  action: RowAction;
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
  truncated: boolean;
}

export interface RowsPage {
  id: string;
  status: 'pending' | 'applied';
  summary: Summary;
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: RowResult[];
}

export interface Invitation {
  email: string;
  userId: string;
  link: string;
}

export interface ImportResult {
  id: string;
  status: 'applied';
  summary: Summary;
  created: number;
  updated: number;
  skipped: number;
  groupsCreated: string[];
  invitations: Invitation[];
}

export const TEMPLATE_PATH = '/api/users/import/template';
export const TEMPLATE_FILENAME = 'users-import-template.csv';

export function downloadTemplate(): Promise<void> {
  return downloadWithAuth(pb, TEMPLATE_PATH, TEMPLATE_FILENAME);
}

/** The options as the dry run's query string. */
export function optionsQuery(options: ImportOptions): string {
  return new URLSearchParams({
    onExisting: options.onExisting,
    onUnknownGroup: options.onUnknownGroup,
    invite: String(options.invite),
  }).toString();
}

/** Where an upload is: started (no byte count yet), bytes sent, then the server checking rows. */
export type UploadProgress =
  { phase: 'starting' } | { phase: 'sending'; percent: number } | { phase: 'checking' };

/**
 * The dry run: `file` sent as multipart (part "file") with XMLHttpRequest, whose upload events
 * give a real progress bar on large files (fetch has none). A refusal rejects with the server's
 * answer as a ClientResponseError, so `serverProblem` words it like any other.
 */
export function uploadDryRun(
  file: Blob,
  options: ImportOptions,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<DryRun> {
  const url = pb.buildURL(`/api/users/import?${optionsQuery(options)}`);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (pb.authStore.token) xhr.setRequestHeader('Authorization', pb.authStore.token);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable)
        onProgress({ phase: 'sending', percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.upload.onload = () => {
      onProgress({ phase: 'checking' });
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      // The SDK's afterSend hook sees this answer too, as it sees pb.send's: a 401 here ends
      // the session and goes to sign-in like anywhere else in the hub (main.tsx).
      pb.afterSend?.(new Response(null, { status: xhr.status }), body);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as DryRun);
      else reject(new ClientResponseError({ url, status: xhr.status, response: body ?? {} }));
    };
    xhr.onerror = () => {
      reject(new ClientResponseError({ url, status: 0 }));
    };
    xhr.onabort = () => {
      reject(new ClientResponseError({ url, status: 0, isAbort: true }));
    };
    signal?.addEventListener('abort', () => {
      xhr.abort();
    });
    const form = new FormData();
    form.append('file', file, file instanceof File ? file.name : 'users.csv');
    xhr.send(form);
  });
}

export const ROWS_PER_PAGE = 50;

/** One page of a dry run's rows, all or one action's. */
export const importRowsQuery = (id: string, page: number, action: RowAction | undefined) =>
  queryOptions({
    queryKey: ['user-import', id, 'rows', action ?? 'all', page],
    queryFn: ({ signal }) =>
      pb.send<RowsPage>(`/api/users/import/${encodeURIComponent(id)}`, {
        query: { page, perPage: ROWS_PER_PAGE, ...(action ? { action } : {}) },
        signal,
      }),
    retry: false,
  });

export function confirmImport(id: string): Promise<ImportResult> {
  return pb.send<ImportResult>(`/api/users/import/${encodeURIComponent(id)}/confirm`, {
    method: 'POST',
    body: {},
  });
}

/** Whom an invitation link is for (the token in the body, never in a logged URL). */
export const invitationQuery = (token: string) =>
  queryOptions({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) =>
      pb.send<{ email: string; name: string; expires: string }>('/api/users/invitations/lookup', {
        method: 'POST',
        body: { token },
        signal,
      }),
    retry: false,
    staleTime: Infinity,
  });

export function acceptInvitation(token: string, password: string): Promise<void> {
  return pb.send('/api/users/invitations/accept', {
    method: 'POST',
    body: { token, password, passwordConfirm: password },
  });
}

/** The invitation links as a CSV file (email,link), for a long list. */
export function invitationsCsv(invitations: readonly Invitation[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return ['email,link', ...invitations.map((i) => `${cell(i.email)},${cell(i.link)}`)].join('\r\n');
}
