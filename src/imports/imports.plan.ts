// Deciding what each CSV row does — create, update, skip or error — with the users service's own
// validation (shape, email, role and group levels, password policy). The dry run and the confirm
// both plan with this, so what the preview says is what the confirm does (or refuses).
import type { AccessSnapshot, Actor } from '../access/index.js';
import type { UsersService } from '../accounts/users.service.js';
import { AppError } from '../errors.js';
import type { ImportOptions } from './imports.schema.js';

/** A row as stored between the dry run and the confirm (never a plaintext password). */
export interface ImportRow {
  line: number;
  email: string;
  name: string;
  role: string;
  /** Group paths as written ("Security Team/Senior Consultants"). */
  groups: string[];
  passwordHash: string | null;
  /** Why the password column was refused (policy), checked at the dry run. */
  passwordError: string | null;
  /** A problem with the row itself (field count). */
  problem: string | null;
}

export interface ExistingUser {
  id: string;
  email: string;
  name: string;
  role: string;
  kind: string;
}

export type RowAction = 'create' | 'update' | 'skip' | 'error';

export interface RowPlan {
  line: number;
  email: string;
  action: RowAction;
  reasons: string[];
  /** The existing user (update, skip). */
  userId?: string;
  name: string;
  role: string;
  /** Existing group ids to join, and group paths to create first. */
  groupIds: string[];
  newGroups: string[];
  passwordHash: string | null;
  /** Update: the fields that change. */
  changes?: { name?: string; role?: string; addGroups: string[]; password: boolean };
  /** Update: the change as a single update would take it (checked again under the lock). */
  update?: Record<string, unknown>;
}

/** "Security Team / Senior Consultants " → "Security Team/Senior Consultants". */
export function normalizePath(path: string): string {
  return path
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean)
    .join('/');
}

/** Splits a groups cell: comma-separated paths (inside quotes in the file). */
export function splitGroups(cell: string): string[] {
  return [...new Set(cell.split(',').map(normalizePath).filter(Boolean))];
}

/** A group's path as the import reads and the export writes it: "Security Team/Senior Consultants". */
export function importPath(index: AccessSnapshot['index'], groupId: string): string {
  return index.pathSegments(groupId).join('/');
}

/** Every group's path → id, from the access index. */
export function groupPaths(snapshot: AccessSnapshot): Map<string, string> {
  const index = snapshot.index;
  return new Map([...index.groupIds()].map((id) => [importPath(index, id), id]));
}

/** One AppError → the reasons a row shows: "email: Must be a valid email address.". */
export function reasonsOf(error: unknown): string[] {
  if (!(error instanceof AppError)) throw error;
  const fields = Object.entries(error.data).map(([field, e]) => `${field}: ${e.message}`);
  return fields.length > 0 ? fields : [error.message];
}

/** `plan` as an error row with `reasons`. */
function failed(plan: RowPlan, reasons: string[]): RowPlan {
  plan.action = 'error';
  plan.reasons = reasons;
  return plan;
}

/** How many groups a file may name and create (the `imports` settings). */
export interface GroupLimits {
  /** Group paths one row may name, and groups one row may create. */
  maxGroupsPerRow: number;
  /** Groups one import may create in all. */
  maxNewGroups: number;
}

/** A group's name as the groups collection allows it. */
const MAX_GROUP_NAME = 100;

export class Planner {
  /** Email → the line it first appeared on. */
  private readonly seen = new Map<string, number>();
  private readonly paths: Map<string, string>;
  /** Every group path (and parent path) the rows planned so far create. */
  private readonly created = new Set<string>();

  constructor(
    private readonly actor: Actor,
    private readonly snapshot: AccessSnapshot,
    private readonly users: UsersService,
    private readonly options: ImportOptions,
    private readonly passwordMinLength: number,
    private readonly mayCreateGroups: boolean,
    private readonly limits: GroupLimits,
  ) {
    this.paths = groupPaths(snapshot);
  }

  /**
   * The groups a row's paths would create (every missing segment), or why not: a cap per row and
   * per import, so one cell cannot make thousands of groups.
   */
  private newGroups(paths: readonly string[]): { created: string[] } | { error: string } {
    const created: string[] = [];
    for (const path of paths) {
      const segments = path.split('/');
      const long = segments.find((s) => s.length > MAX_GROUP_NAME);
      if (long !== undefined)
        return { error: `groups: A group name is at most ${MAX_GROUP_NAME} characters.` };
      for (let n = 1; n <= segments.length; n++) {
        const prefix = segments.slice(0, n).join('/');
        if (!this.paths.has(prefix) && !this.created.has(prefix) && !created.includes(prefix))
          created.push(prefix);
        if (created.length > this.limits.maxGroupsPerRow)
          return {
            error: `groups: A row may create at most ${this.limits.maxGroupsPerRow} groups (setting imports.maxGroupsPerRow).`,
          };
      }
    }
    if (this.created.size + created.length > this.limits.maxNewGroups)
      return {
        error: `groups: The import would create more than ${this.limits.maxNewGroups} groups (setting imports.maxNewGroups).`,
      };
    return { created };
  }

  /**
   * Plans one row. `password` is the plaintext (dry run only, for the policy); `existing` is the
   * account that already has the row's email; `fieldsChecked` says the dry run found the row's
   * fields valid, so only the checks that depend on the database (roles, levels, groups) run again.
   */
  plan(
    row: ImportRow,
    existing: ExistingUser | undefined,
    password?: string,
    fieldsChecked = false,
  ): RowPlan {
    const out: RowPlan = {
      line: row.line,
      email: row.email,
      action: 'error',
      reasons: [],
      name: row.name,
      role: row.role,
      groupIds: [],
      newGroups: [],
      passwordHash: row.passwordHash,
    };
    if (row.problem) return failed(out, [row.problem]);
    if (row.email) {
      const first = this.seen.get(row.email);
      if (first !== undefined) return failed(out, [`email: Duplicate of line ${first}.`]);
      this.seen.set(row.email, row.line);
    }
    if (row.passwordError) return failed(out, [`password: ${row.passwordError}`]);

    const most = this.limits.maxGroupsPerRow;
    if (row.groups.length > most || row.groups.some((p) => p.split('/').length > most))
      return failed(out, [
        `groups: A row may name at most ${most} groups, each at most ${most} levels deep (setting imports.maxGroupsPerRow).`,
      ]);
    // Groups by path; unknown ones are errors or get created (their nearest existing ancestor's
    // roles are checked like any group's).
    const checked: string[] = [];
    for (const path of row.groups) {
      const id = this.paths.get(path);
      if (id) {
        out.groupIds.push(id);
        checked.push(id);
        continue;
      }
      if (this.options.onUnknownGroup === 'error')
        return failed(out, [
          `groups: Unknown group "${path}" (or confirm with onUnknownGroup: create).`,
        ]);
      if (!this.mayCreateGroups)
        return failed(out, ['groups: Creating groups needs admin.groups.manage.']);
      out.newGroups.push(path);
      const segments = path.split('/');
      for (let n = segments.length - 1; n > 0; n--) {
        const ancestor = this.paths.get(segments.slice(0, n).join('/'));
        if (ancestor) {
          checked.push(ancestor);
          break;
        }
      }
    }
    const creating = this.newGroups(out.newGroups);
    if ('error' in creating) return failed(out, [creating.error]);
    const notes = out.newGroups.map((p) => `creates group "${p}"`);

    if (!existing) {
      try {
        if (fieldsChecked) {
          this.users.checkAssignments(
            this.actor,
            this.snapshot,
            row.role || 'user',
            [...new Set(checked)],
            [],
          );
        } else
          this.users.validateNew(
            this.actor,
            this.snapshot,
            {
              email: row.email,
              name: row.name,
              ...(row.role ? { role: row.role } : {}),
              groups: [...new Set(checked)],
              ...(password !== undefined ? { password } : {}),
            },
            this.passwordMinLength,
          );
      } catch (error) {
        return failed(out, reasonsOf(error));
      }
      if (!row.passwordHash && password === undefined)
        notes.push(this.options.invite ? 'gets an invitation link' : 'no password (OAuth only)');
      out.action = 'create';
      out.reasons = notes;
      for (const path of creating.created) this.created.add(path);
      return out;
    }

    out.userId = existing.id;
    if (existing.kind !== 'user') return failed(out, ['email: Belongs to a service account.']);
    if (this.options.onExisting === 'skip') return { ...out, action: 'skip', reasons: ['exists'] };
    const before = this.snapshot.index.user(existing.id)?.groupIds ?? [];
    const addGroups = out.groupIds.filter((g) => !before.includes(g));
    const changes = {
      ...(row.name && row.name !== existing.name ? { name: row.name } : {}),
      ...(row.role && row.role !== existing.role ? { role: row.role } : {}),
      addGroups,
      password: row.passwordHash !== null || password !== undefined,
    };
    const changed = [
      ...(changes.name !== undefined ? ['name'] : []),
      ...(changes.role !== undefined ? ['role'] : []),
      ...(addGroups.length + out.newGroups.length > 0 ? ['groups'] : []),
      ...(changes.password ? ['password'] : []),
    ];
    if (changed.length === 0) return { ...out, action: 'skip', reasons: ['exists, no changes'] };
    // Every field the row changes goes through the checks of a single update, at the dry run and
    // again at the confirm — the password too, when only its hash is left.
    const update = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changed.includes('groups') ? { groups: [...new Set([...before, ...checked])] } : {}),
    };
    try {
      this.users.validateChange(
        this.actor,
        this.snapshot,
        existing.id,
        { ...update, ...(password !== undefined ? { password } : {}) },
        before,
        this.passwordMinLength,
        { passwordChanges: changes.password },
      );
    } catch (error) {
      return failed(out, reasonsOf(error));
    }
    for (const path of creating.created) this.created.add(path);
    return {
      ...out,
      action: 'update',
      changes,
      update,
      reasons: [`changes ${changed.join(', ')}`, ...notes],
    };
  }
}
