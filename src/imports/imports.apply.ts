// Applying a confirmed import inside its one transaction: updates decided again under the lock,
// the new groups, the new users and their groups, the updates, one audit entry per user and one
// for the import, the import marked applied.
import { appendAudit, type AuditEntry, type fromActor } from '../audit/audit.repo.js';
import type { AccessSnapshot, Actor } from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { UserRow } from '../db/types.js';
import type { AccessEvent } from '../directory/directory.js';
import { badRequest } from '../errors.js';
import { deleteSessionsOf } from '../accounts/sessions.repo.js';
import { insertUsers, updateUserRow } from '../accounts/users.repo.js';
import { newTokenKey } from '../accounts/users.rows.js';
import { insertGroup } from '../groups/groups.repo.js';
import { newId } from '../lib/ids.js';
import { addRelations, insertLinks } from '../records/relations.repo.js';
import { revokeTokensOf } from '../tokens/tokens.revoke.js';
import { type ExistingUser, groupPaths, reasonsOf, type RowPlan } from './imports.plan.js';
import { deleteImportRows, updateImport } from './imports.repo.js';
import type { Summary } from './imports.results.js';
import type { ImportOptions } from './imports.schema.js';
import type { ImportsDeps } from './imports.service.js';

/** Everything the confirm decided, for the transaction to write. */
export interface ImportApplication {
  id: string;
  actor: Actor;
  who: ReturnType<typeof fromActor>;
  /** The directory the plan was made on. */
  snapshot: AccessSnapshot;
  options: ImportOptions;
  summary: Summary;
  passwordMinLength: number;
  creates: RowPlan[];
  updates: RowPlan[];
  /** The rows of `creates`, in order. */
  rowsToInsert: UserRow[];
  existing: Map<string, ExistingUser>;
  newGroupPaths: string[];
  invitations: number;
  now: string;
}

export async function applyImport(
  deps: ImportsDeps,
  tx: Db,
  events: AccessEvent[],
  directory: AccessSnapshot,
  a: ImportApplication,
): Promise<void> {
  const { id, who, snapshot, creates, updates, rowsToInsert, existing, now } = a;
  // Updates decided again under the directory lock, on the directory as it is now (someone
  // may have been promoted since the plan); what every change does to anyone's roles is
  // checked as a whole before the commit.
  for (const p of updates) {
    const userId = p.userId ?? '';
    try {
      deps.users.validateChange(
        a.actor,
        directory,
        userId,
        p.update ?? {},
        directory.index.user(userId)?.groupIds ?? [],
        a.passwordMinLength,
        { passwordChanges: p.changes?.password === true },
      );
    } catch (error) {
      throw badRequest(`Line ${p.line} can no longer be applied; nothing was imported.`, {
        [`line ${p.line}`]: {
          code: 'validation_import_row',
          message: reasonsOf(error).join('; '),
        },
      });
    }
  }
  const groupIds = await createGroups(tx, snapshot, a.newGroupPaths, now, who, events);
  const audits: AuditEntry[] = [];
  await insertUsers(tx, rowsToInsert);
  // Each new user's groups: the existing ones, then the ones this import creates.
  const groupsOf = creates.map((p) => [
    ...new Set([...p.groupIds, ...p.newGroups.map((path) => groupIds.get(path) ?? '')]),
  ]);
  const links = creates.flatMap((p, i) =>
    (groupsOf[i] ?? []).map((targetId, pos) => ({
      collection: 'users',
      field: 'groups',
      recordId: rowsToInsert[i]?.id ?? '',
      targetId,
      pos: pos + 1,
    })),
  );
  await insertLinks(tx, links);
  for (const [i, p] of creates.entries()) {
    const row = rowsToInsert[i];
    const groups = groupsOf[i];
    if (!row || !groups) continue;
    events.push({
      kind: 'user',
      id: row.id,
      user: { id: row.id, role: row.role, status: 'active', groupIds: groups },
    });
    audits.push({
      actor: who.actor,
      ip: who.ip,
      userAgent: who.userAgent,
      action: 'user.create',
      target: { type: 'users', id: row.id },
      result: 'success',
      changes: {
        email: [null, row.email],
        name: [null, row.name],
        role: [null, row.role],
        status: [null, 'active'],
        ...(groups.length > 0 ? { groups: [null, groups] } : {}),
        ...(row.passwordHash ? { password: [null, '(set)'] } : {}),
      },
      data: { import: id, line: p.line },
    });
  }
  for (const p of updates) {
    const userId = p.userId ?? '';
    const before = existing.get(p.email);
    const c = p.changes;
    if (!before || !c) continue;
    const patch = {
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.role !== undefined ? { role: c.role } : {}),
      ...(c.password && p.passwordHash
        ? {
            passwordHash: p.passwordHash,
            tokenKey: newTokenKey(),
            invitationHash: '',
            invitationExpires: '',
          }
        : {}),
      updated: now,
    };
    await updateUserRow(tx, userId, patch);
    const add = [...c.addGroups, ...p.newGroups.map((path) => groupIds.get(path) ?? '')];
    await addRelations(
      tx,
      { collection: 'users', field: 'groups', recordId: userId },
      add,
      'append',
    );
    if (c.password) {
      await deleteSessionsOf(tx, 'users', userId);
      // A password set by an administrator is a reset: the user's API tokens go too (SPEC §7).
      await revokeTokensOf(tx, who, userId, 'password_reset');
    }
    events.push({ kind: 'user', id: userId });
    audits.push({
      ...who,
      action: 'user.update',
      target: { type: 'users', id: userId },
      result: 'success',
      changes: {
        ...(c.name !== undefined ? { name: [before.name, c.name] } : {}),
        ...(c.role !== undefined ? { role: [before.role, c.role] } : {}),
        ...(add.length > 0
          ? {
              groups: [
                snapshot.index.user(userId)?.groupIds ?? [],
                [...(snapshot.index.user(userId)?.groupIds ?? []), ...add],
              ],
            }
          : {}),
        ...(c.password ? { password: ['(hidden)', '(changed)'] } : {}),
      },
      data: { import: id, line: p.line },
    });
  }
  audits.push({
    ...who,
    action: 'user.import',
    target: { type: 'user_imports', id },
    result: 'success',
    data: {
      options: a.options,
      summary: a.summary,
      groupsCreated: a.newGroupPaths,
      invitations: a.invitations,
    },
  });
  await appendAudit(tx, audits);
  await deleteImportRows(tx, id);
  await updateImport(tx, id, {
    status: 'applied',
    summary: JSON.stringify(a.summary),
    result: JSON.stringify({
      created: creates.length,
      updated: updates.length,
      skipped: a.summary.skip,
      groupsCreated: a.newGroupPaths,
      appliedAt: now,
    }),
  });
}
/** Creates the missing groups of `paths` (parents first), audited; path → id of every one. */
async function createGroups(
  tx: Db,
  snapshot: AccessSnapshot,
  paths: readonly string[],
  now: string,
  who: ReturnType<typeof fromActor>,
  events: AccessEvent[],
): Promise<Map<string, string>> {
  const known = groupPaths(snapshot);
  const out = new Map<string, string>();
  const audits: AuditEntry[] = [];
  for (const path of paths) {
    const segments = path.split('/');
    for (let n = 1; n <= segments.length; n++) {
      const prefix = segments.slice(0, n).join('/');
      if (known.has(prefix)) continue;
      const id = newId();
      const parent = n > 1 ? (known.get(segments.slice(0, n - 1).join('/')) ?? '') : '';
      const name = segments[n - 1] ?? '';
      await insertGroup(tx, { id, name, parent, created: now });
      known.set(prefix, id);
      events.push({ kind: 'group', id });
      audits.push({
        ...who,
        action: 'record.create',
        target: { type: 'groups', id },
        result: 'success',
        changes: { name: [null, name], parent: [null, parent] },
        data: { import: true },
      });
    }
    out.set(path, known.get(path) ?? '');
  }
  await appendAudit(tx, audits);
  return out;
}
