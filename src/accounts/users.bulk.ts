// One action on many users, all or nothing: disable, enable, set a role, add to or remove from a
// group; every user is checked before anything is written.
import type { Updateable } from 'kysely';
import { appendAudit, diff, fromActor } from '../audit/audit.repo.js';
import { type Actor, mayManageEach, mayManageUsers } from '../access/index.js';
import type { UsersTable } from '../db/types.js';
import { fieldError, refuse } from '../errors.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { nowTimestamp } from '../lib/time.js';
import { existingIds } from '../records/records.repo.js';
import { revokeTokensOf } from '../tokens/tokens.revoke.js';
import { deleteSessionsOf } from './sessions.repo.js';
import { checkAssignments } from './users.checks.js';
import { findUserById, updateUserRow } from './users.repo.js';
import type { UserBulk } from './users.schema.js';
import { AUDITED_FIELDS, type UsersDeps } from './users.write.js';

export interface BulkResult {
  action: string;
  changed: string[];
  group?: string;
  tokensRevoked?: number;
}

/**
 * Adding to or removing from a group is the group's members endpoint (one audit entry with the
 * membership diff); the other actions change each user, one audit entry each and one for the whole.
 */
export async function bulkUsers(
  deps: UsersDeps,
  actor: Actor,
  input: UserBulk,
): Promise<BulkResult> {
  const snapshot = await deps.directory.snapshot();
  const may = mayManageUsers(actor.principal, snapshot, 'bulk');
  if (!may.ok) throw refuse(may);
  if (input.action === 'addToGroup' || input.action === 'removeFromGroup') {
    if (!snapshot.index.group(input.group))
      throw fieldError('group', 'validation_missing_rel_records', 'Unknown group.');
    const add = input.action === 'addToGroup';
    const result = await new MembershipsService(deps.db, deps.directory).change(
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
  const found = await existingIds(deps.db, 'users', input.ids);
  const missing = input.ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw fieldError(
      'ids',
      'validation_missing_rel_records',
      `Unknown users: ${missing.join(', ')}.`,
    );
  if (input.action === 'setRole') checkAssignments(actor, snapshot, input.role, [], []);
  const each = mayManageEach(actor.principal, snapshot, input.ids);
  if (!each.ok) throw refuse(each);
  const now = nowTimestamp();
  let tokensRevoked = 0;
  await deps.directory.transaction(actor.principal, async (tx, events) => {
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
