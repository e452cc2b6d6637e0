// What a filter is compiled against: the caller (\`@request.auth\`), the request, the view rules that
// bound every relation it follows; the filter's error; and the point a field path is read from.
import type { ScopeRule } from '../../access/index.js';
import type { CollectionDef } from '../../catalogue/collections.js';
import type { SqlDialect } from '../../db/dialect.js';
import { AppError, paramError } from '../../errors.js';
import type { Aliases } from '../sql.js';

/** The signed-in account a filter's `@request.auth.*` reads. */
export interface AuthInfo {
  collection: 'users' | '_superusers';
  id: string;
  email: string;
}

/** What `@request.*` reads besides the account (a list request has no body). */
export interface RequestInfo {
  method: string;
  context: string;
  /** Header names lower-cased with "-" written "_", as PocketBase normalises them. */
  headers: Record<string, string>;
  query: Record<string, string>;
}

export interface FilterContext {
  dialect: SqlDialect;
  aliases: Aliases;
  /** The view rule of a collection for the caller (every relation a filter follows stays inside it). */
  viewRule: (collection: CollectionDef) => ScopeRule;
  /** `@request.auth`; null for guests. */
  auth: AuthInfo | null;
  request?: RequestInfo;
  /**
   * Superusers (PocketBase's allowHiddenFields): another user's email is filterable only when the
   * user made it visible, unless this is set.
   */
  allowHidden: boolean;
  /** The caller reads the directory (`readsDirectory`): every user's email is filterable, as shown. */
  emailsVisible?: boolean;
}

/** PocketBase's maxNestedRels. */
export const MAX_RELATION_HOPS = 6;

export function filterError(message: string, pos: number): AppError {
  const text = `Invalid filter at position ${pos}: ${message}`;
  return paramError('filter', text);
}

/** Where a path is being read from. */
export interface Walk {
  collection: CollectionDef;
  alias: string;
  /** The join key of this point (paths that share a prefix share its joins). */
  key: string;
  /** A multi-valued step was taken (PocketBase's withMultiMatch). */
  multi: boolean;
  /** The row may be missing (a LEFT JOIN), so its columns may be NULL. */
  nullable: boolean;
  allowHidden: boolean;
  /** FilterContext.emailsVisible, kept along the path. */
  emailsVisible?: boolean;
  /** Unknown fields read as NULL instead of failing (PocketBase's @request.* leniency). */
  lenient: boolean;
}
