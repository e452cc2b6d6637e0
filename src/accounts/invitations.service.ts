// Set-password invitations for imported users. The link's token is `<user id>.<32 random bytes>`;
// only its SHA-256 and expiry are kept, on the user's row (decision 0006). Accepting reads that row
// by id, sets the first password and clears the invitation in one conditional UPDATE, so a link works
// once; setting the password or email another way, or a new invitation, replaces it. Looking a link
// up answers only whom it invites (email, name, expiry), under the same checks, and changes nothing.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { appendAudit } from '../audit/audit.repo.js';
import type { Db } from '../db/connect.js';
import { fieldError } from '../errors.js';
import { sha256Hex } from '../lib/digest.js';
import { nowTimestamp, timestampIn } from '../lib/time.js';
import type { RequestMeta } from './auth.service.js';
import type { PasswordHasher } from './passwords.js';
import { newTokenKey, passwordFailure } from './users.service.js';
import { deleteSessionsOf } from './sessions.repo.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { AcceptInvitation } from './users.schema.js';

/** The hub's invitation page (ui/src/hub/import/invitation.lazy.tsx); `/#/invitation/…` links of
 * earlier versions are sent there by the hub (ui/src/hub/import/legacy-link.ts). */
export const INVITATION_PATH = '/invitation/';

export interface Invitation {
  userId: string;
  /** The link's token: shown once, never stored. */
  token: string;
  /** What the user's row keeps: `invitationHash` and `invitationExpires`. */
  hash: string;
  expires: string;
}

/** Fresh invitations for `userIds`, valid for `hours` (one CSPRNG call for all of them). */
export function makeInvitations(userIds: readonly string[], hours: number): Invitation[] {
  const expires = timestampIn(hours * 3600);
  const bytes = randomBytes(32 * userIds.length);
  return userIds.map((userId, i) => {
    const token = `${userId}.${bytes.subarray(32 * i, 32 * (i + 1)).toString('base64url')}`;
    return { userId, token, hash: sha256Hex(token), expires };
  });
}

/** The user id a token names ('' when it is not an invitation token). */
function userOf(token: string): string {
  const dot = token.indexOf('.');
  return dot > 0 ? token.slice(0, dot) : '';
}

const invalid = () =>
  fieldError(
    'token',
    'validation_invalid_token',
    'Invalid, used or expired invitation.',
    'Invalid, used or expired invitation.',
  );

export class InvitationsService {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Whom a pending invitation is for; an invalid, used or expired token is refused. */
  async lookup(token: string): Promise<{ email: string; name: string; expires: string }> {
    const user = await this.pending(token);
    return { email: user.email, name: user.name, expires: user.invitationExpires };
  }

  /** The user a token invites, if the invitation is still pending and theirs to use. */
  private async pending(token: string) {
    const user = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'status', 'kind', 'invitationHash', 'invitationExpires'])
      .where('id', '=', userOf(token))
      .executeTakeFirst();
    const given = Buffer.from(sha256Hex(token));
    const stored = Buffer.from(user?.invitationHash ?? '');
    if (
      !user ||
      stored.length !== given.length ||
      !timingSafeEqual(stored, given) ||
      user.invitationExpires <= nowTimestamp() ||
      user.status !== 'active' ||
      user.kind !== 'user'
    )
      throw invalid();
    return user;
  }

  /** Sets the invited user's first password; the link works once. Audited as the user. */
  async accept(meta: RequestMeta, input: AcceptInvitation): Promise<{ email: string }> {
    const user = await this.pending(input.token);
    const { auth } = await this.settings.get();
    const problem = passwordFailure(input.password, input.passwordConfirm, auth.passwordMinLength);
    if (problem) throw problem;
    const passwordHash = await this.hasher.hash(input.password);
    await this.db.transaction().execute(async (tx) => {
      // Used once, even when two requests race: only the first finds the invitation still there.
      const set = await tx
        .updateTable('users')
        .set({
          passwordHash,
          tokenKey: newTokenKey(),
          verified: 1,
          invitationHash: '',
          invitationExpires: '',
          updated: nowTimestamp(),
        })
        .where('id', '=', user.id)
        .where('invitationHash', '=', user.invitationHash)
        .executeTakeFirst();
      if (Number(set.numUpdatedRows) !== 1) throw invalid();
      await deleteSessionsOf(tx, 'users', user.id);
      await appendAudit(tx, {
        actor: { type: 'user', id: user.id, email: user.email },
        ip: meta.ip,
        userAgent: meta.userAgent,
        action: 'user.invitation.accept',
        target: { type: 'users', id: user.id },
        result: 'success',
        changes: { password: ['(none)', '(set)'], verified: [0, 1] },
      });
    });
    return { email: user.email };
  }
}
