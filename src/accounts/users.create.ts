// Creating one user account: the checks of a new account, its row, its groups, audited.
import { appendAudit, fromActor } from '../audit/audit.repo.js';
import { type Actor, mayManageUsers } from '../access/index.js';
import type { Db } from '../db/connect.js';
import { fieldError, refuse } from '../errors.js';
import { existingIds } from '../records/records.repo.js';
import { addRelations } from '../records/relations.repo.js';
import { type UserRecord, userRecord } from './account-records.js';
import { checkNew } from './users.checks.js';
import { findUserByEmail, insertUser } from './users.repo.js';
import { newUserRow } from './users.rows.js';
import type { UserCreate } from './users.schema.js';
import {
  AUDITED_FIELDS,
  emailTaken,
  groupsLink,
  type UsersDeps,
  writeUnique,
} from './users.write.js';

export async function createUser(
  deps: UsersDeps,
  actor: Actor,
  input: UserCreate,
): Promise<UserRecord> {
  const snapshot = await deps.directory.snapshot();
  const may = mayManageUsers(actor.principal, snapshot, 'create');
  if (!may.ok) throw refuse(may);
  const { auth } = await deps.settings.get();
  checkNew(actor, snapshot, input, auth.passwordMinLength);
  await checkGroupsExist(deps.db, input.groups);
  const passwordHash = input.password === undefined ? null : await deps.hasher.hash(input.password);
  const row = newUserRow({
    email: input.email,
    emailVisibility: input.emailVisibility ? 1 : 0,
    verified: input.verified ? 1 : 0,
    name: input.name,
    username: input.username ?? null,
    role: input.role,
    status: input.status,
    passwordHash,
  });
  await writeUnique(async () => {
    await deps.directory.transaction(actor.principal, async (tx, events) => {
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

/** A 400 on `groups` unless every id names a group. */
export async function checkGroupsExist(db: Db, groups: readonly string[]): Promise<void> {
  const found = await existingIds(db, 'groups', groups);
  if (groups.some((g) => !found.has(g))) {
    throw fieldError(
      'groups',
      'validation_missing_rel_records',
      'Failed to find all relation records with the provided ids.',
    );
  }
}
