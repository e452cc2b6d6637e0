// The users service: reading, creating, changing and deleting user accounts, one action per file
// beside it (users.create/update/delete/bulk.ts, the checks in users.checks.ts). Who may do what
// comes from access/users.ts and access/groups.ts.
import { type AccessSnapshot, type Actor, canViewUser } from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { Directory } from '../directory/directory.js';
import { notFound } from '../errors.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type UserRecord, userRecord } from './account-records.js';
import type { PasswordHasher } from './passwords.js';
import { type BulkResult, bulkUsers } from './users.bulk.js';
import { checkAssignments, validateChange, validateNew } from './users.checks.js';
import { checkGroupsExist, createUser } from './users.create.js';
import { type DeleteConfirm, deleteUser } from './users.delete.js';
import { findUserById } from './users.repo.js';
import type { UserBulk, UserCreate, UserCreateBody, UserUpdate } from './users.schema.js';
import { updateUser } from './users.update.js';
import type { UsersDeps } from './users.write.js';

export { newTokenKey } from './users.rows.js';
export { passwordFailure } from './users.checks.js';
export { withGroupModifiers } from './users.input.js';

export class UsersService implements UsersDeps {
  constructor(
    readonly db: Db,
    readonly settings: SettingsService,
    readonly hasher: PasswordHasher,
    readonly directory: Directory,
  ) {}

  async view(actor: Actor, id: string): Promise<UserRecord> {
    if (!canViewUser(actor.principal, await this.directory.snapshot(), id)) throw notFound();
    const row = await findUserById(this.db, id);
    if (!row) throw notFound();
    return userRecord(row);
  }

  /** Creates a user from a parsed body (users.input.ts parses it at the edge). */
  create(actor: Actor, input: UserCreate): Promise<UserRecord> {
    return createUser(this, actor, input);
  }

  /**
   * Changes user `id`. The body's fields are parsed here, not at the edge: `groups+` / `groups-`
   * apply to the user's current groups (users.update.ts).
   */
  update(actor: Actor, id: string, body: Record<string, unknown>): Promise<UserRecord> {
    return updateUser(this, actor, id, body);
  }

  /** Deletes a user; `confirm`, when given, must be their email (users.delete.ts). */
  delete(actor: Actor, id: string, confirm?: DeleteConfirm): Promise<void> {
    return deleteUser(this, actor, id, confirm);
  }

  /** One action on many users, all or nothing (users.bulk.ts). */
  bulk(actor: Actor, input: UserBulk): Promise<BulkResult> {
    return bulkUsers(this, actor, input);
  }

  /** The checks of create() that need no I/O (the CSV import runs them on every row). */
  validateNew(
    actor: Actor,
    snapshot: AccessSnapshot,
    body: UserCreateBody,
    passwordMinLength: number,
  ): UserCreate {
    return validateNew(actor, snapshot, body, passwordMinLength);
  }

  /** The checks of update() that need no I/O, for changing user `id` (the CSV import's updates). */
  validateChange(
    actor: Actor,
    snapshot: AccessSnapshot,
    id: string,
    body: Record<string, unknown>,
    groupsBefore: readonly string[],
    passwordMinLength: number,
    options: { passwordChanges?: boolean } = {},
  ): UserUpdate {
    return validateChange(actor, snapshot, id, body, groupsBefore, passwordMinLength, options);
  }

  /** Roles must exist and be at or below the actor's level; so must every role a new group brings. */
  checkAssignments(
    actor: Actor,
    snapshot: AccessSnapshot,
    role: string | undefined,
    groups: readonly string[],
    groupsBefore: readonly string[],
  ): void {
    checkAssignments(actor, snapshot, role, groups, groupsBefore);
  }

  checkGroupsExist(groups: readonly string[]): Promise<void> {
    return checkGroupsExist(this.db, groups);
  }
}
