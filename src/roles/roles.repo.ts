// Queries on `roles`: roles are data (seeded with the built-ins by migration 0002).
import type { Db } from '../db/connect.js';
import type { RoleDef } from '../access/records.js';
import type { Permissions } from '../access/modules.js';

export async function loadRoles(db: Db): Promise<Map<string, RoleDef>> {
  const rows = await db.selectFrom('roles').select(['name', 'level', 'permissions']).execute();
  return new Map(
    rows.map((r) => [
      r.name,
      { name: r.name, level: r.level, permissions: JSON.parse(r.permissions) as Permissions },
    ]),
  );
}
