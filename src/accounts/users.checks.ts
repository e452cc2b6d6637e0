// The checks on a user change that need no I/O: the body's shape, who may edit which field, the
// roles and groups the actor may hand out (no escalation), and the password policy.
import {
  type AccessSnapshot,
  type Actor,
  editableUserFields,
  mayAssignLevel,
  mayJoinGroups,
  needsOldPassword,
} from '../access/index.js';
import { type AppError, fieldError, fieldForbidden, refuse } from '../errors.js';
import { parseInput } from '../lib/validation.js';
import { passwordProblem } from './passwords.js';
import {
  type UserCreate,
  type UserCreateBody,
  type UserUpdate,
  userCreateSchema,
  userUpdateSchema,
} from './users.schema.js';

/**
 * The checks of create() that need no I/O: the body's shape, the role and every role its groups
 * bring (no escalation), the password policy. The CSV import runs them on every row.
 */
export function validateNew(
  actor: Actor,
  snapshot: AccessSnapshot,
  body: UserCreateBody,
  passwordMinLength: number,
): UserCreate {
  const input = parseInput(userCreateSchema, body, 'Failed to create record.');
  checkNew(actor, snapshot, input, passwordMinLength);
  return input;
}

/** The checks of a parsed new account: its role and groups (no escalation), the password policy. */
export function checkNew(
  actor: Actor,
  snapshot: AccessSnapshot,
  input: UserCreate,
  passwordMinLength: number,
): void {
  checkAssignments(actor, snapshot, input.role, input.groups, []);
  throwIfPasswordFails(input, passwordMinLength);
}

/**
 * The checks of update() that need no I/O, for changing user `id` (the CSV import's updates).
 * `passwordChanges` says a password is set even when `body` no longer holds it (the import's
 * confirm keeps only its hash): who may change it is checked all the same.
 */
export function validateChange(
  actor: Actor,
  snapshot: AccessSnapshot,
  id: string,
  body: Record<string, unknown>,
  groupsBefore: readonly string[],
  passwordMinLength: number,
  { passwordChanges = false }: { passwordChanges?: boolean } = {},
): UserUpdate {
  const input = parseInput(userUpdateSchema, body, 'Failed to update record.');
  const setsPassword = passwordChanges || input.password !== undefined;
  checkChange(actor, snapshot, id, input, snapshot.index.user(id)?.role, groupsBefore, {
    password: setsPassword,
  });
  if (setsPassword && needsOldPassword(actor.principal, id))
    throw fieldError(
      'password',
      'validation_own_password',
      'Change your own password from your account: it needs the current one.',
    );
  throwIfPasswordFails(input, passwordMinLength);
  return input;
}

/** Who may edit what, and which role and groups the actor may hand out (a role kept is fine). */
export function checkChange(
  actor: Actor,
  snapshot: AccessSnapshot,
  id: string,
  input: UserUpdate,
  roleBefore: string | undefined,
  groupsBefore: readonly string[],
  also: { password?: boolean } = {},
): void {
  checkEditable(actor, snapshot, id, also.password ? { ...input, password: '' } : input);
  const roleChanges = input.role !== undefined && input.role !== roleBefore;
  checkAssignments(
    actor,
    snapshot,
    roleChanges ? input.role : undefined,
    input.groups ?? [],
    groupsBefore,
  );
}

/** Roles must exist and be at or below the actor's level; so must every role a new group brings. */
export function checkAssignments(
  actor: Actor,
  snapshot: AccessSnapshot,
  role: string | undefined,
  groups: readonly string[],
  groupsBefore: readonly string[],
): void {
  if (role !== undefined) {
    const found = snapshot.index.roleByName(role);
    if (!found) throw fieldError('role', 'validation_unknown_role', `Unknown role "${role}".`);
    const check = mayAssignLevel(actor.principal, snapshot, found.name, found.level);
    // The refusal names the field it is about, so a form shows it there.
    if (!check.ok) throw refuse({ ...check, field: check.field ?? 'role' });
  }
  const joins = mayJoinGroups(actor.principal, snapshot, groups, groupsBefore);
  if (!joins.ok) throw refuse({ ...joins, field: joins.field ?? 'groups' });
}

/** Throws the password policy's field error when `input` sets an unacceptable password. */
export function throwIfPasswordFails(
  input: { password?: string | undefined; passwordConfirm?: string | undefined },
  minLength: number,
): void {
  if (input.password === undefined) return;
  const problem = passwordFailure(input.password, input.passwordConfirm, minLength);
  if (problem) throw problem;
}

/** The password policy (and the confirmation) as a field error, or null when acceptable. */
export function passwordFailure(
  password: string,
  confirm: string | undefined,
  minLength: number,
): AppError | null {
  const problem = passwordProblem(password, minLength);
  if (problem) return fieldError('password', 'validation_invalid_password', problem);
  if (confirm !== undefined && confirm !== password)
    return fieldError('passwordConfirm', 'validation_values_mismatch', "Values don't match.");
  return null;
}

/** 403 naming the first field of `input` that `actor`'s principal may not change on user `id`. */
function checkEditable(
  actor: Actor,
  snapshot: AccessSnapshot,
  id: string,
  input: UserUpdate,
): void {
  const { fields, why } = editableUserFields(actor.principal, snapshot, id);
  for (const field of Object.keys(input)) {
    if (field === 'passwordConfirm' || field === 'oldPassword' || field === 'revokeTokens')
      continue;
    if (!fields.has(field)) {
      throw fieldForbidden(field, why);
    }
  }
}
