// The in-memory index of effective permissions: users, groups (a forest), roles. Built once from
// the database, then patched one change at a time; each user's effective grants are computed on
// first use and dropped only when something they depend on changes. Pure: no I/O.
import {
  type ModuleName,
  MODULE_NAMES,
  type Permissions,
  type Scope,
} from '../catalogue/modules.js';

export interface RoleData {
  id: string;
  name: string;
  level: number;
  permissions: Permissions;
}

export interface GroupData {
  id: string;
  name: string;
  parent: string | null;
  roleIds: readonly string[];
}

export interface UserData {
  id: string;
  /** The direct role, by name (the monitoring hub's `role` field). */
  role: string;
  status: string;
  groupIds: readonly string[];
  /** A service account: holds permissions like anyone, but never counts as the last level-0 human. */
  service?: boolean;
}

/** Where one of a user's roles comes from. `path` names the groups from the user's own group up. */
export interface RoleSource {
  roleId: string;
  roleName: string;
  level: number;
  via: 'role' | 'group' | 'ancestor';
  path: string[];
}

export interface ModuleAccess {
  actions: ReadonlySet<string>;
  scope: Scope;
}

export interface Effective {
  userId: string;
  active: boolean;
  /** The lowest level among the user's roles (0 = most privileged); null without any role. */
  level: number | null;
  roles: RoleSource[];
  modules: ReadonlyMap<ModuleName, ModuleAccess>;
  /** The user's groups and all their ancestors: records shared with any of these reach the user. */
  reach: ReadonlySet<string>;
}

/** What resolving a user's grants reads: roles by id and name, groups by id. */
export interface DirectoryLookup {
  role(id: string): RoleData | undefined;
  roleByName(name: string): RoleData | undefined;
  group(id: string): GroupData | undefined;
}

/** The group itself and its ancestors, nearest first (a loop ends where it repeats). */
export function lineageIn(lookup: DirectoryLookup, groupId: string): string[] {
  const out: string[] = [];
  let current: string | null = groupId;
  while (current && !out.includes(current)) {
    out.push(current);
    current = lookup.group(current)?.parent ?? null;
  }
  return out;
}

/**
 * A user's effective grants (SPEC §2): direct role + the roles of their groups and every ancestor;
 * level = the lowest; module grants = the union, `all` beating `shared`.
 */
export function resolveEffective(user: UserData, lookup: DirectoryLookup): Effective {
  const roles: RoleSource[] = [];
  const direct = lookup.roleByName(user.role);
  if (direct)
    roles.push({
      roleId: direct.id,
      roleName: direct.name,
      level: direct.level,
      via: 'role',
      path: [],
    });
  const reach = new Set<string>();
  for (const groupId of user.groupIds) {
    const lineage = lineageIn(lookup, groupId);
    lineage.forEach((id, depth) => {
      reach.add(id);
      const group = lookup.group(id);
      if (!group) return;
      const names = lineage.slice(0, depth + 1).map((g) => lookup.group(g)?.name ?? g);
      for (const roleId of group.roleIds) {
        const role = lookup.role(roleId);
        if (role) {
          roles.push({
            roleId,
            roleName: role.name,
            level: role.level,
            via: depth === 0 ? 'group' : 'ancestor',
            path: names,
          });
        }
      }
    });
  }
  const modules = new Map<ModuleName, { actions: Set<string>; scope: Scope }>();
  let level: number | null = null;
  const seen = new Set<string>();
  for (const source of roles) {
    level = level === null ? source.level : Math.min(level, source.level);
    if (seen.has(source.roleId)) continue;
    seen.add(source.roleId);
    const permissions = lookup.role(source.roleId)?.permissions ?? {};
    for (const module of MODULE_NAMES) {
      const grant = permissions[module];
      if (!grant) continue;
      const current = modules.get(module) ?? {
        actions: new Set<string>(),
        scope: 'shared' as Scope,
      };
      for (const action of grant.actions) current.actions.add(action);
      // Grants only, so order never matters; `all` beats `shared`.
      if (grant.scope === 'all') current.scope = 'all';
      modules.set(module, current);
    }
  }
  return { userId: user.id, active: user.status === 'active', level, roles, modules, reach };
}

export class AccessIndex implements DirectoryLookup {
  private readonly roles = new Map<string, RoleData>();
  private readonly roleIdByName = new Map<string, string>();
  private readonly groups = new Map<string, GroupData>();
  private readonly children = new Map<string, Set<string>>();
  private readonly users = new Map<string, UserData>();
  private readonly membersOf = new Map<string, Set<string>>();
  private readonly usersByRole = new Map<string, Set<string>>();
  private readonly groupsByRole = new Map<string, Set<string>>();
  private readonly cache = new Map<string, Effective>();
  /**
   * Resolutions by what they depend on besides the user (status, direct role, groups): users
   * alike resolve once. Dropped whole by any change to a role or a group; a user's own change
   * only gives that user another key.
   */
  private readonly alike = new Map<string, Effective>();

  static build(data: {
    roles: Iterable<RoleData>;
    groups: Iterable<GroupData>;
    users: Iterable<UserData>;
  }): AccessIndex {
    const index = new AccessIndex();
    for (const role of data.roles) index.upsertRole(role);
    for (const group of data.groups) index.upsertGroup(group);
    for (const user of data.users) index.upsertUser(user);
    return index;
  }

  get size() {
    return {
      users: this.users.size,
      groups: this.groups.size,
      roles: this.roles.size,
      cached: this.cache.size,
    };
  }

  // ---- patches -------------------------------------------------------------------------------

  upsertRole(role: RoleData): void {
    const old = this.roles.get(role.id);
    // Only free the old name if it still points here: renames may be applied out of commit order.
    if (old && old.name !== role.name && this.roleIdByName.get(old.name) === role.id) {
      this.roleIdByName.delete(old.name);
    }
    this.roles.set(role.id, role);
    this.roleIdByName.set(role.name, role.id);
    this.invalidateRole(role.id, old?.name ?? role.name);
    if (old && old.name !== role.name) this.invalidateRole(role.id, role.name);
  }

  removeRole(id: string): void {
    const old = this.roles.get(id);
    if (!old) return;
    this.invalidateRole(id, old.name);
    this.roles.delete(id);
    if (this.roleIdByName.get(old.name) === id) this.roleIdByName.delete(old.name);
  }

  upsertGroup(group: GroupData): void {
    const old = this.groups.get(group.id);
    if (old) {
      if (old.parent !== group.parent && old.parent)
        this.children.get(old.parent)?.delete(group.id);
      for (const roleId of old.roleIds) this.groupsByRole.get(roleId)?.delete(group.id);
      this.invalidateSubtree(group.id);
    }
    this.groups.set(group.id, { ...group, roleIds: [...group.roleIds] });
    if (group.parent) setOf(this.children, group.parent).add(group.id);
    for (const roleId of group.roleIds) setOf(this.groupsByRole, roleId).add(group.id);
    this.invalidateSubtree(group.id);
  }

  /** Removes a group; its children become roots and its members lose it (as the service does). */
  removeGroup(id: string): void {
    const old = this.groups.get(id);
    if (!old) return;
    this.invalidateSubtree(id);
    for (const child of this.children.get(id) ?? []) {
      const c = this.groups.get(child);
      if (c) this.groups.set(child, { ...c, parent: null });
    }
    this.children.delete(id);
    if (old.parent) this.children.get(old.parent)?.delete(id);
    for (const roleId of old.roleIds) this.groupsByRole.get(roleId)?.delete(id);
    for (const userId of this.membersOf.get(id) ?? []) {
      const user = this.users.get(userId);
      if (user)
        this.users.set(userId, { ...user, groupIds: user.groupIds.filter((g) => g !== id) });
    }
    this.membersOf.delete(id);
    this.groups.delete(id);
  }

  upsertUser(user: UserData): void {
    this.removeUserLinks(user.id);
    this.users.set(user.id, { ...user, groupIds: [...user.groupIds] });
    setOf(this.usersByRole, user.role).add(user.id);
    for (const groupId of user.groupIds) setOf(this.membersOf, groupId).add(user.id);
    this.cache.delete(user.id);
  }

  removeUser(id: string): void {
    this.removeUserLinks(id);
    this.users.delete(id);
    this.cache.delete(id);
  }

  // ---- queries -------------------------------------------------------------------------------

  hasUser(id: string): boolean {
    return this.users.has(id);
  }

  user(id: string): UserData | undefined {
    return this.users.get(id);
  }

  role(id: string): RoleData | undefined {
    return this.roles.get(id);
  }

  roleByName(name: string): RoleData | undefined {
    const id = this.roleIdByName.get(name);
    return id ? this.roles.get(id) : undefined;
  }

  group(id: string): GroupData | undefined {
    return this.groups.get(id);
  }

  /** Effective grants of a user (cached until something they depend on changes). */
  effective(userId: string): Effective | null {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const user = this.users.get(userId);
    if (!user) return null;
    const key = alikeKey(user);
    const alike = this.alike.get(key);
    const effective = alike ? { ...alike, userId } : resolveEffective(user, this);
    if (!alike) this.alike.set(key, effective);
    this.cache.set(userId, effective);
    return effective;
  }

  roleList(): IterableIterator<RoleData> {
    return this.roles.values();
  }

  groupIds(): IterableIterator<string> {
    return this.groups.keys();
  }

  userIds(): IterableIterator<string> {
    return this.users.keys();
  }

  /** Whether the user's roles grant `module.action` (in any scope). Disabled users get nothing. */
  can(userId: string, module: ModuleName, action: string): boolean {
    const effective = this.effective(userId);
    return !!effective?.active && !!effective.modules.get(module)?.actions.has(action);
  }

  /** The group itself and its ancestors, nearest first. */
  lineage(groupId: string): string[] {
    return lineageIn(this, groupId);
  }

  /** The names from the top group down to this one: the one way a group's path is built. */
  pathSegments(groupId: string): string[] {
    return this.lineage(groupId)
      .reverse()
      .map((id) => this.groups.get(id)?.name ?? id);
  }

  /** "Organization / Security Team / Senior Consultants". */
  path(groupId: string): string {
    return this.pathSegments(groupId).join(' / ');
  }

  /** Making `parent` the parent of `groupId` would close a loop: the loop's names, else null. */
  cycle(groupId: string, parent: string | null): string[] | null {
    if (!parent) return null;
    const chain = this.lineage(parent);
    const at = chain.indexOf(groupId);
    if (at === -1) return null;
    const names = chain
      .slice(0, at + 1)
      .reverse()
      .map((id) => this.groups.get(id)?.name ?? id);
    return [...names, names[0] ?? ''];
  }

  /** The group and every group beneath it. */
  subtree(groupId: string): Set<string> {
    const out = new Set<string>();
    const stack = [groupId];
    while (stack.length > 0) {
      const id = stack.pop() ?? '';
      if (out.has(id)) continue;
      out.add(id);
      for (const child of this.children.get(id) ?? []) stack.push(child);
    }
    return out;
  }

  childrenOf(groupId: string): string[] {
    return [...(this.children.get(groupId) ?? [])];
  }

  membersOfGroup(groupId: string): string[] {
    return [...(this.membersOf.get(groupId) ?? [])];
  }

  usersWithRole(name: string): string[] {
    return [...(this.usersByRole.get(name) ?? [])];
  }

  groupsWithRole(roleId: string): string[] {
    return [...(this.groupsByRole.get(roleId) ?? [])];
  }

  // ---- internals -----------------------------------------------------------------------------

  private removeUserLinks(id: string): void {
    const old = this.users.get(id);
    if (!old) return;
    this.usersByRole.get(old.role)?.delete(id);
    for (const groupId of old.groupIds) this.membersOf.get(groupId)?.delete(id);
  }

  private invalidateRole(roleId: string, roleName: string): void {
    this.alike.clear();
    for (const userId of this.usersByRole.get(roleName) ?? []) this.cache.delete(userId);
    for (const groupId of this.groupsByRole.get(roleId) ?? []) this.invalidateSubtree(groupId);
  }

  /** Drops the cached grants of every member of the group or any group beneath it. */
  private invalidateSubtree(groupId: string): void {
    this.alike.clear();
    if (this.cache.size === 0) return;
    for (const id of this.subtree(groupId)) {
      for (const userId of this.membersOf.get(id) ?? []) this.cache.delete(userId);
    }
  }
}

/** What a user's resolution depends on besides the directory: status, direct role, groups in order. */
export function alikeKey(user: UserData): string {
  return `${user.status}\n${user.role}\n${user.groupIds.join('\n')}`;
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}
