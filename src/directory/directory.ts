// The Directory: roles, groups and users held in memory as the access index, and the transaction
// every directory change runs in. Built at start-up; each change runs under the directory's guard
// lock, is checked as a whole against the state before it (cycles, levels, the last level-0 user),
// and patches the index here at once and on other instances through LISTEN/NOTIFY.
import type { Db } from '../db/connect.js';
import type { SqlDialect } from '../db/dialect.js';
import type { Tx } from '../db/types.js';
import { guardVersion, takeGuardLock } from '../db/guard-locks.js';
import { refuse } from '../errors.js';
import {
  AccessIndex,
  type AccessSnapshot,
  checkDirectoryChange,
  DirectoryOverlay,
  type GuardResult,
  type Principal,
  type UserData,
} from '../access/index.js';
import { byId, chunked, encodeMessage, parseMessage, patchIndex } from './directory.changes.js';
import { loadGroups, loadRoles, loadUsers } from './directory.repo.js';

export interface AccessEvent {
  /** `all`: too much changed to name (a large import); reload everything. */
  kind: 'role' | 'group' | 'user' | 'all';
  id: string;
  /**
   * A user's state as the change wrote it, when the change knows it exactly (bulk creates): it is
   * checked and applied without reading it back. Never sent to other instances, which reload.
   */
  user?: UserData;
}

/** A committed change: its directory version, and what it wrote (null: nothing in the directory). */
interface Commit {
  version: number;
  overlay: DirectoryOverlay | null;
}

/** Past this many changed entities, rebuilding the index beats reloading them by id. */
const MAX_PATCH = 1000;
/** How long a change waits for other instances' announcements before reading everything anew. */
const CATCH_UP_MS = 1000;

export class Directory {
  private index: Promise<AccessIndex> | null = null;
  /** The directory version the index reflects (every change before it applied); -1: unknown. */
  private version = -1;
  private stopListening: (() => Promise<void>) | null = null;
  /** Reloads are applied one batch at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  /** The last change this instance made, from just before its commit until it is patched in. */
  private pending: Commit | null = null;
  /** How often a change found the index behind and read the whole directory anew. */
  readonly stats = { rebuilds: 0 };

  constructor(
    private readonly db: Db,
    private readonly dialect: SqlDialect,
    private readonly shareAllSystems: boolean,
    private readonly connection: { url: string; schema: string },
  ) {}

  /** What every decision reads. Builds the index on first use. */
  async snapshot(): Promise<AccessSnapshot> {
    return { index: await this.current(), shareAllSystems: this.shareAllSystems };
  }

  current(): Promise<AccessIndex> {
    this.index ??= this.build(this.db);
    return this.index;
  }

  /** Starts following other instances' changes (PostgreSQL); a no-op on SQLite. */
  async start(): Promise<void> {
    await this.current();
    this.stopListening = await this.dialect.listen(this.connection, this.channel(), (payload) => {
      const message = parseMessage(payload);
      if (message) void this.apply(message.events, message.version);
    });
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
    await this.queue;
  }

  /**
   * Runs a change to the directory in one transaction. It first takes the directory's guard lock
   * (so on PostgreSQL changes queue across instances) and brings the index up to the committed
   * state, which `body` gets as `directory` to re-check what it decided before the lock; `body`
   * then writes and pushes what it changed to `events`. Before the commit the
   * change is checked as a whole against the state before it (checkDirectoryChange): refused, it
   * writes nothing. After the commit this instance's index is patched before the call returns,
   * and other instances hear of the change through NOTIFY.
   */
  async transaction<T>(
    actor: Principal,
    body: (tx: Tx, events: AccessEvent[], directory: AccessSnapshot) => Promise<T>,
  ): Promise<T> {
    const events: AccessEvent[] = [];
    const { value, commit } = await this.db.transaction().execute(async (tx) => {
      const version = await takeGuardLock(tx, 'directory');
      const before = await this.catchUp(tx, version - 1);
      const value = await body(tx, events, {
        index: before,
        shareAllSystems: this.shareAllSystems,
      });
      const overlay = events.length > 0 ? await this.overlay(tx, before, events) : null;
      if (overlay) refuseUnlessOk(checkDirectoryChange(actor, before, overlay));
      await this.announce(tx, events, version);
      const commit: Commit = { version, overlay };
      this.pending = commit;
      return { value, commit };
    });
    this.patch(commit);
    return value;
  }

  /** Inside the change's transaction: tells other instances what to reload once it commits. */
  private async announce(tx: Db, events: readonly AccessEvent[], version: number): Promise<void> {
    const statement = this.dialect.notify(this.channel(), encodeMessage(events, version));
    if (statement) await statement.execute(tx);
  }

  /**
   * Under the guard lock: the index as of the committed `version`. Another instance's change may
   * not have arrived yet (PostgreSQL: wait briefly for its NOTIFY), or another process changed the
   * database (SQLite: the CLI); past that, the index is read anew through the transaction.
   */
  private async catchUp(tx: Db, version: number): Promise<AccessIndex> {
    // The change before this one may have committed without being patched in yet (its caller
    // resumes after the next transaction has begun): holding the lock, we know it committed.
    const pending = this.pending;
    if (pending?.version === version && this.version === version - 1) this.patch(pending);
    if (this.index && this.version === version) return this.index;
    if (this.dialect.announcesChanges && this.index && this.version < version) {
      const deadline = Date.now() + CATCH_UP_MS;
      while (this.version < version && Date.now() < deadline) {
        await this.queue;
        if (this.version < version) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      if (this.version === version) return this.index;
    }
    this.stats.rebuilds++;
    const index = this.build(tx, version);
    this.index = index;
    return index;
  }

  /** The directory as the transaction's writes left it, over the index as it was before them. */
  private async overlay(
    tx: Db,
    before: AccessIndex,
    events: readonly AccessEvent[],
  ): Promise<DirectoryOverlay> {
    const known = new Map<string, UserData>();
    for (const e of events) if (e.kind === 'user' && e.user) known.set(e.id, e.user);
    const ids = (kind: AccessEvent['kind']) => [
      ...new Set(events.filter((e) => e.kind === kind && !known.has(e.id)).map((e) => e.id)),
    ];
    const roleIds = ids('role');
    const groupIds = ids('group');
    const userIds = ids('user');
    const roles = byId(roleIds, await chunked(roleIds, (part) => loadRoles(tx, part)));
    const groups = byId(groupIds, await chunked(groupIds, (part) => loadGroups(tx, part)));
    const users = byId(userIds, await chunked(userIds, (part) => loadUsers(tx, part)));
    for (const [id, user] of known) users.set(id, user);
    return new DirectoryOverlay(before, { roles, groups, users });
  }

  /** After the commit: the change's entities into this instance's index, as the overlay read them. */
  private patch(commit: Commit): void {
    if (this.pending === commit) this.pending = null;
    const { version, overlay } = commit;
    // Applied already: by the next change's catch-up, or through our own NOTIFY.
    if (this.version >= version) return;
    // A change we did not see before this one leaves the version unknown: the next change re-reads.
    this.version = this.version === version - 1 ? version : -1;
    if (overlay) patchIndex(overlay.base, overlay.changes);
  }

  /** Another instance's committed change: reloads its entities and patches the index. */
  private apply(events: readonly AccessEvent[], version: number): Promise<void> {
    const run = this.queue.then(() => this.reload(events, version));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reload(events: readonly AccessEvent[], version: number): Promise<void> {
    if (!this.index || version <= this.version) return;
    if (events.length > MAX_PATCH || events.some((e) => e.kind === 'all')) {
      this.index = this.build(this.db);
      await this.index;
      return;
    }
    const index = await this.index;
    const ids = (kind: AccessEvent['kind']) => [
      ...new Set(events.filter((e) => e.kind === kind).map((e) => e.id)),
    ];
    const roleIds = ids('role');
    const groupIds = ids('group');
    const userIds = ids('user');
    const [roles, groups, users] = await Promise.all([
      roleIds.length ? loadRoles(this.db, roleIds) : [],
      groupIds.length ? loadGroups(this.db, groupIds) : [],
      userIds.length ? loadUsers(this.db, userIds) : [],
    ]);
    patchIndex(index, {
      roles: byId(roleIds, roles),
      groups: byId(groupIds, groups),
      users: byId(userIds, users),
    });
    // A change we did not see in between leaves the version unknown: the next change reads anew.
    if (this.version === version - 1) this.version = version;
    else if (this.version < version) this.version = -1;
  }

  /**
   * Reads the whole directory. The version is read first, so the index is never older than the
   * version it is labelled with (at worst newer, which only costs a later re-read).
   */
  private async build(db: Db, knownVersion?: number): Promise<AccessIndex> {
    const version = knownVersion ?? (await guardVersion(db, 'directory'));
    const [roles, groups, users] = [await loadRoles(db), await loadGroups(db), await loadUsers(db)];
    this.version = version;
    return AccessIndex.build({ roles, groups, users });
  }

  private channel(): string {
    return `gatehouse_access_${this.connection.schema || 'default'}`;
  }
}

function refuseUnlessOk(verdict: GuardResult): void {
  if (!verdict.ok) throw refuse(verdict);
}
