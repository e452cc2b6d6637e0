// Property test of the filter compiler (issue 13): random well-formed filters over every field type
// of systems and alerts — literals, null, macros, @request.*, @collection.*, modifiers, JSON paths,
// relations and back-relations, all 16 operators, && || and parentheses — compiled and run on SQLite
// and PostgreSQL over the same rows, and checked against an independent in-memory evaluator of
// PocketBase's semantics (filter-oracle.ts). Seeded: FILTER_SEED=<n> reproduces a run,
// FILTER_CASES=<n> changes its size. A failure prints the seed and the filter.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { getCollection } from '../src/catalogue/collections.js';
import { compileFilter } from '../src/records/filter/compile.js';
import { parseFilter } from '../src/records/filter/parse.js';
import type { FilterContext } from '../src/records/filter/resolve.js';
import { orderBy } from '../src/records/records.query.js';
import { ROOT, listRows } from '../src/records/records.repo.js';
import { Aliases, col } from '../src/records/sql.js';
import { nowTimestamp } from '../src/lib/time.js';
import {
  Oracle,
  generate,
  generateSort,
  render,
  rng,
  seedData,
  sortRows,
} from './filter-oracle.js';
import {
  ADMIN,
  DIALECTS,
  PG_URL,
  type TestApp,
  createTestApp,
  setupAdmin,
  signIn,
} from './harness.js';

const SEED = Number(process.env.FILTER_SEED ?? 20250613);
const CASES = Number(process.env.FILTER_CASES ?? 2500);
const SORTS = Math.ceil(CASES / 8);
const HTTP_CASES = Math.ceil(CASES / 10);

const data = seedData();
const now = new Date();
const context = {
  now: nowTimestamp(),
  year: now.getUTCFullYear(),
  todayStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
    .toISOString()
    .replace('T', ' '),
  query: { q: 'Alpha' },
  headers: { x_h: '5' },
};
const oracle = new Oracle(data, context);

async function seed(db: Db): Promise<void> {
  const dyn = db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
  for (const table of ['users', 'groups', 'systems', 'alerts'] as const) {
    await dyn.insertInto(table).values(data[table]).execute();
  }
  await dyn
    .insertInto('record_relations')
    .values(
      data.links.map(([collection, field, recordId, targetId, pos]) => ({
        collection,
        field,
        recordId,
        targetId,
        pos,
      })),
    )
    .execute();
}

const apps = new Map<string, TestApp>();
const tokens = new Map<string, string>();

/** The ids a filter selects on one database (as a superuser: every row is in scope). */
async function select(
  dialect: 'sqlite' | 'postgres',
  collection: 'systems' | 'alerts',
  filter: string,
) {
  const app = apps.get(dialect);
  if (!app) throw new Error(`no ${dialect} app`);
  const ast = parseFilter(filter);
  if (!ast) return [];
  const ctx: FilterContext = {
    dialect: app.services.dialect,
    aliases: new Aliases(),
    viewRule: () => ({ kind: 'all' }),
    auth: { collection: '_superusers', id: 'su0000000000001', email: 'root@example.com' },
    request: { method: 'GET', context: 'default', headers: context.headers, query: context.query },
    allowHidden: true,
  };
  const where = compileFilter(ast, getCollection(collection), ROOT, ctx);
  const rows = await listRows(app.services.db, getCollection(collection), {
    where,
    orderBy: [sql`${col(ROOT, 'id')} ASC`],
    limit: 1000,
    offset: 0,
  });
  return rows.map((r) => r.id);
}

describe('filter property test: SQLite, PostgreSQL and the PocketBase model agree', () => {
  beforeAll(async () => {
    for (const dialect of DIALECTS) {
      const app = await createTestApp(dialect);
      await setupAdmin(app);
      tokens.set(dialect, (await signIn(app, '_superusers', ADMIN.email, ADMIN.password)).token);
      await seed(app.services.db);
      apps.set(dialect, app);
    }
  });
  afterAll(async () => {
    for (const app of apps.values()) await app.close();
  });

  it(`${CASES} random filters (seed ${SEED}${PG_URL ? '' : ', SQLite only'})`, async () => {
    const random = rng(SEED);
    const failures: string[] = [];
    for (let i = 0; i < CASES && failures.length < 10; i++) {
      const collection = random() < 0.7 ? 'systems' : 'alerts';
      const tree = generate(random, collection);
      const filter = render(tree);
      const expected = data[collection]
        .filter((row) => oracle.matches(collection, row, tree))
        .map((r) => String(r.id));
      for (const dialect of DIALECTS) {
        let got: string[];
        try {
          got = await select(dialect, collection, filter);
        } catch (error) {
          failures.push(`#${i} ${dialect} ${collection}: ${filter}\n  error: ${String(error)}`);
          continue;
        }
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          failures.push(
            `#${i} ${dialect} ${collection}: ${filter}\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(got)}`,
          );
        }
      }
    }
    expect(failures, `seed ${SEED}:\n${failures.join('\n')}`).toEqual([]);
  });

  it(`${SORTS} random sorts order alike (seed ${SEED})`, async () => {
    const random = rng(SEED + 1);
    const failures: string[] = [];
    for (let i = 0; i < SORTS && failures.length < 10; i++) {
      const collection = random() < 0.7 ? 'systems' : 'alerts';
      const terms = generateSort(random, collection);
      const expected = sortRows(oracle, collection, data[collection], terms);
      for (const dialect of DIALECTS) {
        const app = apps.get(dialect);
        if (!app) continue;
        const rows = await listRows(app.services.db, getCollection(collection), {
          where: sql`1=1`,
          orderBy: orderBy(getCollection(collection), terms.join(','), {
            dialect: app.services.dialect,
            aliases: new Aliases(),
            viewRule: () => ({ kind: 'all' }),
            auth: null,
            allowHidden: true,
          }),
          limit: 1000,
          offset: 0,
        });
        const got = rows.map((r) => r.id);
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          failures.push(
            `#${i} ${dialect} ${collection}: sort=${terms.join(',')}\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(got)}`,
          );
        }
      }
    }
    expect(failures, `seed ${SEED}:\n${failures.join('\n')}`).toEqual([]);
  });

  it('answers 200 through the HTTP API for generated filters (never a 5xx)', async () => {
    const random = rng(SEED + 2);
    for (const dialect of DIALECTS) {
      const app = apps.get(dialect);
      if (!app) continue;
      const token = tokens.get(dialect);
      for (let i = 0; i < HTTP_CASES; i++) {
        const collection = random() < 0.7 ? 'systems' : 'alerts';
        const filter = render(generate(random, collection));
        const sort = generateSort(random, collection).join(',');
        const res = await app.request({
          method: 'GET',
          url: `/api/collections/${collection}/records?filter=${encodeURIComponent(filter)}&sort=${encodeURIComponent(sort)}&perPage=5&q=Alpha`,
          token,
        });
        expect(res.statusCode, `${dialect} ${filter} sort=${sort}: ${res.body}`).toBe(200);
      }
    }
  });
});
