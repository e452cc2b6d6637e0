// No escalation: levels guard administration (SPEC §2). Pure decisions over the access index.
import { isOperator, type Principal } from './principal.js';
import type { AccessSnapshot } from './grants.js';
import { ALLOW, type Decision, deny } from './decision.js';

/** Operators stand above every level. */
export const OPERATOR_LEVEL = -1;
/** A user without any role is below every level. */
export const NO_LEVEL = 6;

export function actorLevel(p: Principal, snapshot: AccessSnapshot): number {
  if (isOperator(p)) return OPERATOR_LEVEL;
  if (p.type !== 'user') return NO_LEVEL;
  return snapshot.index.effective(p.id)?.level ?? NO_LEVEL;
}

export function userLevel(userId: string, snapshot: AccessSnapshot): number {
  return snapshot.index.effective(userId)?.level ?? NO_LEVEL;
}

/** An actor manages only users whose effective level is at or below theirs (number ≥ theirs). */
export function mayManageUser(p: Principal, snapshot: AccessSnapshot, targetId: string): Decision {
  const mine = actorLevel(p, snapshot);
  const theirs = userLevel(targetId, snapshot);
  if (mine <= theirs) return ALLOW;
  return deny(`You (level ${mine}) cannot manage a user at level ${theirs}, which is above yours.`);
}

/** An actor assigns only roles whose level is at or below theirs. */
export function mayAssignLevel(
  p: Principal,
  snapshot: AccessSnapshot,
  roleName: string,
  roleLevel: number,
): Decision {
  const mine = actorLevel(p, snapshot);
  if (mine <= roleLevel) return ALLOW;
  return deny(
    `You (level ${mine}) cannot assign role "${roleName}" (level ${roleLevel}), which is above yours.`,
  );
}
