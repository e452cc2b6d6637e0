// Keeps the access index in step with the database: built at start-up, patched after every change
// to roles, groups, memberships or users — here at once, on other instances through LISTEN/NOTIFY.
import type { Db } from '../db/connect.js';
import { type DialectName, listen, notifySql } from '../db/dialect.js';
import { AccessIndex, type UserData } from '../access/index.js';
import type { AccessSnapshot } from '../access/records.js';
import { loadGroups, loadRoles, loadUsers } from './directory.repo.js';

export interface AccessEvent {
  /** `all`: too much changed to name (a large import); reload everything. */
  kind: 'role' | 'group' | 'user' | 'all';
  id: string;
  /**
   * A user's state as the change wrote it, when the change knows it exactly (bulk creates): this
   * instance applies it without reading it back. Never sent to other instances, which reload.
   */
  user?: UserData;
}

/** pg_notify refuses payloads of 8000 bytes or more; bigger changes are announced as `all`. */
const MAX_PAYLOAD = 7900;
/** Past this many changed entities, rebuilding the index beats reloading them by id. */
const MAX_PATCH = 1000;

export class AccessService {
  private index: Promise<AccessIndex> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  /** Patches are applied one batch at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly shareAllSystems: boolean,
    private readonly connection: { url: string; schema: string },
  ) {}

  /** What every decision reads. Builds the index on first use. */
  async snapshot(): Promise<AccessSnapshot> {
    return { index: await this.current(), shareAllSystems: this.shareAllSystems };
  }

  current(): Promise<AccessIndex> {
    this.index ??= Promise.all([loadRoles(this.db), loadGroups(this.db), loadUsers(this.db)]).then(
      ([roles, groups, users]) => AccessIndex.build({ roles, groups, users }),
    );
    return this.index;
  }

  /** Starts following other instances' changes (PostgreSQL); a no-op on SQLite. */
  async start(): Promise<void> {
    await this.current();
    this.stopListening = await listen(this.dialect, this.connection, this.channel(), (payload) => {
      const events = parseEvents(payload);
      if (events) void this.apply(events);
    });
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
    await this.queue;
  }

  /**
   * Runs a change to the directory in one transaction. `body` pushes what it changed to `events`;
   * other instances hear of them when the transaction commits, and this instance's index is
   * patched before the call returns, so the next request of every affected user sees the change.
   */
  async transaction<T>(body: (tx: Db, events: AccessEvent[]) => Promise<T>): Promise<T> {
    const events: AccessEvent[] = [];
    const result = await this.db.transaction().execute(async (tx) => {
      const value = await body(tx, events);
      await this.announce(tx, events);
      return value;
    });
    await this.apply(events);
    return result;
  }

  /** Inside the change's transaction: tells other instances what to reload once it commits. */
  async announce(tx: Db, events: readonly AccessEvent[]): Promise<void> {
    if (events.length === 0) return;
    let payload = JSON.stringify(events.map(({ kind, id }) => ({ kind, id })));
    if (payload.length > MAX_PAYLOAD) payload = JSON.stringify([{ kind: 'all', id: '' }]);
    const statement = notifySql(this.dialect, this.channel(), payload);
    if (statement) await statement.execute(tx);
  }

  /** After the commit: reloads the changed entities and patches the index (this instance). */
  apply(events: readonly AccessEvent[]): Promise<void> {
    const run = this.queue.then(() => this.reload(events));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reload(all: readonly AccessEvent[]): Promise<void> {
    if (!this.index) return;
    const known = all.filter((e) => e.kind === 'user' && e.user);
    const events = all.filter((e) => !(e.kind === 'user' && e.user));
    if (events.length > MAX_PATCH || events.some((e) => e.kind === 'all')) {
      const [roles, groups, users] = await Promise.all([
        loadRoles(this.db),
        loadGroups(this.db),
        loadUsers(this.db),
      ]);
      this.index = Promise.resolve(AccessIndex.build({ roles, groups, users }));
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
    patch(
      roleIds,
      roles,
      (r) => {
        index.upsertRole(r);
      },
      (id) => {
        index.removeRole(id);
      },
    );
    patch(
      groupIds,
      groups,
      (g) => {
        index.upsertGroup(g);
      },
      (id) => {
        index.removeGroup(id);
      },
    );
    patch(
      userIds,
      users,
      (u) => {
        index.upsertUser(u);
      },
      (id) => {
        index.removeUser(id);
      },
    );
    for (const e of known) if (e.user) index.upsertUser(e.user);
  }

  private channel(): string {
    return `gatehouse_access_${this.connection.schema || 'default'}`;
  }
}

function patch<T extends { id: string }>(
  ids: string[],
  found: T[],
  upsert: (item: T) => void,
  remove: (id: string) => void,
) {
  const byId = new Map(found.map((item) => [item.id, item]));
  for (const id of ids) {
    const item = byId.get(id);
    if (item) upsert(item);
    else remove(id);
  }
}

function parseEvents(payload: string): AccessEvent[] | null {
  try {
    const value = JSON.parse(payload) as unknown;
    if (!Array.isArray(value)) return null;
    return value.filter(
      (e): e is AccessEvent =>
        typeof e === 'object' &&
        e !== null &&
        ['role', 'group', 'user', 'all'].includes((e as AccessEvent).kind) &&
        typeof (e as AccessEvent).id === 'string',
    );
  } catch {
    return null;
  }
}
