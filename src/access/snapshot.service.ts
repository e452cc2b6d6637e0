// Holds the access snapshot (roles as data + instance switches) that every decision reads.
import type { Db } from '../db/connect.js';
import { loadRoles } from '../roles/roles.repo.js';
import type { AccessSnapshot } from './records.js';

export class AccessSnapshotService {
  private current: Promise<AccessSnapshot> | null = null;

  constructor(
    private readonly db: Db,
    private readonly shareAllSystems: boolean,
  ) {}

  /** The snapshot, loaded once; `invalidate()` after a change to roles reloads it. */
  snapshot(): Promise<AccessSnapshot> {
    this.current ??= loadRoles(this.db).then((roles) => ({
      roles,
      shareAllSystems: this.shareAllSystems,
    }));
    return this.current;
  }

  invalidate(): void {
    this.current = null;
  }
}
