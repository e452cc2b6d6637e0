// Token authentication: the principal a session token stands for on every request, and a fresh
// token for the same session (refresh).
import type { Db } from '../db/connect.js';
import { AppError, forbidden, refuse, unauthorized } from '../errors.js';
import {
  type AccountCollection,
  GUEST,
  isAuthenticated,
  mayUseConsole,
  type Principal,
} from '../access/index.js';
import { nowTimestamp, parseTimestamp, timestampIn } from '../lib/time.js';
import type { SettingsService } from '../settings/settings.service.js';
import { collectionOfId } from './account-records.js';
import {
  type Account,
  type AuthResult,
  type PresentUser,
  type RequestMeta,
  authResult,
  findAccountById,
  principalCollection,
} from './auth.accounts.js';
import { peekClaims, verifyToken } from './jwt.js';
import type { SessionIssuer } from './sessions.issue.js';
import { findSessionWithAccount, touchSession } from './sessions.repo.js';

/** Sessions are touched at most this often, so authenticated reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

export class TokenAuthentication {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly sessions: SessionIssuer,
    private readonly presentUser: PresentUser,
  ) {}

  /** The principal a token stands for, or the guest when it is invalid, expired or revoked. */
  async authenticate(token: string, meta: RequestMeta): Promise<Principal> {
    const claims = peekClaims(token);
    const collection = claims ? collectionOfId(claims.collectionId) : null;
    if (!claims || !collection) return GUEST;
    const found = await findSessionWithAccount(this.db, collection, claims.sid, claims.id);
    const now = Date.now();
    if (
      !found ||
      parseTimestamp(found.expires) <= now ||
      !verifyToken(token, found.row.tokenKey + (await this.settings.tokenSecret()), now / 1000)
    ) {
      return GUEST;
    }
    const account: Account =
      found.collection === 'users'
        ? { collection: 'users', row: found.row }
        : { collection: '_superusers', row: found.row };
    if (account.collection === 'users' && account.row.status !== 'active') return GUEST;
    if (account.collection === '_superusers') {
      const { console } = await this.settings.get();
      const may = mayUseConsole(meta, console.allowedIps, 'access');
      if (!may.ok) throw refuse(may);
    }
    if (now - parseTimestamp(found.lastSeen) > TOUCH_INTERVAL_MS) {
      await touchSession(this.db, claims.sid, { lastSeen: nowTimestamp() });
    }
    const session = { id: claims.sid };
    return account.collection === 'users'
      ? {
          type: 'user',
          id: account.row.id,
          email: account.row.email,
          role: account.row.role,
          sessionId: session.id,
        }
      : { type: 'superuser', id: account.row.id, email: account.row.email, sessionId: session.id };
  }

  /**
   * A fresh token for the same session (PocketBase's auth-refresh): 401 without a token, 403 with
   * a token of the other collection (RequireSameCollectionContextAuth).
   */
  async refresh(
    collection: AccountCollection,
    principal: Principal,
    expand = '',
  ): Promise<AuthResult> {
    const own = principalCollection(principal);
    if (!isAuthenticated(principal) || !own) throw unauthorized();
    if (own !== collection) {
      throw forbidden(`The request requires auth record from ${own} collection.`);
    }
    if (principal.type !== 'user' && principal.type !== 'superuser') throw unauthorized();
    if (principal.type === 'user' && principal.token) {
      throw new AppError(
        400,
        'token_not_refreshable',
        'API tokens cannot be exchanged for session tokens.',
      );
    }
    const account = await findAccountById(this.db, collection, principal.id);
    if (!account) throw unauthorized();
    const seal = await this.sessions.seal(collection);
    const expires = timestampIn(seal.duration);
    await touchSession(this.db, principal.sessionId, { lastSeen: nowTimestamp(), expires });
    const token = this.sessions.token(account, principal.sessionId, expires, seal.secret);
    return authResult(this.presentUser, account, token, expand, principal);
  }
}
