// Deleting one user account: they leave every share, their own records, sessions and groups go,
// the service accounts they owned stay ownerless; audited with what went.
import { appendAudit, fromActor } from '../audit/audit.repo.js';
import { type Actor, canViewUser, mayManageUser, mayManageUsers } from '../access/index.js';
import { fieldError, notFound, refuse } from '../errors.js';
import { removeRelations } from '../records/relations.repo.js';
import { releaseServiceAccountsOf } from '../service-accounts/service-accounts.repo.js';
import { normalizeEmail } from './account-records.js';
import { deleteSessionsOf } from './sessions.repo.js';
import {
  deleteOwnedRecords,
  deleteUserRow,
  findUserById,
  removeUserFromShares,
} from './users.repo.js';
import { groupsLink, type UsersDeps } from './users.write.js';

/** `?confirm=` as the query string holds it: a repeated key is a list, which never matches. */
export type DeleteConfirm = string | readonly string[];

/**
 * Deletes a user. The user leaves every share (shared records stay), their own alerts and
 * sessions go with them. As in PocketBase the confirmation lives in the UI: `confirm` is
 * optional, but when a script sends it (`?confirm=<email>`), it must name this user.
 */
export async function deleteUser(
  deps: UsersDeps,
  actor: Actor,
  id: string,
  confirm?: DeleteConfirm,
): Promise<void> {
  const snapshot = await deps.directory.snapshot();
  if (!canViewUser(actor.principal, snapshot, id)) throw notFound();
  const may = mayManageUsers(actor.principal, snapshot, 'delete');
  if (!may.ok) throw refuse(may);
  const row = await findUserById(deps.db, id);
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
  await deps.directory.transaction(actor.principal, async (tx, events) => {
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
