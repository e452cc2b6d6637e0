// The directory the admin-screens benches open: 10k groups six levels deep, 100k users each in
// one group, a role held by 50 groups and 1,000 users directly (bench/admin-screens*.ts).
import { CompiledQuery, type Kysely } from 'kysely';
import type { Db } from '../../src/db/connect.js';
import type { DialectName } from '../../src/db/dialect.js';
import { newId, randomString } from '../../src/lib/ids.js';
import { toTimestamp } from '../../src/lib/time.js';

export const LEVELS = [10, 90, 400, 1500, 3000, 5000]; // 10,000 groups, depth 6
export const USERS = 100_000;
export const ROLE_GROUPS = 50;
export const ROLE_USERS = 1_000;

type DynamicDb = Kysely<Record<string, Record<string, unknown>>>;

async function insertChunked(db: Db, dialect: DialectName, name: string, rows: object[]) {
  const chunk = dialect === 'sqlite' ? 500 : 2000;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += chunk)
      await (tx as unknown as DynamicDb)
        .insertInto(name)
        .values(rows.slice(i, i + chunk))
        .execute();
  });
}

export interface Seeded {
  levels: string[][];
  childOf: Map<string, string[]>;
  roleId: string;
}

export async function seed(db: Db, dialect: DialectName): Promise<Seeded> {
  const now = toTimestamp(new Date());
  const levels: string[][] = [];
  const childOf = new Map<string, string[]>();
  const groups: object[] = [];
  LEVELS.forEach((count, depth) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = newId();
      const parent = depth === 0 ? '' : levels[depth - 1]![i % levels[depth - 1]!.length]!;
      ids.push(id);
      if (parent) childOf.set(parent, [...(childOf.get(parent) ?? []), id]);
      groups.push({
        id,
        name: `g-${depth + 1}-${i}`,
        description: '',
        parent,
        created: now,
        updated: now,
      });
    }
    levels.push(ids);
  });
  const roleId = newId();
  await insertChunked(db, dialect, 'roles', [
    {
      id: roleId,
      name: 'Bench Lead',
      description: '',
      level: 3,
      permissions: JSON.stringify({ projects: { actions: ['view'], scope: 'shared' } }),
      builtin: 0,
      created: now,
      updated: now,
    },
  ]);
  const all = levels.flat();
  const users: object[] = [];
  const relations: object[] = [];
  for (let i = 0; i < USERS; i++) {
    const id = newId();
    users.push({
      id,
      email: `u${i}@bench.example.com`,
      emailVisibility: 0,
      verified: 1,
      name: `User ${String(i).padStart(6, '0')}`,
      username: null,
      role: i < ROLE_USERS ? 'Bench Lead' : 'user',
      status: i % 7 === 0 ? 'disabled' : 'active',
      kind: 'user',
      passwordHash: '!bench-no-password',
      tokenKey: randomString(50),
      created: now,
      updated: now,
    });
    relations.push({
      collection: 'users',
      field: 'groups',
      recordId: id,
      targetId: all[(i * 7919) % all.length],
      pos: 1,
    });
  }
  for (let i = 0; i < ROLE_GROUPS; i++)
    relations.push({
      collection: 'groups',
      field: 'roles',
      recordId: levels[2]![i]!,
      targetId: roleId,
      pos: 1,
    });
  await insertChunked(db, dialect, 'groups', groups);
  await insertChunked(db, dialect, 'users', users);
  await insertChunked(db, dialect, 'record_relations', relations);
  if (dialect === 'postgres')
    await db.executeQuery(CompiledQuery.raw('ANALYZE users, groups, record_relations'));
  return { levels, childOf, roleId };
}
