// Per-collection extensions of the records engine (e.g. the directory's groups and roles): extra
// validation, follow-up writes inside the same transaction, and the access events they cause.
import type { AccessSnapshot, Actor, Principal } from '../access/index.js';
import type { Db } from '../db/connect.js';
import type { AccessEvent } from '../directory/directory.js';
import type { RecordWrite } from './records.write.js';
import type { ApiRecord } from './records.view.js';

export interface HookContext {
  actor: Actor;
  snapshot: AccessSnapshot;
  /** The record's id (null before create). */
  id: string | null;
  /** The record as stored before the change (null on create). */
  before: Record<string, unknown> | null;
}

export interface CollectionHooks {
  /** Validation beyond field types, before anything is written (throw an AppError to refuse). */
  validate?: (
    hook: HookContext & { write: RecordWrite; body: Record<string, unknown> },
  ) => Promise<void> | void;
  /** Inside the transaction, after the write: follow-up writes; push what changed to `events`. */
  afterWrite?: (
    tx: Db,
    hook: HookContext & { id: string; after: Record<string, unknown>; events: AccessEvent[] },
  ) => Promise<void>;
  /**
   * Inside the delete's transaction, before the row goes: refuse (throw), or detach what hangs on
   * it and return a report of what was detached (shown to the caller and audited).
   */
  /** Read-only values computed for the API (e.g. a group's path), added to every record shown. */
  present?: (
    records: ApiRecord[],
    snapshot: AccessSnapshot,
    viewer: Principal,
    /** A list's page rather than one record. */
    listing: boolean,
  ) => void | Promise<void>;
  beforeDelete?: (
    tx: Db,
    hook: HookContext & { id: string; confirm: boolean; events: AccessEvent[] },
  ) => Promise<Record<string, unknown> | null>;
}
