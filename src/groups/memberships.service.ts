// Group memberships in bulk: add and remove many users in one all-or-nothing call (one audit event
// with the membership diff), with the same level guards as editing each user.
import { appendAudit, fromActor } from '../audit/audit.repo.js';
import { type Actor, mayChangeMembers, mayJoinGroups, mayManageEach } from '../access/index.js';
import type { Db } from '../db/connect.js';
import { fieldError, notFound, refuse } from '../errors.js';
import { existingIds } from '../records/records.repo.js';
import { addRelations, removeRelations } from '../records/relations.repo.js';
import type { Directory } from '../directory/directory.js';

import type { MembersChange } from './memberships.schema.js';

export class MembershipsService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
  ) {}

  async change(actor: Actor, groupId: string, change: MembersChange) {
    const input = { add: change.add ?? [], remove: change.remove ?? [] };
    const snapshot = await this.directory.snapshot();
    const p = actor.principal;
    const may = mayChangeMembers(p, snapshot);
    if (!may.ok) throw refuse(may);
    const index = snapshot.index;
    const group = index.group(groupId);
    if (!group) throw notFound();
    const both = input.add.filter((id) => input.remove.includes(id));
    if (both.length > 0)
      throw fieldError('add', 'validation_conflict', `Both added and removed: ${both.join(', ')}.`);
    const found = await existingIds(this.db, 'users', [...input.add, ...input.remove]);
    for (const field of ['add', 'remove'] as const) {
      const missing = input[field].filter((id) => !found.has(id));
      if (missing.length > 0)
        throw fieldError(
          field,
          'validation_missing_rel_records',
          `Unknown users: ${missing.join(', ')}.`,
        );
    }
    // Joining the group brings its roles and its ancestors' roles: each must be assignable.
    const joins = mayJoinGroups(p, snapshot, input.add.length > 0 ? [groupId] : []);
    if (!joins.ok) throw refuse(joins);
    const members = new Set(index.membersOfGroup(groupId));
    const added = input.add.filter((id) => !members.has(id));
    const removed = input.remove.filter((id) => members.has(id));
    const each = mayManageEach(p, snapshot, [...added, ...removed]);
    if (!each.ok) throw refuse(each);
    await this.directory.transaction(actor.principal, async (tx, events) => {
      for (const id of added) {
        await addRelations(
          tx,
          { collection: 'users', field: 'groups', recordId: id },
          [groupId],
          'append',
        );
        events.push({ kind: 'user', id });
      }
      for (const id of removed) {
        await removeRelations(tx, { collection: 'users', field: 'groups', recordId: id }, [
          groupId,
        ]);
        events.push({ kind: 'user', id });
      }
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'group.members',
        target: { type: 'groups', id: groupId },
        result: 'success',
        changes: {
          members: [[...members], [...members].filter((m) => !removed.includes(m)).concat(added)],
        },
        data: { added, removed },
      });
    });
    return { group: groupId, added, removed, members: index.membersOfGroup(groupId) };
  }
}
