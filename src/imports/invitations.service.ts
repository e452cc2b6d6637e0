// Set-password invitations for imported users: a random token shown once (in the import's result,
// and by email once SMTP exists), stored as SHA-256, used once to set the first password.
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit } from '../audit/audit.repo.js';
import type { Db } from '../db/connect.js';
import { fieldError } from '../errors.js';
import { newId, timeOrderedIds } from '../lib/ids.js';
import { nowTimestamp, timestampIn } from '../lib/time.js';
import { parseInput } from '../lib/validation.js';
import type { RequestMeta } from '../accounts/auth.service.js';
import type { PasswordHasher } from '../accounts/passwords.js';
import { newTokenKey, passwordFailure } from '../accounts/users.service.js';
import { deleteSessionsOf } from '../accounts/sessions.repo.js';
import type { SettingsService } from '../settings/settings.service.js';
import { acceptInvitationSchema } from './imports.schema.js';
import { CHUNK } from './imports.repo.js';

export const INVITATION_PATH = '/#/invitation/';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewInvitation {
  userId: string;
  token: string;
  expires: string;
}

/** Fresh invitation tokens for `userIds` (not stored yet: see `store`). */
export function makeInvitations(userIds: readonly string[], hours: number): NewInvitation[] {
  const expires = timestampIn(hours * 3600);
  const bytes = randomBytes(32 * userIds.length);
  return userIds.map((userId, i) => ({
    userId,
    token: bytes.subarray(32 * i, 32 * (i + 1)).toString('base64url'),
    expires,
  }));
}

/** Stores invitations (only their hashes), in the transaction that creates their users. */
export async function storeInvitations(tx: Db, invitations: readonly NewInvitation[]) {
  const now = nowTimestamp();
  // One CSPRNG call for every id, not one each; time-ordered, so the primary key grows at its end.
  const ids = timeOrderedIds(invitations.length);
  const rows = invitations.map((i, n) => ({
    id: ids[n] ?? newId(),
    userId: i.userId,
    tokenHash: sha256(i.token),
    expires: i.expires,
    usedAt: '',
    created: now,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insertInto('user_invitations')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
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

  /** Sets the invited user's first password; the link works once. Audited as the user. */
  async accept(meta: RequestMeta, body: unknown): Promise<{ email: string }> {
    const input = parseInput(acceptInvitationSchema, body, 'Failed to accept the invitation.');
    const now = nowTimestamp();
    const invitation = await this.db
      .selectFrom('user_invitations')
      .selectAll()
      .where('tokenHash', '=', sha256(input.token))
      .executeTakeFirst();
    if (!invitation || invitation.usedAt !== '' || invitation.expires < now) throw invalid();
    const user = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'status'])
      .where('id', '=', invitation.userId)
      .executeTakeFirst();
    if (user?.status !== 'active') throw invalid();
    const { auth } = await this.settings.get();
    const problem = passwordFailure(input.password, input.passwordConfirm, auth.passwordMinLength);
    if (problem) throw problem;
    const passwordHash = await this.hasher.hash(input.password);
    await this.db.transaction().execute(async (tx) => {
      // Used once, even when two requests race: only the first update finds it unused.
      const used = await tx
        .updateTable('user_invitations')
        .set({ usedAt: now })
        .where('id', '=', invitation.id)
        .where('usedAt', '=', '')
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw invalid();
      await tx
        .updateTable('users')
        .set({ passwordHash, tokenKey: newTokenKey(), verified: 1, updated: now })
        .where('id', '=', user.id)
        .execute();
      await tx
        .deleteFrom('user_invitations')
        .where('userId', '=', user.id)
        .where('usedAt', '=', '')
        .execute();
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
