// A generated directory (roles, nested groups, users with their groups) written straight into a
// Gatehouse database in one transaction: what bench/access and bench/preview seed before measuring.
import type { GroupData, RoleData, UserData } from '../../src/access/index.js';
import type { Db } from '../../src/db/connect.js';
import type { NewUserRow, RecordRelationsTable } from '../../src/db/types.js';
import { randomString } from '../../src/lib/ids.js';
import { nowTimestamp } from '../../src/lib/time.js';

export interface GeneratedDirectory {
  roles: readonly RoleData[];
  groups: readonly GroupData[];
  users: readonly UserData[];
}

/** SQLite binds at most 32766 variables per statement; 500 rows stay far below with any table. */
const INSERT_CHUNK = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) out.push(rows.slice(i, i + INSERT_CHUNK));
  return out;
}

/** Writes the directory; users are `user<i>@bench.example.com`, without a password. */
export async function writeDirectory(db: Db, dir: GeneratedDirectory): Promise<void> {
  const now = nowTimestamp();
  const relations: RecordRelationsTable[] = [];
  for (const group of dir.groups)
    group.roleIds.forEach((targetId, pos) =>
      relations.push({
        collection: 'groups',
        field: 'roles',
        recordId: group.id,
        targetId,
        pos: pos + 1,
      }),
    );
  for (const user of dir.users)
    user.groupIds.forEach((targetId, pos) =>
      relations.push({
        collection: 'users',
        field: 'groups',
        recordId: user.id,
        targetId,
        pos: pos + 1,
      }),
    );
  const users: NewUserRow[] = dir.users.map((u, i) => ({
    id: u.id,
    email: `user${String(i)}@bench.example.com`,
    emailVisibility: 0,
    verified: 1,
    name: `Bench User ${String(i)}`,
    username: null,
    role: u.role,
    kind: 'user',
    status: u.status,
    passwordHash: null,
    tokenKey: randomString(50),
    created: now,
    updated: now,
  }));
  await db.transaction().execute(async (tx) => {
    for (const part of chunks(dir.roles))
      await tx
        .insertInto('roles')
        .values(
          part.map((r) => ({
            id: r.id,
            name: r.name,
            description: '',
            level: r.level,
            permissions: JSON.stringify(r.permissions),
            builtin: 0,
            created: now,
            updated: now,
          })),
        )
        .execute();
    for (const part of chunks(dir.groups))
      await tx
        .insertInto('groups')
        .values(
          part.map((g) => ({
            id: g.id,
            name: g.name,
            description: '',
            parent: g.parent ?? '',
            created: now,
            updated: now,
          })),
        )
        .execute();
    for (const part of chunks(relations))
      await tx.insertInto('record_relations').values(part).execute();
    for (const part of chunks(users)) await tx.insertInto('users').values(part).execute();
  });
}
