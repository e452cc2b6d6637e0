// Personal API tokens: created (secret shown once), listed, revoked, and turned back into a
// principal on use — acting with the owner's current permissions narrowed by the token's scopes.
import { appendAudit, fromActor } from '../audit/audit.repo.js';
import {
  type Actor,
  canListAllTokens,
  canSeeToken,
  firstScopeNotHeld,
  GUEST,
  mayListTokensOf,
  mayRevokeToken,
  type Principal,
  tokenAllows,
} from '../access/index.js';
import type { Db } from '../db/connect.js';
import { AppError, fieldError, forbidden, notFound, unauthorized, refuse } from '../errors.js';
import type { Directory } from '../directory/directory.js';
import { findUserById } from '../accounts/users.repo.js';
import { sessionExists } from '../accounts/sessions.repo.js';
import { newId } from '../lib/ids.js';
import { nowTimestamp, parseTimestamp, timestampIn, toTimestamp } from '../lib/time.js';
import type { TokenCreate, TokenView } from './tokens.schema.js';
import { hashToken, isWellFormedToken, newTokenSecret } from './token-format.js';
import {
  type TokenRow,
  findToken,
  findTokenByHash,
  insertToken,
  listTokens,
  markUsed,
  lockAccount,
  revokeToken,
} from './tokens.repo.js';

const DEFAULT_DAYS = 90;
/** lastUsedAt is written at most this often, so that using a token stays a read. */
const TOUCH_MS = 60_000;

function view(row: TokenRow): TokenView {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes ? (JSON.parse(row.scopes) as string[]) : null,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    created: row.created,
  };
}

export class TokensService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
  ) {}

  /** The caller's tokens; with `all`, everyone's (needs admin:tokens.manage). */
  async list(p: Principal, all: boolean): Promise<TokenView[]> {
    const snapshot = await this.directory.snapshot();
    if (all) {
      const everyone = canListAllTokens(p, snapshot);
      if (!everyone.ok) throw refuse(everyone);
      return (await listTokens(this.db, null)).map(view);
    }
    if (p.type !== 'user') throw forbidden('API tokens belong to hub users.');
    const may = tokenAllows(p, 'tokens', snapshot);
    if (!may.ok) throw refuse(may);
    return (await listTokens(this.db, p.id)).map(view);
  }

  /** The active tokens of user `userId`: their own, or for an administrator (`mayListTokensOf`). */
  async listFor(p: Principal, userId: string): Promise<TokenView[]> {
    const may = mayListTokensOf(p, await this.directory.snapshot(), userId);
    if (!may.ok) throw refuse(may);
    return (await listTokens(this.db, userId)).map(view);
  }

  async create(actor: Actor, input: TokenCreate): Promise<TokenView & { token: string }> {
    const p = actor.principal;
    if (p.type !== 'user') throw forbidden('API tokens belong to hub users; sign in as one.');
    if (p.token) throw forbidden('A token cannot create tokens; sign in with your password.');
    return this.issue(actor, p.id, input);
  }

  /** The active tokens of one account (a service account's, for its owner or administrators). */
  async listOf(userId: string): Promise<TokenView[]> {
    return (await listTokens(this.db, userId)).map(view);
  }

  /**
   * Mints a token for `userId`: the caller's own account, or a service account the caller was
   * allowed to mint for (decided by the caller, in access/service-accounts.ts). The token acts as
   * that account, so its scopes must be grants the account holds.
   */
  async issue(
    actor: Actor,
    userId: string,
    input: TokenCreate,
  ): Promise<TokenView & { token: string }> {
    const missing = input.scopes
      ? firstScopeNotHeld(await this.directory.snapshot(), userId, input.scopes)
      : null;
    if (missing !== null) {
      const own = actor.principal.type === 'user' && actor.principal.id === userId;
      throw fieldError(
        'scopes',
        'validation_scope_not_held',
        own ? `You do not hold ${missing}.` : `The service account does not hold ${missing}.`,
      );
    }
    let expiresAt = timestampIn(DEFAULT_DAYS * 86400);
    if (input.expiresAt === 'never') expiresAt = '';
    else if (input.expiresAt !== undefined) {
      const at = Date.parse(input.expiresAt);
      if (at <= Date.now())
        throw fieldError('expiresAt', 'validation_in_past', 'Must be in the future.');
      expiresAt = toTimestamp(new Date(at));
    }
    const token = newTokenSecret();
    const row: TokenRow = {
      id: newId(),
      userId,
      name: input.name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, 8),
      scopes: input.scopes ? JSON.stringify([...new Set(input.scopes)]) : null,
      expiresAt,
      lastUsedAt: '',
      lastUsedIp: '',
      revokedAt: '',
      created: nowTimestamp(),
    };
    const p = actor.principal;
    await this.db.transaction().execute(async (tx) => {
      // Under the account's lock, which every revocation takes too: a token is never minted for
      // an account being disabled, nor through a session that a reset or "sign out everywhere"
      // has just ended, unseen by that revocation.
      const account = await lockAccount(tx, userId);
      if (account?.status !== 'active')
        throw new AppError(
          400,
          'validation_disabled',
          'The account is disabled; enable it before minting tokens.',
        );
      if (
        p.type === 'user' &&
        p.sessionId &&
        !(await sessionExists(tx, 'users', p.id, p.sessionId))
      )
        throw unauthorized();
      await insertToken(tx, row);
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'token.create',
        target: { type: 'api_tokens', id: row.id },
        result: 'success',
        data: {
          userId,
          name: row.name,
          prefix: row.prefix,
          scopes: view(row).scopes,
          expiresAt: row.expiresAt || 'never',
        },
      });
    });
    return { ...view(row), token };
  }

  /**
   * Revokes a token: its owner, or holders of admin:tokens.manage. A scoped token revokes only
   * itself (giving up access is never an escalation), not its owner's other tokens.
   */
  async revoke(actor: Actor, id: string): Promise<void> {
    const p = actor.principal;
    const snapshot = await this.directory.snapshot();
    const row = await findToken(this.db, id);
    if (!row || row.revokedAt || !canSeeToken(p, snapshot, row)) throw notFound();
    const may = mayRevokeToken(p, snapshot, row);
    if (!may.ok) throw refuse(may);
    await this.revokeRow(actor, row);
  }

  /** Revokes a token of `userId` (a service account whose tokens the caller may revoke). */
  async revokeOf(actor: Actor, userId: string, id: string): Promise<void> {
    const row = await findToken(this.db, id);
    if (!row || row.revokedAt || row.userId !== userId) throw notFound();
    await this.revokeRow(actor, row);
  }

  private async revokeRow(actor: Actor, row: TokenRow): Promise<void> {
    const { id } = row;
    await this.db.transaction().execute(async (tx) => {
      if ((await revokeToken(tx, id, nowTimestamp())) === 0) throw notFound();
      await appendAudit(tx, {
        ...fromActor(actor),
        action: 'token.revoke',
        target: { type: 'api_tokens', id },
        result: 'success',
        data: { owner: row.userId, prefix: row.prefix },
      });
    });
  }

  /** The principal an API token stands for, or the guest (malformed, unknown, revoked, expired, owner disabled). */
  async authenticate(token: string, meta: { ip: string; userAgent: string }): Promise<Principal> {
    if (!isWellFormedToken(token)) return GUEST;
    const row = await findTokenByHash(this.db, hashToken(token));
    const now = Date.now();
    if (!row || row.revokedAt || (row.expiresAt && parseTimestamp(row.expiresAt) <= now))
      return GUEST;
    const user = await findUserById(this.db, row.userId);
    if (!user || user.status !== 'active') return GUEST;
    if (
      !row.lastUsedAt ||
      now - parseTimestamp(row.lastUsedAt) > TOUCH_MS ||
      row.lastUsedIp !== meta.ip
    ) {
      await this.db.transaction().execute(async (tx) => {
        await markUsed(tx, row.id, nowTimestamp(), meta.ip);
        if (!row.lastUsedAt) {
          await appendAudit(tx, {
            actor: { type: 'token', id: row.id, email: user.email },
            ...meta,
            action: 'token.used_first',
            target: { type: 'api_tokens', id: row.id },
            result: 'success',
          });
        }
      });
    }
    return {
      type: 'user',
      id: user.id,
      email: user.email,
      role: user.role,
      sessionId: '',
      ...(user.kind === 'service' ? { kind: 'service' as const } : {}),
      token: { id: row.id, scopes: row.scopes ? (JSON.parse(row.scopes) as string[]) : null },
    };
  }
}
