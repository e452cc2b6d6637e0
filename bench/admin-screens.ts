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
import { buildApp } from '../src/app.js';
import { CLI, type Actor } from '../src/access/index.js';
import { createServices } from '../src/services.js';
import {
  LEVELS,
  ROLE_GROUPS,
  ROLE_USERS,
  USERS,
  type Seeded,
  seed,
} from './lib/admin-directory.js';
import { freshConfig } from './lib/fresh-database.js';
import { environment, table, writeResults } from './lib/report.js';

const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password-1', name: 'A' };

const CLI_ACTOR: Actor = { principal: CLI, ip: '', userAgent: 'bench' };

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
