// The access review's answers (GET/POST /api/access/review) and its remedies' calls.
import { pb } from '../pb';

export interface ReviewAccount {
  id: string;
  name: string;
  email: string;
  kind: 'user' | 'service';
  status: string;
}

export interface ReviewToken {
  id: string;
  name: string;
  prefix: string;
  created: string;
  lastUsedAt: string;
  expiresAt: string;
  account: ReviewAccount;
  remedy: 'revoke';
}

export interface InactiveAccount {
  id: string;
  name: string;
  email: string;
  created: string;
  lastSignIn: string | null;
  remedy: 'disable';
}

export interface PrivilegedUser extends ReviewAccount {
  level: number;
  levelName: string;
  remedy: 'open';
}

export interface EmptyGroup {
  id: string;
  name: string;
  path: string;
  empty: 'subtree' | 'direct';
  remedy: 'open';
}

export interface UnownedServiceAccount {
  id: string;
  name: string;
  email: string;
  owner: string;
  reason: 'none' | 'deleted' | 'disabled';
  remedy: 'open';
}

export interface ReviewList<T> {
  total: number;
  items: T[];
}

export interface Review {
  days: number;
  generatedAt: string;
  expiringWithinDays: number;
  privilegedLevel: number;
  lists: {
    inactiveAccounts: ReviewList<InactiveAccount>;
    disabledWithTokens: ReviewList<ReviewToken>;
    tokensNeverUsed: ReviewList<ReviewToken>;
    tokensUnused: ReviewList<ReviewToken>;
    tokensWithoutExpiry: ReviewList<ReviewToken>;
    tokensExpiringSoon: ReviewList<ReviewToken>;
    privilegedUsers: ReviewList<PrivilegedUser>;
    emptyGroups: ReviewList<EmptyGroup>;
    unownedServiceAccounts: ReviewList<UnownedServiceAccount>;
  };
}

export interface Completed {
  days: number;
  reviewedAt: string;
  counts: Record<string, number>;
}

export const reviewKey = ['access', 'review'] as const;

export function fetchReview(days: number, signal: AbortSignal) {
  return pb.send<Review>('/api/access/review', { query: { days }, signal });
}

export function completeReview(days: number) {
  return pb.send<Completed>('/api/access/review', { method: 'POST', body: { days } });
}

/** Disabling keeps the account's data; its sessions and API tokens stop. */
export function disableUser(id: string) {
  return pb.collection('users').update(id, { status: 'disabled' });
}

/** A service account's token through its own route (admin:users.manage suffices there). */
export function revokeToken(token: ReviewToken) {
  const path =
    token.account.kind === 'service'
      ? `/api/service-accounts/${encodeURIComponent(token.account.id)}/tokens/${encodeURIComponent(token.id)}`
      : `/api/tokens/${encodeURIComponent(token.id)}`;
  return pb.send(path, { method: 'DELETE' });
}
