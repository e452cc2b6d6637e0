// Admin screens benchmark: the requests the Users & Access screens make to open, over a directory
// of 10k groups six levels deep, 100k users and 100k memberships — each screen a bounded number of
// requests (no "load everything"), with the server time of each (app.inject: routing, auth,
// decisions, the index and the SQL, without the network).
//
//   npx tsx bench/admin-screens.ts [--db postgres://postgres@127.0.0.1:5432/test] [--runs 5]
//
// Screens: Groups (top level, then expand one path down to the sixth level, then a search that
// matches at every depth), Users (first page sorted by name; filtered to a top group and all its
// sub-groups with ?inGroup=, and by role and status), Roles ("users with this role" and "groups
// with this role" for a role held by 50 groups and 1,000 users directly). Each request runs --runs
// times; the median is reported. Writes bench/results/admin-screens-<sqlite|postgres>.json.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CompiledQuery, type Kysely } from 'kysely';
import { buildApp } from '../src/app.js';
import { CLI, type Actor } from '../src/access/index.js';
import { createServices } from '../src/services.js';
import type { Db } from '../src/db/connect.js';
import type { DialectName } from '../src/db/dialect.js';
import { newId, randomString } from '../src/lib/ids.js';
import { toTimestamp } from '../src/lib/time.js';
import { freshConfig } from './lib/fresh-database.js';
import { environment, table, writeResults } from './lib/report.js';

const LEVELS = [10, 90, 400, 1500, 3000, 5000]; // 10,000 groups, depth 6
const USERS = 100_000;
const ROLE_GROUPS = 50;
const ROLE_USERS = 1_000;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password-1', name: 'A' };

const CLI_ACTOR: Actor = { principal: CLI, ip: '', userAgent: 'bench' };

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

interface Seeded {
  levels: string[][];
  childOf: Map<string, string[]>;
  roleId: string;
}

async function seed(db: Db, dialect: DialectName): Promise<Seeded> {
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string', default: '' }, runs: { type: 'string', default: '5' } },
  });
  const runs = Number(values.runs);
  const fresh = freshConfig(values.db);
  try {
    const setup = await createServices(fresh.config);
    const dialect = setup.dialect.name;
    const began = performance.now();
    let seeded: Seeded;
    try {
      seeded = await seed(setup.db, dialect);
    } finally {
      await setup.close();
    }
    const seedSeconds = (performance.now() - began) / 1000;
    const services = await createServices(fresh.config);
    const app = buildApp(services);
    await app.ready();
    try {
      const indexStart = performance.now();
      await services.directory.snapshot();
      const indexMs = performance.now() - indexStart;
      await services.superusers.create(CLI_ACTOR, ADMIN.email, ADMIN.password);
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/collections/_superusers/auth-with-password',
        payload: { identity: ADMIN.email, password: ADMIN.password },
      });
      const token = signIn.json<{ token: string }>().token;
      const call = async (url: string) => {
        const times: number[] = [];
        let body: { totalItems?: number; items?: unknown[] } = {};
        for (let r = 0; r < runs; r++) {
          const t0 = performance.now();
          const res = await app.inject({ method: 'GET', url, headers: { authorization: token } });
          times.push(performance.now() - t0);
          if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
          body = res.json();
        }
        times.sort((a, b) => a - b);
        return {
          url,
          medianMs: Number(times[Math.floor(times.length / 2)]!.toFixed(2)),
          items: body.items?.length ?? 0,
          totalItems: body.totalItems ?? 0,
        };
      };
      // Groups: the top level, one path expanded to the sixth level, a search.
      const path = [seeded.levels[0]![0]!];
      while (path.length < LEVELS.length) path.push(seeded.childOf.get(path.at(-1)!)![0]!);
      const groupsScreen = [await call('/api/groups/tree?perPage=100')];
      for (const id of path.slice(0, -1))
        groupsScreen.push(await call(`/api/groups/tree?parent=${id}&perPage=100`));
      groupsScreen.push(await call('/api/groups/tree/search?q=g-6-49&perPage=50'));
      const usersScreen = [
        await call('/api/collections/users/records?perPage=50&sort=name'),
        await call(`/api/collections/users/records?perPage=50&sort=name&inGroup=${path[0]}`),

        await call(
          `/api/collections/users/records?perPage=50&sort=name&inGroup=${path[1]}&filter=${encodeURIComponent("role='user' && status='active'")}`,
        ),
      ];
      const rolesScreen = [
        await call(`/api/roles/${seeded.roleId}/holders?type=users&perPage=50`),
        await call(`/api/roles/${seeded.roleId}/holders?type=groups&perPage=50`),
      ];
      const screens = { groups: groupsScreen, users: usersScreen, roles: rolesScreen };
      console.log(
        `admin-screens bench (${dialect}): ${LEVELS.reduce((a, b) => a + b)} groups (depth ${LEVELS.length}), ${USERS} users, ${USERS} memberships; seeded in ${seedSeconds.toFixed(1)} s, index built in ${indexMs.toFixed(0)} ms; median of ${runs}`,
      );
      for (const [name, calls] of Object.entries(screens)) {
        console.log(
          `\n${name}: ${calls.length} requests, ${calls.reduce((a, c) => a + c.medianMs, 0).toFixed(1)} ms server time in all`,
        );
        console.log(
          table(
            ['request', 'ms', 'items', 'total'],
            calls.map((c) => [
              c.url.replace(/[a-z0-9]{15}/g, '<id>').slice(0, 110),
              c.medianMs.toFixed(2),
              String(c.items),
              String(c.totalItems),
            ]),
          ),
        );
      }
      const file = writeResults(`admin-screens-${dialect}`, {
        ...environment(),
        dataset: {
          groups: LEVELS.reduce((a, b) => a + b),
          depth: LEVELS.length,
          users: USERS,
          memberships: USERS,
          roleGroups: ROLE_GROUPS,
          roleUsers: ROLE_USERS,
        },
        runs,
        indexBuildMs: Math.round(indexMs),
        screens: Object.fromEntries(
          Object.entries(screens).map(([k, calls]) => [
            k,
            {
              requests: calls.length,
              totalMs: Number(calls.reduce((a, c) => a + c.medianMs, 0).toFixed(2)),
              calls: calls.map((c) => ({ ...c, url: c.url.replace(/[a-z0-9]{15}/g, '<id>') })),
            },
          ]),
        ),
      });
      console.log(`\nwrote ${file}`);
    } finally {
      await app.close();
      await services.close();
    }
  } finally {
    await fresh.dispose();
  }
}

await main();
