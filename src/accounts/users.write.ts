// What every write of a user account shares: its dependencies, the audited fields, the link of
// its groups, and a unique-index race (same email or username) turned into a field error.
import type { Db } from '../db/connect.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { Directory } from '../directory/directory.js';
import { fieldError } from '../errors.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { PasswordHasher } from './passwords.js';

/** What the users service's actions work with. */
export interface UsersDeps {
  readonly db: Db;
  readonly settings: SettingsService;
  readonly hasher: PasswordHasher;
  readonly directory: Directory;
}

/** The fields whose before and after a user's audit entry records. */
export const AUDITED_FIELDS = [
  'email',
  'name',
  'username',
  'role',
  'status',
  'verified',
  'emailVisibility',
] as const;

/** The multi-relation holding a user's groups. */
export const groupsLink = (userId: string) => ({
  collection: 'users',
  field: 'groups',
  recordId: userId,
});

export const emailTaken = () =>
  fieldError('email', 'validation_not_unique', 'Value must be unique.');

/** Runs a write; a unique-constraint race (same email or username) becomes a field error. */
export async function writeUnique(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const text = error instanceof Error ? error.message : '';
    if (text.includes('username'))
      throw fieldError('username', 'validation_not_unique', 'Value must be unique.');
    throw emailTaken();
  }
}
