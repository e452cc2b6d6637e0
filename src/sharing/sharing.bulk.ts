// A bulk share: many records of one member-mode collection gain and lose users and groups in one
// transaction, all or nothing, one `record.update` audit entry per record changed (as a share
// through the records API is audited). Runs under the directory's guard lock, so the caller's
// grants, the users and the groups are checked as committed and cannot be deleted until it ends,
// and with the records' rows locked, so none is deleted or edited meanwhile (PostgreSQL).
import { appendAudit, type AuditEntry, fromActor } from '../audit/audit.repo.js';
import { type Actor, mayShare, mayShareRecords, viewRule } from '../access/index.js';
import type { CollectionDef } from '../catalogue/collections.js';
import type { Db } from '../db/connect.js';
import type { Tx } from '../db/types.js';
import type { Directory } from '../directory/directory.js';
import { fieldError, refuse } from '../errors.js';
import { nowTimestamp } from '../lib/time.js';
import { existingIds, idsWhere, lockRowsById, ROOT, touchRows } from '../records/records.repo.js';
import { appendToMany, loadAllRelations, removeFromMany } from '../records/relations.repo.js';
import { scopeSql } from '../records/scope-sql.js';
import { Aliases, and } from '../records/sql.js';
import type { BulkShare, BulkShareResult, ShareTargets } from './sharing.schema.js';

export async function shareRecords(
  db: Db,
  directory: Directory,
  actor: Actor,
  collection: CollectionDef,
  input: BulkShare,
): Promise<BulkShareResult> {
  const p = actor.principal;
  // Refused early (nothing locked) when the caller may not share these records at all.
  const early = mayShare(p, await directory.snapshot(), collection);
  if (!early.ok) throw refuse(early);
  return directory.transaction(p, async (tx, _events, snapshot) => {
    // Again as committed: the caller's grants and groups may have changed since.
    const may = mayShare(p, snapshot, collection);
    if (!may.ok) throw refuse(may);
    const { records } = input;
    const existing = [...(await lockRowsById(tx, collection, records))];
    const inScope = (rule: Parameters<typeof scopeSql>[0], ids: string[]) =>
      idsWhere(tx, collection, ids, and([scopeSql(rule, collection.name, ROOT, new Aliases())]));
    const visible = await inScope(viewRule(p, snapshot, collection), existing);
    const editable = await inScope(may.rule, [...visible]);
    const verdict = mayShareRecords(records, visible, editable);
    if (!verdict.ok) throw refuse(verdict);
    await requireTargets(tx, input);

    const fields = may.fields;
    const before = await loadAllRelations(
      tx,
      collection.name,
      [fields.users, fields.groups],
      records,
    );
    const changed: string[] = [];
    const entries: AuditEntry[] = [];
    for (const id of records) {
      const users = before.get(fields.users)?.get(id) ?? [];
      const groups = before.get(fields.groups)?.get(id) ?? [];
      const afterUsers = applied(users, input.add.users, input.remove.users);
      const afterGroups = applied(groups, input.add.groups, input.remove.groups);
      const changes: Record<string, [unknown, unknown]> = {};
      if (!same(users, afterUsers)) changes[fields.users] = [users, afterUsers];
      if (!same(groups, afterGroups)) changes[fields.groups] = [groups, afterGroups];
      if (Object.keys(changes).length === 0) continue;
      changed.push(id);
      entries.push({
        ...fromActor(actor),
        action: 'record.update',
        target: { type: collection.name, id },
        result: 'success',
        changes,
        data: { bulkShare: { records: records.length } },
      });
    }
    for (const [field, kind] of [
      [fields.users, 'users'],
      [fields.groups, 'groups'],
    ] as const) {
      await removeFromMany(tx, collection.name, field, changed, input.remove[kind]);
      await appendToMany(tx, collection.name, field, changed, input.add[kind]);
    }
    await touchRows(tx, collection.name, changed, nowTimestamp());
    await appendAudit(tx, entries);
    const unchanged = records.filter((id) => !changed.includes(id));
    return { collection: collection.name, changed, unchanged };
  });
}

/** 400 naming `add.users`, `remove.groups`… when one of their ids is not an existing user/group. */
async function requireTargets(tx: Tx, input: BulkShare): Promise<void> {
  for (const kind of ['users', 'groups'] as const) {
    const named = [...input.add[kind], ...input.remove[kind]];
    if (named.length === 0) continue;
    const found = await existingIds(tx, kind, named);
    for (const side of ['add', 'remove'] as const) {
      const targets: ShareTargets = input[side];
      const missing = targets[kind].filter((id) => !found.has(id));
      if (missing.length > 0)
        throw fieldError(
          `${side}.${kind}`,
          'validation_missing_rel_records',
          `Unknown ${kind}: ${missing.join(', ')}.`,
          'Nothing was shared: some users or groups do not exist.',
        );
    }
  }
}

/** `current` without `remove`, then with each of `add` it lacks, at the end (as `field+`). */
function applied(current: readonly string[], add: readonly string[], remove: readonly string[]) {
  const kept = current.filter((id) => !remove.includes(id));
  return [...kept, ...add.filter((id) => !kept.includes(id))];
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);
