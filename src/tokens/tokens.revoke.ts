// Revoking every API token of an account as part of an account change (disable, credential reset,
// "sign out everywhere"), with its audit entry, in the caller's transaction.
import { type AuditEntry, appendAudit } from '../audit/audit.repo.js';
import type { Tx } from '../db/types.js';
import type { RevokeReason } from '../access/index.js';
import { nowTimestamp } from '../lib/time.js';
import { lockAccount, markTokensRevoked } from './tokens.repo.js';

/**
 * Revokes the active tokens of `userId` (but `exceptId`, the token making the request) inside `tx`
 * and, when there were any, appends one `token.revoke_all` entry naming them and `reason`.
 * Returns how many it revoked. Revoked is for good: re-enabling the account does not revive them.
 */
export async function revokeTokensOf(
  tx: Tx,
  who: Pick<AuditEntry, 'actor' | 'ip' | 'userAgent'>,
  userId: string,
  reason: RevokeReason,
  exceptId = '',
): Promise<number> {
  // A token being minted concurrently is either committed before this or refused after it.
  await lockAccount(tx, userId);
  const revoked = await markTokensRevoked(tx, userId, nowTimestamp(), exceptId);
  if (revoked.length === 0) return 0;
  await appendAudit(tx, {
    actor: who.actor,
    ip: who.ip,
    userAgent: who.userAgent,
    action: 'token.revoke_all',
    target: { type: 'users', id: userId },
    result: 'success',
    data: {
      reason,
      count: revoked.length,
      tokens: revoked.map((r) => r.id),
      prefixes: revoked.map((r) => r.prefix),
    },
  });
  return revoked.length;
}
