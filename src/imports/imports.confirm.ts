// Confirming a pending import: its rows planned again against the current state with the
// confirm's options, any error row refusing the whole import, then applied in one transaction
// (imports.apply.ts) — or nothing, with the lines named when a race broke it.
import type { Selectable } from 'kysely';
import { fromActor } from '../audit/audit.repo.js';
import type { AccessSnapshot, Actor } from '../access/index.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { UserImportsTable, UserRow } from '../db/types.js';
import { badRequest } from '../errors.js';
import { INVITATION_PATH, makeInvitations } from '../accounts/invitations.service.js';
import { newUserRow } from '../accounts/users.rows.js';
import { randomStrings } from '../lib/ids.js';
import { nowTimestamp } from '../lib/time.js';
import type { Settings } from '../settings/settings.schema.js';
import { applyImport } from './imports.apply.js';
import type { Planner } from './imports.plan.js';
import { importRows, usersByEmail } from './imports.repo.js';
import { type ImportResult, REPORTED_ERRORS, summarize } from './imports.results.js';
import { storedRow } from './imports.rows.js';
import type { ImportOptions } from './imports.schema.js';
import type { ImportsDeps } from './imports.service.js';

export interface ConfirmInput {
  actor: Actor;
  snapshot: AccessSnapshot;
  options: ImportOptions;
  settings: Settings;
  planner: Planner;
  /** The origin invitation links start with ('' for a path only). */
  linkBase: string;
}

export async function confirmImport(
  deps: ImportsDeps,
  stored: Selectable<UserImportsTable>,
  { actor, snapshot, options, settings, planner, linkBase }: ConfirmInput,
): Promise<ImportResult> {
  const id = stored.id;
  const storedRows = await importRows(deps.db, id);
  const rows = storedRows.map(storedRow);
  const existing = await usersByEmail(
    deps.db,
    rows.map((r) => r.email),
  );
  // A row the dry run accepted has valid fields (they do not depend on the database); only what
  // does — existing emails, groups, roles and levels — is checked again.
  const plans = rows.map((r, i) =>
    planner.plan(r, existing.get(r.email), undefined, storedRows[i]?.action !== 'error'),
  );
  const summary = summarize(plans);
  const errors = plans.filter((p) => p.action === 'error');
  if (errors.length > 0) {
    const first = errors.slice(0, REPORTED_ERRORS);
    throw badRequest(
      `${errors.length} row${errors.length === 1 ? ' has' : 's have'} errors, so nothing was imported (first: line ${first[0]?.line}: ${first[0]?.reasons.join('; ')}).`,
      Object.fromEntries(
        first.map((p) => [
          `line ${p.line}`,
          { code: 'validation_import_row', message: p.reasons.join('; ') },
        ]),
      ),
    );
  }
  const creates = plans.filter((p) => p.action === 'create');
  const updates = plans.filter((p) => p.action === 'update');
  const newGroupPaths = [...new Set(plans.flatMap((p) => p.newGroups))];
  const now = nowTimestamp();
  // Ids and token keys in two CSPRNG calls, not two per user.
  const fresh = randomStrings(creates.length, 15);
  const keys = randomStrings(creates.length, 50);
  const invitations = makeInvitations(
    options.invite ? creates.flatMap((p, i) => (p.passwordHash ? [] : [fresh[i] ?? ''])) : [],
    settings.imports.invitationHours,
  );
  const invitationOf = new Map(invitations.map((i) => [i.userId, i]));
  const rowsToInsert: UserRow[] = creates.map((p, i) => {
    const userId = fresh[i] ?? '';
    const invitation = invitationOf.get(userId);
    return newUserRow(
      {
        id: userId,
        email: p.email,
        name: p.name,
        role: p.role || 'user',
        passwordHash: p.passwordHash,
        ...(keys[i] ? { tokenKey: keys[i] } : {}),
        invitationHash: invitation?.hash ?? '',
        invitationExpires: invitation?.expires ?? '',
      },
      now,
    );
  });

  const apply = deps.directory.transaction(actor.principal, (tx, events, directory) =>
    applyImport(deps, tx, events, directory, {
      id,
      actor,
      who: fromActor(actor),
      snapshot,
      options,
      summary,
      passwordMinLength: settings.auth.passwordMinLength,
      creates,
      updates,
      rowsToInsert,
      existing,
      newGroupPaths,
      invitations: invitations.length,
      now,
    }),
  );
  await apply.catch(async (error: unknown) => {
    // A user created between the plan and the write: the email's unique index refused the
    // whole transaction; name the lines rather than guess what the confirm should do now.
    if (!isUniqueViolation(error)) throw error;
    const taken = await usersByEmail(
      deps.db,
      creates.map((p) => p.email),
    );
    if (taken.size === 0) throw error;
    const lines = creates.filter((p) => taken.has(p.email)).slice(0, REPORTED_ERRORS);
    throw badRequest(
      'Users with these emails were created since the dry run; nothing was imported. Confirm again to plan anew.',
      Object.fromEntries(
        lines.map((p) => [
          `line ${p.line}`,
          { code: 'validation_not_unique', message: `email: ${p.email} exists now.` },
        ]),
      ),
    );
  });
  const emailOf = new Map(rowsToInsert.map((row) => [row.id, row.email]));
  return {
    id,
    status: 'applied',
    summary,
    created: creates.length,
    updated: updates.length,
    skipped: summary.skip,
    groupsCreated: newGroupPaths,
    invitations: invitations.map((i) => ({
      email: emailOf.get(i.userId) ?? '',
      userId: i.userId,
      link: `${linkBase}${INVITATION_PATH}${i.token}`,
    })),
  };
}
