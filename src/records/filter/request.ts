// What a list request tells its filter: PocketBase's @request.* values, and its rule that only
// superusers may name @collection.* or @request.* in ?filter= and ?sort= (apis/record_helpers.go
// checkForSuperuserOnlyRuleFields: a loose substring check, answered with a 403).
import { mayFilterBy, type Principal } from '../../access/index.js';
import { refuse } from '../../errors.js';
import type { AuthInfo, RequestInfo } from './resolve.js';

/** 403 when a non-superuser's ?filter= or ?sort= mentions @collection. or @request. anywhere. */
export function checkSuperuserOnlyFields(
  principal: Principal,
  query: { filter: string; sort: string },
): void {
  const may = mayFilterBy(principal, query);
  if (!may.ok) throw refuse(may);
}

/** `@request.auth.*` of a principal (null for guests and internal callers). */
export function authInfo(principal: Principal): AuthInfo | null {
  if (principal.type === 'user')
    return { collection: 'users', id: principal.id, email: principal.email };
  if (principal.type === 'superuser') {
    return { collection: '_superusers', id: principal.id, email: principal.email };
  }
  return null;
}

const first = (value: unknown): string | undefined =>
  Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value : undefined;

/**
 * `@request.*` of an HTTP request as PocketBase reads it: the first value of each query parameter
 * and header, header names lower-cased with "-" written "_", and the "default" context of a list.
 */
export function requestInfo(request: {
  method: string;
  headers: Record<string, unknown>;
  query: unknown;
}): RequestInfo {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const v = first(value);
    if (v !== undefined) headers[name.toLowerCase().replace(/-/g, '_')] = v;
  }
  const query: Record<string, string> = {};
  if (typeof request.query === 'object' && request.query !== null) {
    for (const [name, value] of Object.entries(request.query)) {
      const v = first(value);
      if (v !== undefined) query[name] = v;
    }
  }
  return { method: request.method.toUpperCase(), context: 'default', headers, query };
}
