// What-if preview benchmark (issue 16, "Speed"): a role held by 10k users through a tree of groups
// (plus 10k users who do not hold it), a change of that role's grants previewed through the
// service (POST /api/access/preview's handler: decisions, the directory guard on the overlay, the
// diff, the names of the sampled users), timed against a plain effective() sweep over the same
// 10k users in the same run — cold (a new index, every user resolved) and warm (cached).
//
//   npx tsx bench/preview.ts [--pg postgres://…] [--rounds 30]
//
// The database is fresh (SQLite in a temporary directory, or a new PostgreSQL schema), removed
// afterwards. Results go to bench/results/preview.json. Exits non-zero when the preview's answer
// is wrong (every holder gains the new grant), not when a figure misses its target.
import { parseArgs } from 'node:util';
import {
  AccessIndex,
  checkDirectoryChange,
  diffAccess,
  type GroupData,
  overlayOf,
  type RoleData,
  SYSTEM,
  type UserData,
} from '../src/access/index.js';
import { newId } from '../src/lib/ids.js';
import { createServices } from '../src/services.js';
import { loadGroups, loadRoles, loadUsers } from '../src/directory/directory.repo.js';
import { writeDirectory } from './lib/directory-rows.js';
import { freshConfig } from './lib/fresh-database.js';
import { cell, environment, table, writeResults } from './lib/report.js';
import { median, percentile, ascending } from './lib/stats.js';

const TARGET_MS = 200;
const HOLDERS = 10_000;
const OTHERS = 10_000;
/** Groups under the role's root group, nested up to 6 levels. */
const GROUPS = 500;
const MAX_DEPTH = 6;

const { values: args } = parseArgs({
  options: { pg: { type: 'string', default: '' }, rounds: { type: 'string', default: '30' } },
});
const ROUNDS = Number(args.rounds);

interface Seeded {
  roleId: string;
  roles: RoleData[];
  groups: GroupData[];
  users: UserData[];
  holders: string[];
}

function directory(): Seeded {
  const role: RoleData = {
    id: newId(),
    name: 'Bench Consultant',
    level: 4,
    permissions: {
      projects: { actions: ['view', 'edit'], scope: 'shared' },
      reports: { actions: ['view'], scope: 'shared' },
    },
  };
  const other: RoleData = {
    id: newId(),
    name: 'Bench Other',
    level: 5,
    permissions: { findings: { actions: ['view'], scope: 'shared' } },
  };
  const groups: GroupData[] = [];
  const depth = new Map<string, number>();
  const root: GroupData = { id: newId(), name: 'Holders', parent: null, roleIds: [role.id] };
  groups.push(root);
  depth.set(root.id, 1);
  for (let i = 0; i < GROUPS; i++) {
    const candidates = groups.filter((g) => (depth.get(g.id) ?? 1) < MAX_DEPTH);
    const parent = candidates[(i * 7919) % candidates.length] ?? root;
    const group: GroupData = {
      id: newId(),
      name: `Team ${String(i)}`,
      parent: parent.id,
      roleIds: i % 10 === 0 ? [other.id] : [],
    };
    groups.push(group);
    depth.set(group.id, (depth.get(parent.id) ?? 1) + 1);
  }
  const elsewhere: GroupData = {
    id: newId(),
    name: 'Elsewhere',
    parent: null,
    roleIds: [other.id],
  };
  groups.push(elsewhere);
  const users: UserData[] = [];
  const holders: string[] = [];
  for (let i = 0; i < HOLDERS; i++) {
    const group = groups[1 + (i % GROUPS)] ?? root;
    const id = newId();
    holders.push(id);
    users.push({
      id,
      role: 'readonly',
      status: 'active',
      groupIds: [group.id],
    });
  }
  for (let i = 0; i < OTHERS; i++)
    users.push({ id: newId(), role: 'user', status: 'active', groupIds: [elsewhere.id] });
  return { roleId: role.id, roles: [role, other], groups, users, holders };
}

const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

function stats(values: number[]) {
  const sorted = ascending(values);
  return { median: median(values), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? 0 };
}

async function main(): Promise<void> {
  const seeded = directory();
  const { config, dispose } = freshConfig(args.pg);
  let failed = false;
  try {
    const first = await createServices(config);
    try {
      await writeDirectory(first.db, seeded);
    } finally {
      await first.close();
    }
    const services = await createServices(config);
    try {
      const actor = { principal: SYSTEM, ip: '', userAgent: 'preview-bench' };
      const change = {
        type: 'role' as const,
        id: seeded.roleId,
        permissions: {
          projects: { actions: ['view', 'edit', 'delete'], scope: 'shared' as const },
          reports: { actions: ['view'], scope: 'shared' as const },
        },
      };
      // The directory as the server holds it, read once: the sweeps' fresh indexes copy it.
      const data = {
        roles: await loadRoles(services.db),
        groups: await loadGroups(services.db),
        users: await loadUsers(services.db),
      };
      const coldSweep: number[] = [];
      const warmSweep: number[] = [];
      const coldKernel: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const index = AccessIndex.build(data);
        let t = process.hrtime.bigint();
        for (const id of seeded.holders) index.effective(id);
        coldSweep.push(since(t));
        t = process.hrtime.bigint();
        for (const id of seeded.holders) index.effective(id);
        warmSweep.push(since(t));
        // The kernel's part of a preview on an index where no holder is resolved yet (as right
        // after a change to the role was saved): the overlay, the guard, the diff.
        const fresh = AccessIndex.build(data);
        t = process.hrtime.bigint();
        const overlay = overlayOf(fresh, change);
        if (!overlay || !checkDirectoryChange(SYSTEM, fresh, overlay).ok) failed = true;
        else diffAccess(fresh, overlay);
        coldKernel.push(since(t));
      }
      // The first preview on a just-built index resolves every holder; later ones find them cached.
      let t = process.hrtime.bigint();
      const firstAnswer = await services.accessQuery.preview(actor, { change });
      const coldPreview = since(t);
      const previews: number[] = [];
      let answer = firstAnswer;
      for (let i = 0; i < ROUNDS; i++) {
        t = process.hrtime.bigint();
        answer = await services.accessQuery.preview(actor, { change });
        previews.push(since(t));
      }
      const gain = answer.grants.find((g) => g.permission === 'projects.delete');
      if (answer.affected !== HOLDERS || gain?.count !== HOLDERS || answer.grants.length !== 1) {
        failed = true;
        console.error('wrong preview:', JSON.stringify(answer.summary), answer.affected);
      }
      const preview = stats(previews);
      const cold = stats(coldSweep);
      const kernel = stats(coldKernel);
      const warm = stats(warmSweep);
      const results = {
        environment: environment(),
        database: args.pg ? 'postgres' : 'sqlite',
        directory: {
          holders: HOLDERS,
          others: OTHERS,
          groups: seeded.groups.length,
          maxDepth: MAX_DEPTH,
        },
        rounds: ROUNDS,
        targetMs: TARGET_MS,
        previewMs: { ...preview, first: coldPreview },
        previewKernelColdIndexMs: kernel,
        ratioKernelColdToColdSweep: kernel.median / cold.median,
        sweepColdMs: cold,
        sweepWarmMs: warm,
        ratioToColdSweep: preview.median / cold.median,
        ratioToWarmSweep: preview.median / warm.median,
        summary: answer.summary,
        meetsTarget: preview.p95 < TARGET_MS && kernel.p95 < TARGET_MS,
      };
      console.log(
        table(
          ['figure', 'median ms', 'p95 ms', 'max ms'],
          [
            [
              'preview (service, warm index)',
              cell(preview.median, 2),
              cell(preview.p95, 2),
              cell(preview.max, 2),
            ],
            ['preview (first call, cold index and JIT)', cell(coldPreview, 2), '', ''],
            [
              'preview kernel, cold index',
              cell(kernel.median, 2),
              cell(kernel.p95, 2),
              cell(kernel.max, 2),
            ],
            [
              'effective() sweep, 10k, cold',
              cell(cold.median, 2),
              cell(cold.p95, 2),
              cell(cold.max, 2),
            ],
            [
              'effective() sweep, 10k, cached',
              cell(warm.median, 2),
              cell(warm.p95, 2),
              cell(warm.max, 2),
            ],
          ],
        ),
      );
      console.log(
        `preview / cold sweep = ${results.ratioToColdSweep.toFixed(2)}; cold-index kernel / cold sweep = ${results.ratioKernelColdToColdSweep.toFixed(2)}; preview / cached sweep = ${results.ratioToWarmSweep.toFixed(2)}; target < ${String(TARGET_MS)} ms: ${results.meetsTarget ? 'met' : 'MISSED'}`,
      );
      console.log(answer.summary.join('; '));
      console.log(`results: ${writeResults(`preview-${results.database}`, results)}`);
    } finally {
      await services.close();
    }
  } finally {
    await dispose();
  }
  if (failed) process.exitCode = 1;
}

await main();
