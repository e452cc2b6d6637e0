// Sign-in (password, one-time code), token refresh and token authentication for both account
// stores: one service over its phases (auth.signin.ts, auth.tokens.ts, lockout.attempts.ts,
// sessions.issue.ts).
import type { Db } from '../db/connect.js';
import type { AccountCollection, Principal } from '../access/index.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { AuthResult, PresentUser, RequestMeta } from './auth.accounts.js';
import type { OtpAuthInput, PasswordAuthInput } from './auth.schema.js';
import { SignIn } from './auth.signin.js';
import { TokenAuthentication } from './auth.tokens.js';
import type { PasswordHasher } from './passwords.js';
import { SessionIssuer } from './sessions.issue.js';

export type { AuthResult, RequestMeta } from './auth.accounts.js';
export { principalCollection } from './auth.accounts.js';
export { requireOtpEnabled } from './auth.signin.js';
export { LOCKOUT_PURGE_INTERVAL_MS } from './lockout.attempts.js';
export { SESSION_PURGE_INTERVAL_MS } from './sessions.issue.js';

export class AuthService {
  private readonly signIn: SignIn;
  private readonly tokens: TokenAuthentication;

  constructor(
    db: Db,
    settings: SettingsService,
    hasher: PasswordHasher,
    /**
     * Renders a user row (as just read) exactly as the records API does (fields, relations), as
     * `viewer` sees it, with the `expand` parameter read as `viewer`.
     */
    presentUser: PresentUser,
  ) {
    const sessions = new SessionIssuer(settings);
    this.signIn = new SignIn(db, settings, hasher, sessions, presentUser);
    this.tokens = new TokenAuthentication(db, settings, sessions, presentUser);
  }

  signInWithPassword(
    collection: AccountCollection,
    input: PasswordAuthInput,
    meta: RequestMeta,
    expand = '',
  ): Promise<AuthResult> {
    return this.signIn.withPassword(collection, input, meta, expand);
  }

  /** Console sign-in with a one-time code made by `gatehouse superuser otp`. */
  signInWithOtp(
    collection: AccountCollection,
    input: OtpAuthInput,
    meta: RequestMeta,
    expand = '',
  ): Promise<AuthResult> {
    return this.signIn.withOtp(collection, input, meta, expand);
  }

  /** A fresh token for the same session (PocketBase's auth-refresh). */
  refresh(collection: AccountCollection, principal: Principal, expand = ''): Promise<AuthResult> {
    return this.tokens.refresh(collection, principal, expand);
  }

  /** The principal a token stands for, or the guest when it is invalid, expired or revoked. */
  authenticate(token: string, meta: RequestMeta): Promise<Principal> {
    return this.tokens.authenticate(token, meta);
  }
}
