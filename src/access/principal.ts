// Who is acting: the identity every decision in access/ is made for, what kind of principal it is,
// and the actor (the principal with where its request came from) that services act for.

export type UserRole = 'admin' | 'user' | 'readonly';

export type Principal =
  | { type: 'guest' }
  | {
      type: 'user';
      id: string;
      email: string;
      role: string;
      sessionId: string;
      /** 'service' for a service account, which acts only through API tokens (SPEC §7). */
      kind?: 'service';
      /** Set when acting through a personal API token: its id and its `module:action` scopes (null = all). */
      token?: { id: string; scopes: readonly string[] | null };
    }
  | { type: 'superuser'; id: string; email: string; sessionId: string }
  /** The `gatehouse` command line, acting with the operator's shell access. */
  | { type: 'cli' }
  /** Gatehouse itself (start-up setup, scheduled jobs). */
  | { type: 'system' };

export const GUEST: Principal = { type: 'guest' };
export const CLI: Principal = { type: 'cli' };
export const SYSTEM: Principal = { type: 'system' };

/** Accounts live in two separate stores; a token of one never acts in the other. */
export type AccountCollection = 'users' | '_superusers';

export function isSuperuser(p: Principal): p is Extract<Principal, { type: 'superuser' }> {
  return p.type === 'superuser';
}

/** Operators (superusers, the CLI, Gatehouse itself) bypass every rule. */
export function isOperator(p: Principal): boolean {
  return p.type === 'superuser' || p.type === 'cli' || p.type === 'system';
}

export function isAuthenticated(p: Principal): boolean {
  return p.type === 'user' || p.type === 'superuser';
}

/** Settings, superuser management and other console work. */
export function canAdministerInstance(p: Principal): boolean {
  return isOperator(p);
}

/** Where a change came from: who, and (over HTTP) from which address and client. */
export interface Actor {
  principal: Principal;
  ip: string;
  userAgent: string;
}
