// A what-if view of the directory: the access index with some roles, groups and users replaced or
// removed, resolved without touching the index. Guards compare it with the index before a change
// commits; previews show it to people before they save.
import {
  type AccessIndex,
  type DirectoryLookup,
  type Effective,
  type GroupData,
  type RoleData,
  type UserData,
  alikeKey,
  lineageIn,
  resolveEffective,
} from './access-index.js';

/** The entities a change wrote, as stored afterwards (null: deleted). */
export interface DirectoryChanges {
  roles: ReadonlyMap<string, RoleData | null>;
  groups: ReadonlyMap<string, GroupData | null>;
  users: ReadonlyMap<string, UserData | null>;
}

export class DirectoryOverlay implements DirectoryLookup {
  /** Role names the change gave or took: name → role id (null: no role has that name now). */
  private readonly names = new Map<string, string | null>();
  private readonly cache = new Map<string, Effective | null>();
  private readonly alike = new Map<string, Effective>();

  constructor(
    readonly base: AccessIndex,
    readonly changes: DirectoryChanges,
  ) {
    for (const [id, role] of changes.roles) {
      const old = base.role(id);
      if (old && old.name !== role?.name && !this.names.has(old.name))
        this.names.set(old.name, null);
      if (role) this.names.set(role.name, id);
    }
  }

  role(id: string): RoleData | undefined {
    const changed = this.changes.roles.get(id);
    if (changed !== undefined) return changed ?? undefined;
    return this.base.role(id);
  }

  roleByName(name: string): RoleData | undefined {
    const id = this.names.get(name);
    if (id !== undefined) return id === null ? undefined : this.role(id);
    return this.base.roleByName(name);
  }

  group(id: string): GroupData | undefined {
    const changed = this.changes.groups.get(id);
    if (changed !== undefined) return changed ?? undefined;
    return this.base.group(id);
  }

  user(id: string): UserData | undefined {
    const changed = this.changes.users.get(id);
    if (changed !== undefined) return changed ?? undefined;
    return this.base.user(id);
  }

  /** A user's grants after the change (null: the user does not exist then). */
  effective(userId: string): Effective | null {
    if (!this.touches(userId)) return this.base.effective(userId);
    const cached = this.cache.get(userId);
    if (cached !== undefined) return cached;
    const user = this.user(userId);
    const effective = user ? this.resolve(user) : null;
    this.cache.set(userId, effective);
    return effective;
  }

  /**
   * Users with the same role, status and groups resolve alike: an import of 10k users into a few
   * groups resolves a few times, not 10k.
   */
  private resolve(user: UserData): Effective {
    const key = alikeKey(user);
    const alike = this.alike.get(key);
    if (alike) return { ...alike, userId: user.id };
    const effective = resolveEffective(user, this);
    this.alike.set(key, effective);
    return effective;
  }

  lineage(groupId: string): string[] {
    return lineageIn(this, groupId);
  }

  /** Whether the change may alter this user's grants (they changed, or something they hold did). */
  private touches(userId: string): boolean {
    if (this.changes.users.has(userId)) return true;
    if (this.changes.roles.size === 0 && this.changes.groups.size === 0) return false;
    const user = this.base.user(userId);
    if (!user) return false;
    const direct = this.base.roleByName(user.role);
    if (this.names.has(user.role) || (direct && this.changes.roles.has(direct.id))) return true;
    for (const groupId of user.groupIds) {
      for (const id of this.base.lineage(groupId)) {
        if (this.changes.groups.has(id)) return true;
        for (const roleId of this.base.group(id)?.roleIds ?? [])
          if (this.changes.roles.has(roleId)) return true;
      }
    }
    return false;
  }
}
