// Decisions on API tokens: what a scoped token may do beyond its module scopes (self-service), who
// may list and revoke everyone's tokens, which scopes an account may put on a token, and when an
// account change revokes the account's tokens.
import { ALLOW, allowIf, deny, type Decision } from './decision.js';
import { isAction, isModule } from '../catalogue/modules.js';
import { isOperator, type Principal } from './principal.js';
import { type AccessSnapshot, grantFor, hasAdmin } from './grants.js';
import { mayManageUser } from './levels.js';

/** Self-service that no module scope names: the caller's own account, tokens, sessions, service accounts. */
export type SelfService = 'account' | 'tokens' | 'sessions' | 'serviceAccounts';

const WHAT: Record<SelfService, string> = {
  account: 'changing your account',
  tokens: 'managing your API tokens',
  sessions: 'managing your sessions',
  serviceAccounts: 'managing your service accounts',
};

/**
 * The admin action whose scope also covers the self-service (an administrator's token acting on
 * its own owner, as it may on anyone). Sessions have none: only their owner manages them.
 */
const COVERED_BY: Record<SelfService, string | null> = {
  account: 'users.manage',
  tokens: 'tokens.manage',
  sessions: null,
  serviceAccounts: 'users.manage',
};

/** A principal acting through a token narrowed by scopes (null scopes = the owner's full rights). */
export function isScopedToken(p: Principal): boolean {
  return p.type === 'user' && !!p.token && p.token.scopes !== null;
}

/**
 * Whether `p` may do `what` for itself. Sessions and tokens without scopes act as their owner; a
 * scoped token does only what its scopes name, so it needs the admin scope that covers the action
 * (looked up in `s`; without a snapshot, as for sessions, which none covers, it is refused).
 */
export function tokenAllows(p: Principal, what: SelfService, s?: AccessSnapshot): Decision {
  if (!isScopedToken(p)) return ALLOW;
  const covering = COVERED_BY[what];
  if (covering && s && hasAdmin(p, s, [covering])) return ALLOW;
  return deny(
    `This token's scopes do not allow ${WHAT[what]}; use a session or a token without scopes.`,
  );
}

/** Operators and holders of admin:tokens.manage manage everyone's tokens. */
function managesAllTokens(p: Principal, s: AccessSnapshot): boolean {
  return isOperator(p) || hasAdmin(p, s, ['tokens.manage']);
}

/** Whether `p` may list every account's tokens (operators and admin:tokens.manage). */
export function canListAllTokens(p: Principal, s: AccessSnapshot): Decision {
  return allowIf(managesAllTokens(p, s), "Listing everyone's tokens needs admin.tokens.manage.");
}

/**
 * Whether `p` may list the tokens of account `userId` (`GET /api/tokens?user=`): its owner, as for
 * their own list (`tokenAllows`); anyone else needs admin:tokens.manage, as for everyone's, and —
 * the admin's user details being user management — to stand at or above the account's level.
 */
export function mayListTokensOf(p: Principal, s: AccessSnapshot, userId: string): Decision {
  if (p.type === 'user' && p.id === userId) return tokenAllows(p, 'tokens', s);
  if (!managesAllTokens(p, s)) return deny("Listing a user's tokens needs admin.tokens.manage.");
  return mayManageUser(p, s, userId);
}

/**
 * Whether `p` sees `token` at all when revoking it: its owner, and those who manage everyone's
 * tokens. Anyone else is answered as if it did not exist (no confirming another account's ids).
 */
export function canSeeToken(p: Principal, s: AccessSnapshot, token: { userId: string }): boolean {
  return (p.type === 'user' && token.userId === p.id) || managesAllTokens(p, s);
}

/**
 * Whether `p`, who sees `token` (`canSeeToken`), may revoke it. A token may always revoke itself
 * (giving up access is never an escalation). Those who manage everyone's tokens may revoke their
 * own, and another account's only at or above its level (cutting off an account is managing it, as
 * revoking its sessions is); otherwise the owner may, unless acting through a scoped token without
 * admin:tokens.manage (`tokenAllows`).
 */
export function mayRevokeToken(
  p: Principal,
  s: AccessSnapshot,
  token: { id: string; userId: string },
): Decision {
  if (p.type === 'user' && p.token?.id === token.id) return ALLOW;
  const own = p.type === 'user' && p.id === token.userId;
  if (managesAllTokens(p, s)) return own ? ALLOW : mayManageUser(p, s, token.userId);
  return tokenAllows(p, 'tokens', s);
}

/**
 * The first of `scopes` that account `userId` does not hold (its current grants; SHARE_ALL_SYSTEMS
 * counts as systems:view), or null when it holds them all. A token acts as its account, so scopes
 * beyond the account's grants would be refused on use anyway: saying so at creation is clearer.
 */
export function firstScopeNotHeld(
  s: AccessSnapshot,
  userId: string,
  scopes: readonly string[],
): string | null {
  const account: Principal = { type: 'user', id: userId, email: '', role: '', sessionId: '' };
  for (const scope of scopes) {
    const [module = '', action = ''] = scope.split(':');
    if (!isModule(module) || !isAction(module, action)) return scope;
    if (scope === 'systems:view' && s.shareAllSystems && s.index.effective(userId)?.active)
      continue;
    if (!grantFor(account, s, module)?.actions.has(action)) return scope;
  }
  return null;
}

/** Why an account change revokes the account's API tokens (recorded in the audit entry). */
export type RevokeReason =
  | 'account_disabled'
  | 'password_reset'
  | 'email_reset'
  | 'password_change'
  | 'email_change'
  | 'sign_out_everywhere';

/**
 * Whether a change of user `userId` by `p` revokes the user's tokens, and why (null: it does not).
 * Disabling always does (for good: enabling again does not bring them back). A new password or
 * email set by anyone else (an administrator's reset) always does; the owner's own change does
 * unless they ask to keep them (`keep`). Asking to keep them on someone else's reset is refused.
 */
export function revocationOnChange(
  p: Principal,
  userId: string,
  change: { disables: boolean; password: boolean; email: boolean; keep: boolean },
): Decision<{ reason: RevokeReason | null }> {
  const own = p.type === 'user' && p.id === userId;
  if (change.keep && !own && (change.password || change.email))
    return deny(
      "Only the account's owner may keep its API tokens; a password or email set by an administrator always revokes them.",
    );
  if (change.disables) return { ok: true, reason: 'account_disabled' };
  if (!change.password && !change.email) return { ok: true, reason: null };
  if (!own) return { ok: true, reason: change.password ? 'password_reset' : 'email_reset' };
  if (change.keep) return { ok: true, reason: null };
  return { ok: true, reason: change.password ? 'password_change' : 'email_change' };
}
