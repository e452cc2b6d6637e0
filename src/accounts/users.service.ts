// Creating, reading, changing and deleting user accounts. Who may do what comes from access/users.ts.
import type { Updateable } from 'kysely';
import { appendAudit, diff, fromActor } from '../audit/audit.repo.js';
import {
  type AccessSnapshot,
  type Actor,
  canViewUser,
  editableUserFields,
  mayAssignLevel,
  mayJoinGroups,
  mayManageEach,
  mayManageUser,
  mayManageUsers,
  needsOldPassword,
  revocationOnChange,
  tokenAllows,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { UserRow, UsersTable } from '../db/types.js';
import { AppError, fieldError, fieldForbidden, notFound, refuse } from '../errors.js';
import type { Directory } from '../directory/directory.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { newId, randomString } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';
import { parseInput } from '../lib/validation.js';
import {
  existingIds,
  removeRelations,
  addRelations,
  loadRelations,
} from '../records/records.repo.js';
import type { SettingsService } from '../settings/settings.service.js';
import { normalizeEmail, type UserRecord, userRecord } from './account-records.js';
import { type PasswordHasher, passwordProblem } from './passwords.js';
import { deleteSessionsOf } from './sessions.repo.js';
import {
  deleteOwnedRecords,
  deleteUserRow,
  findUserByEmail,
  findUserById,
  insertUser,
  removeUserFromShares,
  updateUserRow,
} from './users.repo.js';
import {
  type UserCreate,
  type UserUpdate,
  userBulkSchema,
  userCreateSchema,
  userUpdateSchema,
} from './users.schema.js';
import { releaseServiceAccountsOf } from '../service-accounts/service-accounts.repo.js';
import { revokeTokensOf } from '../tokens/tokens.revoke.js';

const AUDITED_FIELDS = [
  'email',
  'name',
  'username',
  'role',
  'status',
  'verified',
  'emailVisibility',
] as const;

export function newTokenKey(): string {
  return randomString(50);
}

const groupsLink = (userId: string) => ({ collection: 'users', field: 'groups', recordId: userId });

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
    private readonly directory: Directory,
  ) {}

  async view(actor: Actor, id: string): Promise<UserRecord> {
    if (!canViewUser(actor.principal, await this.directory.snapshot(), id)) throw notFound();
    const row = await findUserById(this.db, id);
    if (!row) throw notFound();
    return userRecord(row);
  }

  async create(actor: Actor, body: unknown): Promise<UserRecord> {
    const snapshot = await this.directory.snapshot();
    const may = mayManageUsers(actor.principal, snapshot, 'create');
    if (!may.ok) throw refuse(may);
    const { auth } = await this.settings.get();
    const input = this.validateNew(
      actor,
      snapshot,
      withGroupModifiers(body, []),
      auth.passwordMinLength,
    );
    await this.checkGroupsExist(input.groups);
    const passwordHash =
      input.password === undefined ? null : await this.hasher.hash(input.password);
    const now = nowTimestamp();
    const row: UserRow = {
      id: newId(),
      email: input.email,
      emailVisibility: input.emailVisibility ? 1 : 0,
      verified: input.verified ? 1 : 0,
      name: input.name,
      username: input.username ?? null,
      role: input.role,
      status: input.status,
      kind: 'user',
      owner: '',
      description: '',
      passwordHash,
      tokenKey: newTokenKey(),
      invitationHash: '',
      invitationExpires: '',
      created: now,
      updated: now,
    };
    await this.writeUnique(async () => {
      await this.directory.transaction(actor.principal, async (tx, events) => {
        if (await findUserByEmail(tx, row.email)) throw emailTaken();
        await insertUser(tx, row);
        await addRelations(tx, groupsLink(row.id), input.groups, 'append');
        events.push({ kind: 'user', id: row.id });
        await appendAudit(tx, {
          ...fromActor(actor),
          action: 'user.create',
          target: { type: 'users', id: row.id },
          result: 'success',
          changes: {
            ...Object.fromEntries(AUDITED_FIELDS.map((f) => [f, [null, row[f]]])),
            ...(input.groups.length > 0 ? { groups: [null, input.groups] } : {}),
          },
        });
      });
    });
    return userRecord(row);
  }

  async update(actor: Actor, id: string, body: unknown): Promise<UserRecord> {
    const p = actor.principal;
    const snapshot = await this.directory.snapshot();
    if (!canViewUser(p, snapshot, id)) throw notFound();
    // A scoped API token does only what its scopes name: not its owner's account (SPEC §7).
    const scoped = p.type === 'user' && p.id === id ? tokenAllows(p, 'account', snapshot) : null;
    if (scoped && !scoped.ok) throw refuse(scoped);
    const before = await findUserById(this.db, id);
    if (!before) throw notFound();
    const groupsBefore = (await loadRelations(this.db, 'users', 'groups', [id])).get(id) ?? [];
    const input = parseInput(
      userUpdateSchema,
      withGroupModifiers(body, groupsBefore),
      'Failed to update record.',
    );
    if (before.kind === 'service' && input.password !== undefined) {
      throw fieldError(
        'password',
        'validation_service_account',
        'Service accounts have no password; they authenticate with API tokens only.',
      );
    }
    this.checkChange(actor, snapshot, id, input, before.role, groupsBefore);
    if (input.groups) await this.checkGroupsExist(input.groups);
    const emailChanges = input.email !== undefined && input.email !== before.email;
    const passwordChanges = input.password !== undefined;
    // API tokens die with a disable (for good) and a credential reset; the owner may keep theirs.
    const revocation = revocationOnChange(p, id, {
      disables: input.status === 'disabled' && before.status !== 'disabled',
      password: passwordChanges,
      email: emailChanges,
      keep: input.revokeTokens === false,
    });
    if (!revocation.ok)
      throw fieldError('revokeTokens', 'validation_owner_only', revocation.message);
    if ((emailChanges || passwordChanges) && needsOldPassword(p, id)) {
      const ok =
        input.oldPassword !== undefined &&
        (await this.hasher.verify(before.passwordHash, input.oldPassword));
      if (!ok)
        throw fieldError(
          'oldPassword',
          'validation_invalid_old_password',
          'Missing or invalid old password.',
        );
    }
    const patch: Updateable<UsersTable> = {};
    if (input.email !== undefined) patch.email = input.email;
    if (input.name !== undefined) patch.name = input.name;
    if (input.username !== undefined) patch.username = input.username;
    if (input.role !== undefined) patch.role = input.role;
    if (input.status !== undefined) patch.status = input.status;
    if (input.verified !== undefined) patch.verified = input.verified ? 1 : 0;
    if (input.emailVisibility !== undefined) patch.emailVisibility = input.emailVisibility ? 1 : 0;
    if (input.password !== undefined) {
      await this.checkNewPassword(input.password, input.passwordConfirm);
      patch.passwordHash = await this.hasher.hash(input.password);
    }
    // A new email or password invalidates every token; so does disabling the account.
    const killSessions =
      emailChanges ||
      passwordChanges ||
      (input.status === 'disabled' && before.status !== 'disabled');
    if (emailChanges || passwordChanges) {
      patch.tokenKey = newTokenKey();
      // A pending set-password invitation went to the old address, or is no longer needed.
      patch.invitationHash = '';
      patch.invitationExpires = '';
    }
    patch.updated = nowTimestamp();
    const after: UserRow = { ...before, ...patch };

    await this.writeUnique(async () => {
      await this.directory.transaction(actor.principal, async (tx, events, directory) => {
        // Decided again under the directory lock: the user may have been promoted meanwhile.
        this.checkChange(actor, directory, id, input, before.role, groupsBefore);
        if (emailChanges && (await findUserByEmail(tx, after.email))) throw emailTaken();
        await updateUserRow(tx, id, patch);
        if (input.groups) {
          await removeRelations(tx, groupsLink(id));
          await addRelations(tx, groupsLink(id), input.groups, 'append');
        }
        events.push({ kind: 'user', id });
        if (killSessions) await deleteSessionsOf(tx, 'users', id);
        const tokensRevoked = revocation.reason
          ? await revokeTokensOf(tx, fromActor(actor), id, revocation.reason)
          : 0;
        const changes = diff(before, after, AUDITED_FIELDS);
        if (passwordChanges) changes.password = ['(hidden)', '(changed)'];
        if (input.groups && JSON.stringify(input.groups) !== JSON.stringify(groupsBefore)) {
          changes.groups = [groupsBefore, input.groups];
        }
        await appendAudit(tx, {
          ...fromActor(actor),
          action: 'user.update',
          target: { type: 'users', id },
          result: 'success',
          changes,
          ...(tokensRevoked > 0 ? { data: { tokensRevoked } } : {}),
        });
      });
    });
    return userRecord(after);
  }

  /**
   * Deletes a user. The user leaves every share (shared records stay), their own alerts and
   * sessions go with them. As in PocketBase the confirmation lives in the UI: `confirm` is
   * optional, but when a script sends it (`?confirm=<email>`), it must name this user.
   */
  async delete(actor: Actor, id: string, confirm?: unknown): Promise<void> {
    const snapshot = await this.directory.snapshot();
    if (!canViewUser(actor.principal, snapshot, id)) throw notFound();
    const may = mayManageUsers(actor.principal, snapshot, 'delete');
    if (!may.ok) throw refuse(may);
    const row = await findUserById(this.db, id);
    if (!row) throw notFound();
    const manage = mayManageUser(actor.principal, snapshot, id);
    if (!manage.ok) throw refuse(manage);
    if (
      confirm !== undefined &&
      (typeof confirm !== 'string' || normalizeEmail(confirm) !== row.email)
    ) {
      throw fieldError(
        'confirm',
        'validation_confirmation',
        `When given, ?confirm= must be the user's email.`,
        'The confirmation does not match this user.',
      );
    }
    await this.directory.transaction(actor.principal, async (tx, events) => {
      events.push({ kind: 'user', id });
      const shares = await removeUserFromShares(tx, id);
      const alerts = await deleteOwnedRecords(tx, id);
      // Service accounts the user owned keep working, ownerless, for administrators to reassign.
      const released = await releaseServiceAccountsOf(tx, id);
      await deleteSessionsOf(tx, 'users', id);
      await removeRelations(tx, groupsLink(id));
      await deleteUserRow(tx, id);
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'user.delete',
        target: { type: 'users', id },
        result: 'success',
        changes: { email: [row.email, null], role: [row.role, null] },
        data: {
          sharesRemoved: shares,
          ownedRecordsDeleted: alerts,
          ...(released.length > 0 ? { serviceAccountsReleased: released } : {}),
        },
      });
    });
  }

  /**
   * One action on many users, all or nothing: disable, enable, set a role, add to or remove from a
   * group (as the group's members endpoint: one audit entry with the membership diff). Every user
   * is checked before anything is written.
   */
  async bulk(
    actor: Actor,
    body: unknown,
  ): Promise<{ action: string; changed: string[]; group?: string; tokensRevoked?: number }> {
    const snapshot = await this.directory.snapshot();
    const may = mayManageUsers(actor.principal, snapshot, 'bulk');
    if (!may.ok) throw refuse(may);
    const input = parseInput(userBulkSchema, body, 'Invalid bulk action.');
    if (input.action === 'addToGroup' || input.action === 'removeFromGroup') {
      if (!snapshot.index.group(input.group))
        throw fieldError('group', 'validation_missing_rel_records', 'Unknown group.');
      const add = input.action === 'addToGroup';
      const result = await new MembershipsService(this.db, this.directory).change(
        actor,
        input.group,
        {
          [add ? 'add' : 'remove']: input.ids,
        },
      );
      return {
        action: input.action,
        group: input.group,
        changed: add ? result.added : result.removed,
      };
    }
    const found = await existingIds(this.db, 'users', input.ids);
    const missing = input.ids.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw fieldError(
        'ids',
        'validation_missing_rel_records',
        `Unknown users: ${missing.join(', ')}.`,
      );
    if (input.action === 'setRole') this.checkAssignments(actor, snapshot, input.role, [], []);
    const each = mayManageEach(actor.principal, snapshot, input.ids);
    if (!each.ok) throw refuse(each);
    const now = nowTimestamp();
    let tokensRevoked = 0;
    await this.directory.transaction(actor.principal, async (tx, events) => {
      for (const id of input.ids) {
        const before = await findUserById(tx, id);
        if (!before) continue;
        const patch: Updateable<UsersTable> =
          input.action === 'setRole'
            ? { role: input.role, updated: now }
            : { status: input.action === 'disable' ? 'disabled' : 'active', updated: now };
        await updateUserRow(tx, id, patch);
        if (input.action === 'disable' && before.status !== 'disabled') {
          await deleteSessionsOf(tx, 'users', id);
          tokensRevoked += await revokeTokensOf(tx, fromActor(actor), id, 'account_disabled');
        }
        events.push({ kind: 'user', id });
        await appendAudit(tx, {
          ...fromActor(actor),
          action: 'user.update',
          target: { type: 'users', id },
          result: 'success',
          changes: diff(before, { ...before, ...patch }, AUDITED_FIELDS),
          data: { bulk: input.action },
        });
      }
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'user.bulk',
        target: { type: 'users', id: '' },
        result: 'success',
        data: {
          action: input.action,
          ids: input.ids,
          ...(input.action === 'setRole' ? { role: input.role } : {}),
        },
      });
    });
    return {
      action: input.action,
      changed: input.ids,
      ...(input.action === 'disable' ? { tokensRevoked } : {}),
    };
  }

  /**
   * The checks of create() that need no I/O: the body's shape, the role and every role its groups
   * bring (no escalation), the password policy. The CSV import runs them on every row.
   */
  validateNew(
    actor: Actor,
    snapshot: AccessSnapshot,
    body: unknown,
    passwordMinLength: number,
  ): UserCreate {
    const input = parseInput(userCreateSchema, body, 'Failed to create record.');
    this.checkAssignments(actor, snapshot, input.role, input.groups, []);
    throwIfPasswordFails(input, passwordMinLength);
    return input;
  }

  /**
   * The checks of update() that need no I/O, for changing user `id` (the CSV import's updates).
   * `passwordChanges` says a password is set even when `body` no longer holds it (the import's
   * confirm keeps only its hash): who may change it is checked all the same.
   */
  validateChange(
    actor: Actor,
    snapshot: AccessSnapshot,
    id: string,
    body: unknown,
    groupsBefore: readonly string[],
    passwordMinLength: number,
    { passwordChanges = false }: { passwordChanges?: boolean } = {},
  ): UserUpdate {
    const input = parseInput(userUpdateSchema, body, 'Failed to update record.');
    const setsPassword = passwordChanges || input.password !== undefined;
    this.checkChange(actor, snapshot, id, input, snapshot.index.user(id)?.role, groupsBefore, {
      password: setsPassword,
    });
    if (setsPassword && needsOldPassword(actor.principal, id))
      throw fieldError(
        'password',
        'validation_own_password',
        'Change your own password from your account: it needs the current one.',
      );
    throwIfPasswordFails(input, passwordMinLength);
    return input;
  }

  /** Who may edit what, and which role and groups the actor may hand out (a role kept is fine). */
  private checkChange(
    actor: Actor,
    snapshot: AccessSnapshot,
    id: string,
    input: UserUpdate,
    roleBefore: string | undefined,
    groupsBefore: readonly string[],
    also: { password?: boolean } = {},
  ): void {
    checkEditable(actor, snapshot, id, also.password ? { ...input, password: '' } : input);
    const roleChanges = input.role !== undefined && input.role !== roleBefore;
    this.checkAssignments(
      actor,
      snapshot,
      roleChanges ? input.role : undefined,
      input.groups ?? [],
      groupsBefore,
    );
  }

  /** Roles must exist and be at or below the actor's level; so must every role a new group brings. */
  checkAssignments(
    actor: Actor,
    snapshot: AccessSnapshot,
    role: string | undefined,
    groups: readonly string[],
    groupsBefore: readonly string[],
  ): void {
    if (role !== undefined) {
      const found = snapshot.index.roleByName(role);
      if (!found) throw fieldError('role', 'validation_unknown_role', `Unknown role "${role}".`);
      const check = mayAssignLevel(actor.principal, snapshot, found.name, found.level);
      if (!check.ok) throw refuse(check);
    }
    const joins = mayJoinGroups(actor.principal, snapshot, groups, groupsBefore);
    if (!joins.ok) throw refuse(joins);
  }

  async checkGroupsExist(groups: readonly string[]): Promise<void> {
    const found = await existingIds(this.db, 'groups', groups);
    if (groups.some((g) => !found.has(g))) {
      throw fieldError(
        'groups',
        'validation_missing_rel_records',
        'Failed to find all relation records with the provided ids.',
      );
    }
  }

  private async checkNewPassword(password: string, confirm: string | undefined): Promise<void> {
    const { auth } = await this.settings.get();
    const problem = passwordFailure(password, confirm, auth.passwordMinLength);
    if (problem) throw problem;
  }

  /** Runs a write; a unique-constraint race (same email or username) becomes a field error. */
  private async writeUnique(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const text = error instanceof Error ? error.message : '';
      if (text.includes('username'))
        throw fieldError('username', 'validation_not_unique', 'Value must be unique.');
      throw emailTaken();
    }
  }
}

/**
 * `groups+` (append), `+groups` (prepend) and `groups-` (remove), a value or a list, applied to
 * the user's groups `before` (or to `groups` when the body sets it too), as PocketBase does for
 * every multiple relation; the body then carries the resulting `groups`.
 */
export function withGroupModifiers(body: unknown, before: readonly string[]): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const input = body as Record<string, unknown>;
  const { '+groups': prepend, 'groups+': append, 'groups-': remove, ...rest } = input;
  if (prepend === undefined && append === undefined && remove === undefined) return body;
  const list = (value: unknown): unknown[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  const start = 'groups' in rest ? list(rest.groups) : [...before];
  const groups = [...list(prepend), ...start, ...list(append)];
  const removed = new Set(list(remove));
  return { ...rest, groups: [...new Set(groups)].filter((g) => !removed.has(g)) };
}

const emailTaken = () => fieldError('email', 'validation_not_unique', 'Value must be unique.');

/** Throws the password policy's field error when `input` sets an unacceptable password. */
function throwIfPasswordFails(
  input: { password?: string | undefined; passwordConfirm?: string | undefined },
  minLength: number,
): void {
  if (input.password === undefined) return;
  const problem = passwordFailure(input.password, input.passwordConfirm, minLength);
  if (problem) throw problem;
}

/** The password policy (and the confirmation) as a field error, or null when acceptable. */
export function passwordFailure(
  password: string,
  confirm: string | undefined,
  minLength: number,
): AppError | null {
  const problem = passwordProblem(password, minLength);
  if (problem) return fieldError('password', 'validation_invalid_password', problem);
  if (confirm !== undefined && confirm !== password)
    return fieldError('passwordConfirm', 'validation_values_mismatch', "Values don't match.");
  return null;
}

/** 403 naming the first field of `input` that `actor`'s principal may not change on user `id`. */
function checkEditable(
  actor: Actor,
  snapshot: AccessSnapshot,
  id: string,
  input: UserUpdate,
): void {
  const { fields, why } = editableUserFields(actor.principal, snapshot, id);
  for (const field of Object.keys(input)) {
    if (field === 'passwordConfirm' || field === 'oldPassword' || field === 'revokeTokens')
      continue;
    if (!fields.has(field)) {
      throw fieldForbidden(field, why);
    }
  }
}
