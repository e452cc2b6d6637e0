// Decisions on the decision API (/api/access/*): who may ask about whose access, and who may use
// the batch checks other services call.
import { ALLOW, allowIf, type Decision, type Refused } from './decision.js';
import { type AccessSnapshot, hasAdmin } from './grants.js';
import { isOperator, type Principal } from './principal.js';

/** A caller with no identity: the decision API answers only those it knows (401, as PocketBase words it). */
function unauthenticated(): Refused {
  return {
    ok: false,
    status: 401,
    message: 'The request requires valid record authorization token.',
  };
}

/**
 * Whose access `p` asks about when it names no user: its own (a hub user), nobody's (an operator,
 * who bypasses every rule: `userId` null), or refused (401) for anyone else.
 */
export function askingAboutSelf(p: Principal): Decision<{ userId: string | null }> {
  if (isOperator(p)) return { ok: true, userId: null };
  if (p.type !== 'user') return unauthenticated();
  return { ok: true, userId: p.id };
}

/**
 * Whether `p` may ask about user `userId`'s access (effective access, explain): users about
 * themselves, operators and admin:users.view or admin:users.manage about anyone; a guest is 401.
 */
export function mayExplainFor(p: Principal, s: AccessSnapshot, userId: string): Decision {
  if (isOperator(p) || (p.type === 'user' && p.id === userId)) return ALLOW;
  if (hasAdmin(p, s, ['users.view', 'users.manage'])) return ALLOW;
  if (p.type === 'guest') return unauthenticated();
  return allowIf(false, 'Asking about other users needs admin.users.view.');
}

/**
 * Whether `p` may use the batch checks (`POST /api/access/check`) about any user: operators and
 * admin:users.view (a service's token); a guest is 401.
 */
export function canUseDecisionApi(p: Principal, s: AccessSnapshot): Decision {
  if (p.type === 'guest') return unauthenticated();
  return allowIf(
    isOperator(p) || hasAdmin(p, s, ['users.view']),
    'The decision API needs admin.users.view.',
  );
}
