// Appends audit entries. Always called with the transaction of the change it records.
import type { Db } from '../db/connect.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';
import type { Principal } from '../access/principal.js';

export interface AuditActor {
  type: 'user' | 'superuser' | 'token' | 'service' | 'cli' | 'system' | 'guest';
  id: string;
  email: string;
}

/** Where a change came from: who, and (over HTTP) from which address and client. */
export interface ActorContext {
  principal: Principal;
  ip: string;
  userAgent: string;
}

export type Changes = Record<string, [unknown, unknown]>;

export interface AuditEntry {
  actor: AuditActor;
  ip: string;
  userAgent: string;
  action: string;
  target: { type: string; id: string };
  result: 'success' | 'failure';
  changes?: Changes | null;
  data?: Record<string, unknown> | null;
}

export function actorOf(p: Principal): AuditActor {
  switch (p.type) {
    case 'user':
      return { type: p.kind === 'service' ? 'service' : 'user', id: p.id, email: p.email };
    case 'superuser':
      return { type: p.type, id: p.id, email: p.email };
    default:
      return { type: p.type, id: '', email: '' };
  }
}

/** The entry fields that come from the actor context. */
export function fromContext(ctx: ActorContext) {
  return { actor: actorOf(ctx.principal), ip: ctx.ip, userAgent: ctx.userAgent };
}

export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowTimestamp(),
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      actorEmail: entry.actor.email,
      ip: entry.ip,
      userAgent: entry.userAgent.slice(0, 512),
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      result: entry.result,
      changes: entry.changes ? JSON.stringify(entry.changes) : null,
      data: entry.data ? JSON.stringify(entry.data) : null,
    })
    .execute();
}

/** Field-level diff of `before` → `after` over `fields`, for the audit entry's `changes`. */
export function diff<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]) {
  const changes: Changes = {};
  for (const field of fields) {
    if (before[field] !== after[field]) changes[field] = [before[field], after[field]];
  }
  return changes;
}
