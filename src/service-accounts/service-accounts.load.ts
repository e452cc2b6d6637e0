// Finding a service account for a caller: it exists and the caller may see it, or a 404 (an owner
// acting through a scoped token learns why: a 403). Shared by the accounts and their tokens.
import {
  type AccessSnapshot,
  type Actor,
  type ServiceAccountRef,
  tokenAllows,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { UserRow } from '../db/types.js';
import { notFound, refuse } from '../errors.js';
import type { Directory } from '../directory/directory.js';
import { findServiceAccount } from './service-accounts.repo.js';

export const refOf = (row: UserRow): ServiceAccountRef => ({ id: row.id, owner: row.owner });

/** Who may see a service account (a pure decision of access/service-accounts.ts). */
export type Visible = (p: Actor['principal'], s: AccessSnapshot, sa: ServiceAccountRef) => boolean;

/**
 * The account if it exists and `visible` lets the caller see it; 404 otherwise (no existence
 * leak). Its owner acting through a scoped token learns why it is refused (a 403).
 */
export async function loadServiceAccount(
  db: Db,
  directory: Directory,
  actor: Actor,
  id: string,
  visible: Visible,
): Promise<{ row: UserRow; snapshot: AccessSnapshot }> {
  const p = actor.principal;
  const snapshot = await directory.snapshot();
  const row = await findServiceAccount(db, id);
  if (!row || !visible(p, snapshot, refOf(row))) {
    const may = tokenAllows(p, 'serviceAccounts', snapshot);
    if (row && p.type === 'user' && row.owner === p.id && !may.ok) throw refuse(may);
    throw notFound();
  }
  return { row, snapshot };
}
