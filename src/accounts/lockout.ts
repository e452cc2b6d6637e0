// Brute-force policy: which counters a failed sign-in feeds and how long a lockout lasts.
import type { AccountCollection } from '../access/kernel.js';

export interface LockoutPolicy {
  accountThreshold: number;
  ipThreshold: number;
  windowSeconds: number;
  baseSeconds: number;
  maxSeconds: number;
}

/** Counter keys: the identity as typed (known or not, so lockouts reveal nothing) and the IP. */
export function lockoutKeys(collection: AccountCollection, identity: string, ip: string) {
  return { account: `acct:${collection}:${identity}`, ip: `ip:${ip}` };
}

/** The `level`-th lockout (0-based) lasts base × 2^level seconds, at most max. */
export function lockSeconds(policy: LockoutPolicy, level: number): number {
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(level, 30));
}

/** After a day without failures the lockout level starts again from the first step. */
export const LEVEL_RESET_SECONDS = 86400;
