// Decisions on API tokens: when an account change revokes the account's tokens.
import type { Principal } from './principal.js';

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
): { ok: true; reason: RevokeReason | null } | { ok: false; message: string } {
  const own = p.type === 'user' && p.id === userId;
  if (change.keep && !own && (change.password || change.email))
    return {
      ok: false,
      message:
        "Only the account's owner may keep its API tokens; a password or email set by an administrator always revokes them.",
    };
  if (change.disables) return { ok: true, reason: 'account_disabled' };
  if (!change.password && !change.email) return { ok: true, reason: null };
  if (!own) return { ok: true, reason: change.password ? 'password_reset' : 'email_reset' };
  if (change.keep) return { ok: true, reason: null };
  return { ok: true, reason: change.password ? 'password_change' : 'email_change' };
}
