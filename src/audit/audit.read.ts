// Reads the audit log: filtered pages newest-first, filtered streams oldest-first, the whole chain
// for verification, and the retention purge (which moves the chain's anchor forward).
import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { AuditLogTable, Database } from '../db/types.js';
import { dialectOf, toNumber } from '../db/dialect.js';
import type { AuditFilters } from './audit.schema.js';

type AuditQuery = SelectQueryBuilder<Database, 'audit_log', object>;

export type AuditRow = Selectable<AuditLogTable>;

/** The API shape of an entry (SPEC §9). */
export function auditItem(row: AuditRow) {
  return {
    id: row.id,
    seq: toNumber(row.seq),
    at: row.at,
    actor: { type: row.actorType, id: row.actorId, email: row.actorEmail },
    ip: row.ip,
    userAgent: row.userAgent,
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    result: row.result,
    changes: row.changes === null ? null : (JSON.parse(row.changes) as unknown),
    data: row.data === null ? null : (JSON.parse(row.data) as unknown),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
export type AuditItem = ReturnType<typeof auditItem>;

/** Filters with the actor resolved: ids (indexed) and, for an email, the email it had then. */
export type ResolvedFilters = Omit<AuditFilters, 'actor'> & {
  actorIds?: string[];
  actorEmail?: string;
};

/**
 * An actor given by email is looked up among the accounts (users, superusers) so the query can
 * use the actorId index; an email no account has now (a deleted one) is matched as stored.
 */
export async function resolveFilters(db: Db, filters: AuditFilters): Promise<ResolvedFilters> {
  const { actor, ...rest } = filters;
  if (!actor) return rest;
  if (!actor.includes('@')) return { ...rest, actorIds: [actor] };
  const email = actor.toLowerCase();
  const accounts = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .unionAll(db.selectFrom('_superusers').select('id').where('email', '=', email))
    .execute();
  const ids = accounts.map((a) => a.id);
  return ids.length > 0
    ? { ...rest, actorIds: ids, actorEmail: email }
    : { ...rest, actorEmail: email };
}

function filtered(db: Db, filters: ResolvedFilters): AuditQuery {
  let query = db.selectFrom('audit_log') as AuditQuery;
  if (filters.from) query = query.where('at', '>=', filters.from);
  if (filters.to) query = query.where('at', '<', filters.to);
  if (filters.actorIds) query = query.where('actorId', 'in', filters.actorIds);
  if (filters.actorEmail) query = query.where('actorEmail', '=', filters.actorEmail);
  if (filters.actorType) query = query.where('actorType', '=', filters.actorType);
  if (filters.action?.endsWith('*')) {
    const prefix = filters.action.slice(0, -1).replace(/[!%_]/g, (c) => `!${c}`);
    query = query.where((eb) => dialectOf(db).like(eb.ref('action'), `${prefix}%`, false));
  } else if (filters.action) {
    query = query.where('action', '=', filters.action);
  }
  if (filters.targetType) query = query.where('targetType', '=', filters.targetType);
  if (filters.targetId) query = query.where('targetId', '=', filters.targetId);
  if (filters.result) query = query.where('result', '=', filters.result);
  return query;
}

/** One page, newest first; `before` is the seq the previous page ended at. */
export async function auditPage(
  db: Db,
  filters: ResolvedFilters,
  before: number | undefined,
  limit: number,
): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  let query = filtered(db, filters);
  if (before !== undefined) query = query.where('seq', '<', before);
  const rows = (await query
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute()) as AuditRow[];
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return { rows, nextCursor: more && last ? String(toNumber(last.seq)) : null };
}

const BATCH = 2000;

/** Every matching entry, oldest first, a batch at a time (constant memory for any log size). */
export async function* auditBatches(
  db: Db,
  filters: ResolvedFilters = {},
  batch = BATCH,
  after = 0,
): AsyncGenerator<AuditRow[]> {
  for (;;) {
    const rows = (await filtered(db, filters)
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(batch)
      .execute()) as AuditRow[];
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = toNumber(last.seq);
  }
}

export async function readHead(db: Db) {
  return db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

/**
 * Deletes entries older than `cutoff` (in `tx`, whose caller holds the chain head), and moves the
 * anchor to the hash of the newest one deleted, so the chain still verifies from what remains.
 */
export async function purgeOlderThan(tx: Db, cutoff: string): Promise<number> {
  const newest = await tx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('at', '<', cutoff)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!newest) return 0;
  const seq = toNumber(newest.seq);
  const result = await tx.deleteFrom('audit_log').where('seq', '<=', seq).executeTakeFirst();
  await tx
    .updateTable('audit_head')
    .set({ anchorHash: newest.hash, anchorSeq: seq })
    .where('id', '=', 1)
    .execute();
  return Number(result.numDeletedRows);
}
