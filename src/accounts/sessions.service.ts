// Listing and revoking one's own sessions (users and superusers alike); "sign out everywhere" also
// revokes a user's API tokens. A scoped API token manages no sessions of its own (access/tokens.ts).
// An administrator lists and revokes a user's sessions (`listOf`, `revokeOf`: access/users.ts
// `mayManageSessionsOf`).
import { appendAudit, fromActor } from '../audit/audit.repo.js';
import {
  type Actor,
  canViewUser,
  mayManageSessionsOf,
  type Principal,
  tokenAllows,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { SessionRow } from '../db/types.js';
import type { Directory } from '../directory/directory.js';
import { notFound, refuse, unauthorized } from '../errors.js';
import { nowTimestamp } from '../lib/time.js';
import { revokeTokensOf } from '../tokens/tokens.revoke.js';
import { principalCollection } from './auth.accounts.js';
import type { SessionView } from './sessions.schema.js';
import { deleteSessionOf, deleteSessionsOf, listSessionsOf } from './sessions.repo.js';
import { findUserById } from './users.repo.js';

function ownerOf(p: Principal) {
  const collection = principalCollection(p);
  if (!collection || (p.type !== 'user' && p.type !== 'superuser')) throw unauthorized();
  const may = tokenAllows(p, 'sessions');
  if (!may.ok) throw refuse(may);
  return {
    collection,
    accountId: p.id,
    current: p.sessionId,
    /** The API token making the request, if any: "everywhere else" spares it as it spares the session. */
    currentToken: p.type === 'user' ? (p.token?.id ?? '') : '',
  };
}

function view(row: SessionRow, current: string): SessionView {
  return {
    id: row.id,
    ip: row.ip,
    userAgent: row.userAgent,
    created: row.created,
    lastSeen: row.lastSeen,
    expires: row.expires,
    current: row.id === current,
  };
}

export class SessionsService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
  ) {}

  async list(p: Principal): Promise<SessionView[]> {
    const owner = ownerOf(p);
    const rows = await listSessionsOf(this.db, owner.collection, owner.accountId, nowTimestamp());
    return rows.map((row) => view(row, owner.current));
  }

  /** User `userId`'s sessions, for an administrator who may manage them. */
  async listOf(p: Principal, userId: string): Promise<SessionView[]> {
    await this.checkManages(p, userId);
    const rows = await listSessionsOf(this.db, 'users', userId, nowTimestamp());
    const current = p.type === 'user' && p.id === userId ? p.sessionId : '';
    return rows.map((row) => view(row, current));
  }

  /** Ends session `id` of user `userId` (an administrator's revoke), audited with its owner. */
  async revokeOf(actor: Actor, userId: string, id: string): Promise<void> {
    await this.checkManages(actor.principal, userId);
    await this.db.transaction().execute(async (tx) => {
      const deleted = await deleteSessionOf(tx, 'users', userId, id);
      if (deleted === 0) throw notFound();
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'session.revoke',
        target: { type: 'sessions', id },
        result: 'success',
        data: { owner: userId },
      });
    });
  }

  /** 404 for a user the caller cannot see or that does not exist; 403 when they may not manage it. */
  private async checkManages(p: Principal, userId: string): Promise<void> {
    const snapshot = await this.directory.snapshot();
    if (!canViewUser(p, snapshot, userId)) throw notFound();
    const may = mayManageSessionsOf(p, snapshot, userId);
    if (!may.ok) throw refuse(may);
    if (!(await findUserById(this.db, userId))) throw notFound();
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    const owner = ownerOf(actor.principal);
    await this.db.transaction().execute(async (tx) => {
      const deleted = await deleteSessionOf(tx, owner.collection, owner.accountId, id);
      if (deleted === 0) throw notFound();
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'session.revoke',
        target: { type: 'sessions', id },
        result: 'success',
      });
    });
  }

  /**
   * "Sign out everywhere else": every session of the caller but the current one, and every API
   * token of a user but the one making the request (for good). Returns both counts.
   */
  async revokeOthers(actor: Actor): Promise<{ revoked: number; tokensRevoked: number }> {
    const owner = ownerOf(actor.principal);
    return this.db.transaction().execute(async (tx) => {
      const count = await deleteSessionsOf(tx, owner.collection, owner.accountId, owner.current);
      const tokensRevoked =
        owner.collection === 'users'
          ? await revokeTokensOf(
              tx,
              fromActor(actor),
              owner.accountId,
              'sign_out_everywhere',
              owner.currentToken,
            )
          : 0;
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'session.revoke_others',
        target: { type: owner.collection, id: owner.accountId },
        result: 'success',
        data: { count, tokensRevoked },
      });
      return { revoked: count, tokensRevoked };
    });
  }
}
