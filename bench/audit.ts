// Audit-log benchmark (issue 5): appends per second while the SHA-256 chain is maintained (in
// batches, one transaction each, and one entry per transaction for reference), the time to verify
// a chain of 1M entries, and the p50/p99 of a filtered query by actor over those 1M entries.
//
//   npx tsx bench/audit.ts [--entries 1000000] [--batch 1000] [--db postgres://…]
//
// SQLite in a temporary directory (removed afterwards), or with --db a fresh PostgreSQL schema
// (dropped afterwards). Entries are realistic record updates by 1,000 actors (accounts); a batch
// is one bulk change by one actor (many targets), single entries rotate through the actors. Writes
// bench/results/audit-<sqlite|postgres>.json. Exits non-zero when the chain does not verify or a
// query returns wrong entries; a missed target is reported, not fatal.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SYSTEM } from '../src/access/index.js';
import { type AuditEntry, appendAudit, recordEvent } from '../src/audit/audit.repo.js';
import { createServices } from '../src/services.js';
import { randomString, randomStrings } from '../src/lib/ids.js';
import { nowTimestamp } from '../src/lib/time.js';
import { freshConfig } from './lib/fresh-database.js';
import { environment, writeResults } from './lib/report.js';
import { ascending, percentile } from './lib/stats.js';

const TARGETS = { batchedAppendsPerSecond: 20_000, actorQueryP50Ms: 20 };
const ACTORS = 1000;
const FILL_BATCH = 1000;

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    db: { type: 'string', default: '' },
  },
  strict: true,
});
const TOTAL = Number(values.entries);
const BATCH = Number(values.batch);
if (!Number.isInteger(BATCH) || BATCH < 1 || BATCH > 10_000) throw new Error('--batch: 1 to 10000');
if (!Number.isInteger(TOTAL) || TOTAL < 250_000) throw new Error('--entries must be ≥ 250000');
if (values.db !== '' && !/^postgres(ql)?:\/\//.test(values.db)) {
  throw new Error('--db must be a postgres://… URL');
}

const actors = Array.from({ length: ACTORS }, (_, i) => ({
  id: randomString(15),
  email: `actor${String(i)}@example.com`,
}));

/** Entry `n`, by `actor` (a batch is one bulk change, so one actor; single entries rotate). */
function entryFor(n: number, actorIndex = n, targetId = randomString(15)): AuditEntry {
  const actor = actors[actorIndex % ACTORS] ?? { id: '', email: '' };
  return {
    actor: { type: 'user', ...actor },
    ip: `10.0.${String((n >> 8) & 255)}.${String(n & 255)}`,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
    action: 'record.update',
    target: { type: 'systems', id: targetId },
    result: 'success',
    changes: { name: [`system ${String(n)}`, `system ${String(n)} (renamed)`] },
  };
}

async function main() {
  const fresh = freshConfig(values.db);
  const services = await createServices(fresh.config);
  const dialect = services.dialect.name;
  let written = 0;
  const next = () => entryFor(written++);
  let batches = 0;
  /** One batch: `size` entries by one actor (the next one in turn), in one transaction. */
  const appendBatch = (size: number) => {
    const actor = batches++;
    const targets = randomStrings(size, 15);
    const entries = targets.map((target) => entryFor(written++, actor, target));
    return services.db.transaction().execute((tx) => appendAudit(tx, entries));
  };
  try {
    // The actors are accounts (an email filter is resolved to their ids, as in real use).
    const created = nowTimestamp();
    await services.db
      .insertInto('users')
      .values(
        actors.map((a, i) => ({
          id: a.id,
          email: a.email,
          emailVisibility: 0,
          verified: 1,
          name: `Actor ${String(i)}`,
          username: null,
          role: 'user',
          status: 'active',
          kind: 'user',
          passwordHash: 'unusable',
          tokenKey: randomString(50),
          created,
          updated: created,
        })),
      )
      .execute();
    // 1. One entry per transaction (the cost a single change pays).
    const singles = 5000;
    let t0 = performance.now();
    for (let i = 0; i < singles; i++) await recordEvent(services.db, next());
    const singlePerSecond = singles / ((performance.now() - t0) / 1000);

    // 2. Batches per transaction (bulk changes, imports): 100 entries, then BATCH (the target's).
    const batchedRate = async (size: number, count: number) => {
      const start = performance.now();
      for (let i = 0; i < count; i += size) await appendBatch(size);
      return count / ((performance.now() - start) / 1000);
    };
    const per100 = await batchedRate(100, 100_000);
    const batchedPerSecond = await batchedRate(BATCH, 200_000);
    console.log(
      `${dialect}: appends/s one per transaction ${singlePerSecond.toFixed(0)}, ` +
        `in batches of 100 ${per100.toFixed(0)}, of ${String(BATCH)} ` +
        `${batchedPerSecond.toFixed(0)} (target ≥ ${String(TARGETS.batchedAppendsPerSecond)})`,
    );

    // 3. Fill up to TOTAL, then verify the whole chain.
    t0 = performance.now();
    while (written < TOTAL) {
      await appendBatch(Math.min(FILL_BATCH, TOTAL - written));
    }
    const fillSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const report = await services.audit.verify(SYSTEM);
    const verifySeconds = (performance.now() - t0) / 1000;
    if (!report.ok || report.checked !== written) {
      throw new Error(`verify: ${JSON.stringify(report)} (expected ${String(written)} entries)`);
    }
    console.log(
      `${dialect}: verified ${String(report.checked)} entries in ${verifySeconds.toFixed(2)} s ` +
        `(${(report.checked / verifySeconds).toFixed(0)}/s)`,
    );

    // 4. Filtered query by actor over the full log: the newest page of 50, as GET /api/audit runs it.
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const actor = actors[(i * 7919) % ACTORS] ?? { id: '', email: '' };
      const q0 = performance.now();
      const page = await services.audit.list(SYSTEM, {
        actor: i % 2 ? actor.id : actor.email,
        limit: 50,
      });
      times.push(performance.now() - q0);
      if (
        page.items.length !== 50 ||
        page.items.some((item) => item.actor.id !== actor.id) ||
        page.nextCursor === null
      ) {
        throw new Error(`actor query for ${actor.email} returned wrong entries`);
      }
    }
    const sorted = ascending(times);
    const p50 = percentile(sorted, 0.5);
    const p99 = percentile(sorted, 0.99);
    console.log(
      `${dialect}: query by actor over ${String(TOTAL)} entries: p50 ${p50.toFixed(2)} ms, ` +
        `p99 ${p99.toFixed(2)} ms (target p50 < ${String(TARGETS.actorQueryP50Ms)} ms)`,
    );

    const env = environment();
    const results = {
      measuredAt: env.date,
      ...env,
      dialect,
      entries: TOTAL,
      appendsPerSecond: {
        onePerTransaction: Math.round(singlePerSecond),
        batchesOf100: Math.round(per100),
        batched: Math.round(batchedPerSecond),
        batchSize: BATCH,
        target: TARGETS.batchedAppendsPerSecond,
        met: batchedPerSecond >= TARGETS.batchedAppendsPerSecond,
      },
      fillSeconds: Number(fillSeconds.toFixed(1)),
      verify: {
        seconds: Number(verifySeconds.toFixed(2)),
        entriesPerSecond: Math.round(report.checked / verifySeconds),
      },
      actorQueryMs: {
        p50: Number(p50.toFixed(3)),
        p99: Number(p99.toFixed(3)),
        target: TARGETS.actorQueryP50Ms,
        met: p50 < TARGETS.actorQueryP50Ms,
      },
    };
    const file = writeResults(`audit-${dialect}`, results);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await services.close();
    await fresh.dispose();
  }
}

await main();
