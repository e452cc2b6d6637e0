// Listing and revoking one's own sessions (users and superusers alike).
import { type ActorContext, appendAudit, fromContext } from '../audit/audit.repo.js';
import type { Db } from '../db/connect.js';
import { notFound, unauthorized } from '../errors.js';
import { nowTimestamp } from '../lib/time.js';
import type { Principal } from '../access/principal.js';
import { principalCollection } from './auth.service.js';
import { deleteSessionOf, deleteSessionsOf, listSessionsOf } from './sessions.repo.js';

export interface SessionView {
  id: string;
  ip: string;
  userAgent: string;
  created: string;
  lastSeen: string;
  expires: string;
  current: boolean;
}

function ownerOf(p: Principal) {
  const collection = principalCollection(p);
  if (!collection || (p.type !== 'user' && p.type !== 'superuser')) throw unauthorized();
  return { collection, accountId: p.id, current: p.sessionId };
}

export class SessionsService {
  constructor(private readonly db: Db) {}

  async list(p: Principal): Promise<SessionView[]> {
    const owner = ownerOf(p);
    const rows = await listSessionsOf(this.db, owner.collection, owner.accountId, nowTimestamp());
    return rows.map((row) => ({
      id: row.id,
      ip: row.ip,
      userAgent: row.userAgent,
      created: row.created,
      lastSeen: row.lastSeen,
      expires: row.expires,
      current: row.id === owner.current,
    }));
  }

  async revoke(ctx: ActorContext, id: string): Promise<void> {
    const owner = ownerOf(ctx.principal);
    await this.db.transaction().execute(async (tx) => {
      const deleted = await deleteSessionOf(tx, owner.collection, owner.accountId, id);
      if (deleted === 0) throw notFound();
      await appendAudit(tx, {
        ...fromContext(ctx),
        action: 'session.revoke',
        target: { type: 'sessions', id },
        result: 'success',
      });
    });
  }

  /** "Sign out everywhere else": every session of the caller but the current one. */
  async revokeOthers(ctx: ActorContext): Promise<number> {
    const owner = ownerOf(ctx.principal);
    return this.db.transaction().execute(async (tx) => {
      const count = await deleteSessionsOf(tx, owner.collection, owner.accountId, owner.current);
      await appendAudit(tx, {
        ...fromContext(ctx),
        action: 'session.revoke_others',
        target: { type: owner.collection, id: owner.accountId },
        result: 'success',
        data: { count },
      });
      return count;
    });
  }
}
