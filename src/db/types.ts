// The database's tables as Kysely sees them. Column names equal API field names (camelCase);
// booleans are stored as 0/1 integers and timestamps as PocketBase-style strings in both dialects.
import type { Generated, Insertable, Selectable, Transaction } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  emailVisibility: number;
  verified: number;
  name: string;
  username: string | null;
  role: string;
  status: string;
  /** 'user' or 'service' (a service account: no password, API tokens only). */
  kind: string;
  /** Service accounts: the owning user's id ('' for none, and for humans). */
  owner: Generated<string>;
  description: Generated<string>;
  passwordHash: string | null;
  tokenKey: string;
  /** A pending set-password invitation: SHA-256 (hex) of its link's token, '' for none. */
  invitationHash: Generated<string>;
  /** When that invitation expires ('' for none). */
  invitationExpires: Generated<string>;
  created: string;
  updated: string;
}

export interface SuperusersTable {
  id: string;
  email: string;
  passwordHash: string;
  tokenKey: string;
  created: string;
  updated: string;
}

export interface SessionsTable {
  id: string;
  collection: string;
  accountId: string;
  ip: string;
  userAgent: string;
  created: string;
  lastSeen: string;
  expires: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actorType: string;
  actorId: string;
  actorEmail: string;
  ip: string;
  userAgent: string;
  action: string;
  targetType: string;
  targetId: string;
  result: string;
  changes: string | null;
  data: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  lastHash: string;
  anchorHash: string;
  anchorSeq: number;
}

export interface LockoutsTable {
  /** `acct:<collection>:<SHA-256 of the identity>` or `ip:<address>` (accounts/lockout.ts). */
  key: string;
  failures: number;
  lockLevel: number;
  lockedUntil: string | null;
  /** The last counted failure (or the row's creation). */
  lastFailure: string;
  /** Attempts reserved and not yet settled in period `pendingSlot`, and in the period before. */
  pending: Generated<number>;
  pendingPrev: Generated<number>;
  pendingSlot: Generated<number>;
}

export interface SuperuserOtpsTable {
  id: string;
  superuserId: string;
  codeHash: string;
  expires: string;
  created: string;
}

export interface RolesTable {
  id: string;
  name: string;
  description: string;
  level: number;
  permissions: string;
  builtin: number;
  created: string;
  updated: string;
}

export interface RecordRelationsTable {
  collection: string;
  field: string;
  recordId: string;
  targetId: string;
  pos: number;
}

export interface GroupsTable {
  id: string;
  name: string;
  description: string;
  /** '' for a root group. */
  parent: string;
  created: string;
  updated: string;
}

export interface ApiTokensTable {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  /** JSON list of `module:action`, or null for the owner's full permissions. */
  scopes: string | null;
  /** '' = never expires. */
  expiresAt: string;
  lastUsedAt: string;
  lastUsedIp: string;
  /** '' while active. */
  revokedAt: string;
  created: string;
}

export interface UserImportsTable {
  id: string;
  actorType: string;
  actorId: string;
  /** parsing | pending | applied */
  status: string;
  options: string;
  columns: string;
  summary: string;
  result: string | null;
  created: string;
  expires: string;
}

export interface UserImportRowsTable {
  importId: string;
  line: number;
  email: string;
  data: string;
  action: string;
  reasons: string;
}

/** One row per invariant spanning many rows; bumped (and so locked) by changes that could break it. */
export interface GuardLocksTable {
  name: 'directory' | 'superusers';
  version: number | string;
}

export interface Database {
  api_tokens: ApiTokensTable;
  groups: GroupsTable;
  roles: RolesTable;
  record_relations: RecordRelationsTable;
  users: UsersTable;
  _superusers: SuperusersTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  lockouts: LockoutsTable;
  guard_locks: GuardLocksTable;
  superuser_otps: SuperuserOtpsTable;
  user_imports: UserImportsTable;
  user_import_rows: UserImportRowsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type SuperuserRow = Selectable<SuperusersTable>;
export type SessionRow = Selectable<SessionsTable>;

/**
 * An open transaction. Kysely's `Transaction` carries private fields, so a plain connection (`Db`)
 * is not one: a write that must share the transaction of its change (its audit row) takes a `Tx`,
 * and forgetting the transaction is a type error.
 */
export type Tx = Transaction<Database>;
