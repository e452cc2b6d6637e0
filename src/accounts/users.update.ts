// Changing one user account: who may change which field, the old password for one's own
// credentials, what a change ends (sessions, API tokens, a pending invitation), audited.
import type { Updateable } from 'kysely';
import { appendAudit, diff, fromActor } from '../audit/audit.repo.js';
import {
  type Actor,
  canViewUser,
  needsOldPassword,
  revocationOnChange,
  tokenAllows,
} from '../access/index.js';
import type { UserRow, UsersTable } from '../db/types.js';
import { fieldError, notFound, refuse } from '../errors.js';
import { nowTimestamp } from '../lib/time.js';
import { parseInput } from '../lib/validation.js';
import { addRelations, loadRelations, removeRelations } from '../records/relations.repo.js';
import { revokeTokensOf } from '../tokens/tokens.revoke.js';
import { type UserRecord, userRecord } from './account-records.js';
import { deleteSessionsOf } from './sessions.repo.js';
import { checkGroupsExist } from './users.create.js';
import { checkChange, passwordFailure } from './users.checks.js';
import { withGroupModifiers } from './users.input.js';
import { findUserByEmail, findUserById, updateUserRow } from './users.repo.js';
import { newTokenKey } from './users.rows.js';
import { userUpdateSchema } from './users.schema.js';
import {
  AUDITED_FIELDS,
  emailTaken,
  groupsLink,
  type UsersDeps,
  writeUnique,
} from './users.write.js';

export async function updateUser(
  deps: UsersDeps,
  actor: Actor,
  id: string,
  body: Record<string, unknown>,
): Promise<UserRecord> {
  const p = actor.principal;
  const snapshot = await deps.directory.snapshot();
  if (!canViewUser(p, snapshot, id)) throw notFound();
  // A scoped API token does only what its scopes name: not its owner's account (SPEC §7).
  const scoped = p.type === 'user' && p.id === id ? tokenAllows(p, 'account', snapshot) : null;
  if (scoped && !scoped.ok) throw refuse(scoped);
  const before = await findUserById(deps.db, id);
  if (!before) throw notFound();
  const groupsBefore = (await loadRelations(deps.db, 'users', 'groups', [id])).get(id) ?? [];
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
  checkChange(actor, snapshot, id, input, before.role, groupsBefore);
  if (input.groups) await checkGroupsExist(deps.db, input.groups);
  const emailChanges = input.email !== undefined && input.email !== before.email;
  const passwordChanges = input.password !== undefined;
  // API tokens die with a disable (for good) and a credential reset; the owner may keep theirs.
  const revocation = revocationOnChange(p, id, {
    disables: input.status === 'disabled' && before.status !== 'disabled',
    password: passwordChanges,
    email: emailChanges,
    keep: input.revokeTokens === false,
  });
  if (!revocation.ok) throw fieldError('revokeTokens', 'validation_owner_only', revocation.message);
  if ((emailChanges || passwordChanges) && needsOldPassword(p, id)) {
    const ok =
      input.oldPassword !== undefined &&
      (await deps.hasher.verify(before.passwordHash, input.oldPassword));
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
    const { auth } = await deps.settings.get();
    const problem = passwordFailure(input.password, input.passwordConfirm, auth.passwordMinLength);
    if (problem) throw problem;
    patch.passwordHash = await deps.hasher.hash(input.password);
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

  await writeUnique(async () => {
    await deps.directory.transaction(actor.principal, async (tx, events, directory) => {
      // Decided again under the directory lock: the user may have been promoted meanwhile.
      checkChange(actor, directory, id, input, before.role, groupsBefore);
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
