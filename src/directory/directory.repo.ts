// Reads the directory (roles, groups with their roles, users with their groups) for the access index.
import type { Db } from '../db/connect.js';
import type { GroupData, RoleData, UserData } from '../access/index.js';
import type { Permissions } from '../catalogue/modules.js';

export function roleData(row: {
  id: string;
  name: string;
  level: number;
  permissions: string;
}): RoleData {
  return {
    id: row.id,
    name: row.name,
    level: row.level,
    permissions: JSON.parse(row.permissions) as Permissions,
  };
}

async function linksOf(db: Db, collection: string, field: string, recordIds?: readonly string[]) {
  let query = db
    .selectFrom('record_relations')
    .select(['recordId', 'targetId'])
    .where('collection', '=', collection)
    .where('field', '=', field);
  if (recordIds) query = query.where('recordId', 'in', recordIds);
  const rows = await query.orderBy('pos').execute();
  const map = new Map<string, string[]>();
  for (const row of rows) {
    const list = map.get(row.recordId) ?? [];
    list.push(row.targetId);
    map.set(row.recordId, list);
  }
  return map;
}

export async function loadRoles(db: Db, ids?: readonly string[]): Promise<RoleData[]> {
  let query = db.selectFrom('roles').select(['id', 'name', 'level', 'permissions']);
  if (ids) query = query.where('id', 'in', ids);
  return (await query.execute()).map(roleData);
}

export async function loadGroups(db: Db, ids?: readonly string[]): Promise<GroupData[]> {
  if (ids?.length === 0) return [];
  let query = db.selectFrom('groups').select(['id', 'name', 'parent']);
  if (ids) query = query.where('id', 'in', ids);
  const rows = await query.execute();
  const roles = await linksOf(db, 'groups', 'roles', ids);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parent: r.parent || null,
    roleIds: roles.get(r.id) ?? [],
  }));
}

export async function loadUsers(db: Db, ids?: readonly string[]): Promise<UserData[]> {
  if (ids?.length === 0) return [];
  let query = db.selectFrom('users').select(['id', 'role', 'status', 'kind']);
  if (ids) query = query.where('id', 'in', ids);
  const rows = await query.execute();
  const groups = await linksOf(db, 'users', 'groups', ids);
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    status: r.status,
    groupIds: groups.get(r.id) ?? [],
    ...(r.kind === 'service' ? { service: true } : {}),
  }));
}
