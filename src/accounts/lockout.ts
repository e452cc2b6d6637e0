// Brute-force policy: the counters a sign-in attempt reserves, and how long a lockout lasts.
import type { AccountCollection } from '../access/index.js';
import { sha256Hex } from '../lib/digest.js';

export interface LockoutPolicy {
  accountThreshold: number;
  ipThreshold: number;
  windowSeconds: number;
  baseSeconds: number;
  maxSeconds: number;
}

export interface LockoutKeys {
  account: string;
  ip: string;
}

/**
 * Counter keys: the identity (normalised, known or not, so lockouts reveal nothing) and the IP.
 * The identity is kept as its SHA-256: people type passwords into the identity field.
 */
export function lockoutKeys(collection: AccountCollection, identity: string, ip: string) {
  return { account: `acct:${collection}:${sha256Hex(identity)}`, ip: `ip:${ip}` };
}

/** The `level`-th lockout (0-based) lasts base × 2^level seconds, at most max. */
export function lockSeconds(policy: LockoutPolicy, level: number): number {
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(level, 30));
}

/** After a day without failures the lockout level starts again from the first step. */
export const LEVEL_RESET_SECONDS = 86400;

/**
 * Reservations (attempts being verified) are counted per period of this length, in the current
 * and the previous period: one never settled (the server died mid-verification) holds its place
 * for one to two periods, then is forgotten. A verification takes milliseconds; a minute is far
 * beyond any, and short enough that a crash never costs a shared IP its sign-ins for long.
 */
export const RESERVATION_SECONDS = 60;

export function reservationPeriod(now: number): number {
  return Math.floor(now / 1000 / RESERVATION_SECONDS);
}
