// Service accounts (SPEC §7): users of kind `service` with an owner and a description, permissions
// through a direct role and groups like anyone, and personal API tokens as their only credential.
// Who may do what comes from access/service-accounts.ts; their tokens: service-accounts.tokens.ts.
import type { Updateable } from 'kysely';
import { appendAudit, diff, fromActor } from '../audit/audit.repo.js';
import {
  type Actor,
  canCreateServiceAccounts,
  canListAllServiceAccounts,
  canViewServiceAccount,
  editableServiceAccountFields,
  mayAdministerServiceAccount,
  tokenAllows,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { UserRow, UsersTable } from '../db/types.js';
import { fieldError, fieldForbidden, refuse, forbidden } from '../errors.js';
import type { Directory } from '../directory/directory.js';
import type { UsersService } from '../accounts/users.service.js';
import { newUserRow } from '../accounts/users.rows.js';
import { deleteSessionsOf } from '../accounts/sessions.repo.js';
import {
  deleteOwnedRecords,
  deleteUserRow,
  findUserById,
  insertUser,
  removeUserFromShares,
  updateUserRow,
} from '../accounts/users.repo.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';
import { addRelations, loadRelations, removeRelations } from '../records/relations.repo.js';
import { markTokensRevoked } from '../tokens/tokens.repo.js';
import { revokeTokensOf } from '../tokens/tokens.revoke.js';
import { pageServiceAccounts, tokenStatsOf, userNamesOf } from './service-accounts.repo.js';
import { type Visible, loadServiceAccount, refOf } from './service-accounts.load.js';
import type {
  ServiceAccountCreate,
  ServiceAccountsListQuery,
  ServiceAccountsPage,
  ServiceAccountUpdate,
  ServiceAccountView,
} from './service-accounts.schema.js';

const AUDITED_FIELDS = ['name', 'description', 'owner', 'role', 'status'] as const;

/**
 * The users table needs a unique email; a service account has none, so it gets one under the
 * reserved `.invalid` TLD (RFC 2606) that can never receive mail or match a real person.
 */
const placeholderEmail = (id: string) => `${id}@service-accounts.invalid`;

const groupsLink = (userId: string) => ({ collection: 'users', field: 'groups', recordId: userId });

function present(row: UserRow, groups: readonly string[]): ServiceAccountView {
  return {
    id: row.id,
    kind: 'service',
    name: row.name,
    description: row.description,
    ownerId: row.owner || null,
    role: row.role,
    groups: [...groups],
    status: row.status,
    created: row.created,
    updated: row.updated,
  };
}

export class ServiceAccountsService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
    private readonly users: UsersService,
  ) {}

  /**
   * A page of every service account for administrators (admin.users.view/manage), of an owner's own
   * otherwise; each with its owner's name, its unrevoked tokens and their last use.
   */
  async list(actor: Actor, query: ServiceAccountsListQuery): Promise<ServiceAccountsPage> {
    const p = actor.principal;
    const snapshot = await this.directory.snapshot();
    const empty = { rows: [], total: 0 };
    let found: { rows: UserRow[]; total: number } = empty;
    const me = p.type === 'user' ? p.id : null;
    const owner = query.owner === 'me' ? me : (query.owner ?? null);
    // `owner=me` from a superuser or the CLI: owners are users, so none is theirs.
    if (query.owner === 'me' && me === null) found = empty;
    else if (canListAllServiceAccounts(p, snapshot))
      found = await pageServiceAccounts(this.db, { ...query, ownerId: owner });
    else if (p.type === 'user') {
      const may = tokenAllows(p, 'serviceAccounts', snapshot);
      if (!may.ok) throw refuse(may);
      // An owner's list is their own whatever `owner` says; another owner's is empty to them.
      if (owner === null || owner === p.id)
        found = await pageServiceAccounts(this.db, { ...query, ownerId: p.id });
    }
    const ids = found.rows.map((r) => r.id);
    const [groups, stats, owners] = await Promise.all([
      loadRelations(this.db, 'users', 'groups', ids),
      tokenStatsOf(this.db, ids),
      userNamesOf(
        this.db,
        found.rows.map((r) => r.owner).filter((o) => o !== ''),
      ),
    ]);
    return {
      page: query.page,
      perPage: query.perPage,
      totalItems: found.total,
      totalPages: Math.ceil(found.total / query.perPage),
      items: found.rows.map((r) => ({
        ...present(r, groups.get(r.id) ?? []),
        ownerName: r.owner ? (owners.get(r.owner) ?? '') : '',
        activeTokens: stats.get(r.id)?.activeTokens ?? 0,
        lastUsedAt: stats.get(r.id)?.lastUsedAt ?? '',
      })),
    };
  }

  async view(actor: Actor, id: string): Promise<ServiceAccountView> {
    const { row } = await this.load(actor, id, canViewServiceAccount);
    return this.presentOne(row);
  }

  async create(actor: Actor, input: ServiceAccountCreate): Promise<ServiceAccountView> {
    const p = actor.principal;
    const snapshot = await this.directory.snapshot();
    if (!canCreateServiceAccounts(p, snapshot))
      throw forbidden('Creating service accounts needs admin.users.manage.');
    // The owner defaults to the caller when the caller is a person signed in to the hub.
    const owner =
      input.ownerId === undefined
        ? p.type === 'user' && p.kind !== 'service'
          ? p.id
          : ''
        : (input.ownerId ?? '');
    this.users.checkAssignments(actor, snapshot, input.role || undefined, input.groups, []);
    await this.users.checkGroupsExist(input.groups);
    const id = newId();
    const row = newUserRow({
      id,
      email: placeholderEmail(id),
      name: input.name,
      role: input.role,
      kind: 'service',
      owner,
      description: input.description,
    });
    await this.directory.transaction(actor.principal, async (tx, events) => {
      await checkOwner(tx, owner);
      await insertUser(tx, row);
      await addRelations(tx, groupsLink(id), input.groups, 'append');
      events.push({ kind: 'user', id });
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'service_account.create',
        target: { type: 'users', id },
        result: 'success',
        changes: {
          ...Object.fromEntries(AUDITED_FIELDS.map((f) => [f, [null, row[f]]])),
          ...(input.groups.length > 0 ? { groups: [null, input.groups] } : {}),
        },
      });
    });
    return present(row, input.groups);
  }

  /** Disabling revokes its tokens for good; the answer then says how many (`tokensRevoked`). */
  async update(
    actor: Actor,
    id: string,
    input: ServiceAccountUpdate,
  ): Promise<ServiceAccountView & { tokensRevoked?: number }> {
    const { row: before, snapshot } = await this.load(actor, id, canViewServiceAccount);
    const { fields, why } = editableServiceAccountFields(actor.principal, snapshot, refOf(before));
    for (const field of Object.keys(input)) {
      if (!fields.has(field)) {
        throw fieldForbidden(field, why);
      }
    }
    const groupsBefore = (await loadRelations(this.db, 'users', 'groups', [id])).get(id) ?? [];
    const roleChanges = input.role !== undefined && input.role !== before.role;
    this.users.checkAssignments(
      actor,
      snapshot,
      roleChanges && input.role ? input.role : undefined,
      input.groups ?? [],
      groupsBefore,
    );
    if (input.groups) await this.users.checkGroupsExist(input.groups);

    const patch: Updateable<UsersTable> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (input.ownerId !== undefined) patch.owner = input.ownerId ?? '';
    if (input.role !== undefined) patch.role = input.role;
    if (input.status !== undefined) patch.status = input.status;
    patch.updated = nowTimestamp();
    const after: UserRow = { ...before, ...patch };
    const groupsAfter = input.groups ?? groupsBefore;
    const disables = input.status === 'disabled' && before.status !== 'disabled';
    let tokensRevoked = 0;

    await this.directory.transaction(actor.principal, async (tx, events) => {
      if (patch.owner) await checkOwner(tx, after.owner);
      await updateUserRow(tx, id, patch);
      if (disables)
        tokensRevoked = await revokeTokensOf(tx, fromActor(actor), id, 'account_disabled');
      if (input.groups) {
        await removeRelations(tx, groupsLink(id));
        await addRelations(tx, groupsLink(id), input.groups, 'append');
      }
      events.push({ kind: 'user', id });
      const changes = diff(before, after, AUDITED_FIELDS);
      if (input.groups && JSON.stringify(input.groups) !== JSON.stringify(groupsBefore)) {
        changes.groups = [groupsBefore, input.groups];
      }
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'service_account.update',
        target: { type: 'users', id },
        result: 'success',
        changes,
      });
    });
    return { ...present(after, groupsAfter), ...(disables ? { tokensRevoked } : {}) };
  }

  /**
   * Deletes a service account after the caller typed its name (or id) as confirmation. Its tokens
   * are revoked, it leaves every share and group, and records it owned (alerts) go with it.
   */
  async delete(actor: Actor, id: string, confirm: string | undefined): Promise<void> {
    const { row, snapshot } = await this.load(actor, id, canViewServiceAccount);
    const check = mayAdministerServiceAccount(actor.principal, snapshot, refOf(row));
    if (!check.ok) throw refuse(check);
    if (typeof confirm !== 'string' || (confirm.trim() !== row.name && confirm !== row.id)) {
      throw fieldError(
        'confirm',
        'validation_confirmation',
        `Confirm by passing ?confirm=<the service account's name>.`,
        'Deleting a service account needs confirmation.',
      );
    }
    await this.directory.transaction(actor.principal, async (tx, events) => {
      events.push({ kind: 'user', id });
      const tokensRevoked = (await markTokensRevoked(tx, id, nowTimestamp())).length;
      const shares = await removeUserFromShares(tx, id);
      const owned = await deleteOwnedRecords(tx, id);
      await deleteSessionsOf(tx, 'users', id);
      await removeRelations(tx, groupsLink(id));
      await deleteUserRow(tx, id);
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'service_account.delete',
        target: { type: 'users', id },
        result: 'success',
        changes: { name: [row.name, null], owner: [row.owner, null], role: [row.role, null] },
        data: { tokensRevoked, sharesRemoved: shares, ownedRecordsDeleted: owned },
      });
    });
  }

  private load(actor: Actor, id: string, visible: Visible) {
    return loadServiceAccount(this.db, this.directory, actor, id, visible);
  }

  private async presentOne(row: UserRow): Promise<ServiceAccountView> {
    const groups = await loadRelations(this.db, 'users', 'groups', [row.id]);
    return present(row, groups.get(row.id) ?? []);
  }
}

/** An owner is a person: an existing user of kind `user` (read inside the change's transaction). */
async function checkOwner(tx: Db, owner: string): Promise<void> {
  if (owner === '') return;
  const user = await findUserById(tx, owner);
  if (!user || user.kind !== 'user') {
    throw fieldError(
      'ownerId',
      'validation_missing_rel_records',
      'Must be the id of an existing user (not a service account).',
    );
  }
}
