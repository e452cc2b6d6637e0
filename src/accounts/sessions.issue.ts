// Session issuing: the session row a sign-in opens, and the token signed for it.
import type { AuditedWrite } from '../audit/audit.repo.js';
import type { SessionRow, Tx } from '../db/types.js';
import type { AccountCollection } from '../access/index.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp, parseTimestamp, timestampIn } from '../lib/time.js';
import type { Settings } from '../settings/settings.schema.js';
import type { SettingsService } from '../settings/settings.service.js';
import { COLLECTION_IDS } from './account-records.js';
import type { Account, RequestMeta } from './auth.accounts.js';
import { signToken } from './jwt.js';
import { deleteExpiredSessionsWrite, insertSessionWrite } from './sessions.repo.js';

/**
 * A sign-in deletes its account's expired sessions at most this often per instance: the rows are
 * dead either way (every token check reads `expires`), and skipping the statement on the other
 * sign-ins spares them a write. Accounts are remembered up to PURGE_MEMORY, then forgotten at once
 * (their next sign-in purges again, which is harmless).
 */
export const SESSION_PURGE_INTERVAL_MS = 15 * 60_000;
const PURGE_MEMORY = 10_000;

/** What opening a session needs from outside its transaction: the token lifetime and secret. */
export interface Seal {
  duration: number;
  secret: string;
}

export class SessionIssuer {
  /** When each account's expired sessions were last deleted here (ms). */
  private readonly purged = new Map<string, number>();

  constructor(private readonly settings: SettingsService) {}

  /**
   * What `open` needs from outside the transaction, read before it because SQLite has one
   * connection and the transaction holds it.
   */
  async seal(collection: AccountCollection, auth?: Settings['auth']): Promise<Seal> {
    const { userTokenDuration, superuserTokenDuration } = auth ?? (await this.settings.get()).auth;
    return {
      duration: collection === 'users' ? userTokenDuration : superuserTokenDuration,
      secret: await this.settings.tokenSecret(),
    };
  }

  /** Opens a session inside the transaction `tx`; the token for it. */
  async open(tx: Tx, account: Account, meta: RequestMeta, seal: Seal): Promise<string> {
    const session = this.prepare(account, meta, seal);
    for (const write of session.writes) await write.execute(tx);
    return session.token;
  }

  /**
   * A session to open: the writes that open it (to run with others, see `writeAudited`) and the
   * token for it, valid once they have run.
   */
  prepare(
    account: Account,
    meta: RequestMeta,
    seal: Seal,
  ): { writes: AuditedWrite[]; token: string } {
    const now = Date.now();
    const created = nowTimestamp();
    const expires = timestampIn(seal.duration, now);
    const writes: AuditedWrite[] = [];
    if (this.purgeDue(`${account.collection}:${account.row.id}`, now)) {
      writes.push(deleteExpiredSessionsWrite(account.collection, account.row.id, created));
    }
    const session: SessionRow = {
      id: newId(),
      collection: account.collection,
      accountId: account.row.id,
      ip: meta.ip,
      userAgent: meta.userAgent.slice(0, 512),
      created,
      lastSeen: created,
      expires,
    };
    writes.push(insertSessionWrite(session));
    return { writes, token: this.token(account, session.id, expires, seal.secret) };
  }

  /** The signed token of session `sessionId`, valid until `expires`. */
  token(account: Account, sessionId: string, expires: string, secret: string): string {
    return signToken(
      {
        id: account.row.id,
        type: 'auth',
        collectionId: COLLECTION_IDS[account.collection],
        sid: sessionId,
        refreshable: true,
        exp: Math.floor(parseTimestamp(expires) / 1000),
      },
      account.row.tokenKey + secret,
    );
  }

  /** True (and noted) when the account's expired sessions were not deleted here lately. */
  private purgeDue(key: string, now: number): boolean {
    const last = this.purged.get(key);
    if (last !== undefined && now - last < SESSION_PURGE_INTERVAL_MS) return false;
    if (this.purged.size >= PURGE_MEMORY) this.purged.clear();
    this.purged.set(key, now);
    return true;
  }
}
