// What parsing records through their zod schema (src/records/record-schemas.ts) costs: a
// 500-record list of systems, read by RecordsService.list as a superuser and turned into JSON
// ("as served": what the route does besides HTTP; each record is parsed once where it is built),
// next to the same with the page parsed once more (one parse more) and the parse alone, measured
// in interleaved rounds (lib/measure.ts) on a fresh database, with the spread of "as served"
// between rounds (the noise the difference is read against).
//
//   npx tsx bench/record-schema.ts [--db postgres://…] [--seconds 6]
//
// The decision it informs (docs/decisions/0014): records are parsed where they are built because
// the parse costs less than that noise.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SYSTEM } from '../src/access/index.js';
import { createServices } from '../src/services.js';
import { recordSchemaOf } from '../src/records/record-schemas.js';
import { listQuerySchema, parseViewQuery } from '../src/records/records.query.js';
import { freshConfig } from './lib/fresh-database.js';
import { type Sample, interleave, joinSamples, loops } from './lib/measure.js';
import { percent } from './lib/report.js';
import { ascending, percentile } from './lib/stats.js';

const RECORDS = 500;

const { values } = parseArgs({
  options: { db: { type: 'string', default: '' }, seconds: { type: 'string', default: '6' } },
});
const seconds = Number(values.seconds);

const { config, dispose } = freshConfig(values.db);
const services = await createServices(config);
try {
  const actor = { principal: SYSTEM, ip: '127.0.0.1', userAgent: 'bench' };
  const superuser = { type: 'superuser', id: 'bench', email: 'b@example.com', sessionId: 's' };
  const view = parseViewQuery({});
  const group = await services.records.create(actor, 'groups', { name: 'Bench' }, view);
  for (let i = 0; i < RECORDS; i++) {
    await services.records.create(
      actor,
      'systems',
      {
        name: `web-${String(i)}`,
        host: `10.0.${String(i >> 8)}.${String(i & 255)}`,
        port: 22,
        status: 'up',
        info: { os: 'linux', tags: ['a', 'b'] },
        groups: [group.id],
      },
      view,
    );
  }
  const query = listQuerySchema.parse({ perPage: String(RECORDS) });
  const page = z.object({
    page: z.number(),
    perPage: z.number(),
    totalItems: z.number(),
    totalPages: z.number(),
    items: z.array(recordSchemaOf('systems')),
  });
  const list = () => services.records.list(superuser as never, 'systems', query);
  const served = async () => {
    JSON.stringify(await list());
  };
  const parsed = async () => {
    JSON.stringify(page.parse(await list()));
  };
  const first = await list();
  if (first.items.length !== RECORDS) throw new Error(`expected ${String(RECORDS)} records`);
  /** The parse alone, of a page just read (not one parsed again and again): its time only. */
  const parseTimes: number[] = [];
  const parseOnly = async () => {
    const fresh = await list();
    const began = performance.now();
    page.parse(fresh);
    parseTimes.push(performance.now() - began);
  };
  const figures = [
    { name: 'as served', round: (s: number) => loops(1, s, served) },
    { name: 'one parse more', round: (s: number) => loops(1, s, parsed) },
    { name: 'zod parse alone', round: (s: number) => loops(1, s, parseOnly) },
  ];
  const samples = await interleave(figures, { seconds, rounds: 6, warmup: 1 });
  const medians = samples.map((rounds: Sample[]) =>
    percentile(ascending(joinSamples(rounds).latencies), 0.5),
  );
  medians[2] = percentile(ascending(parseTimes), 0.5);
  for (const [k, figure] of figures.entries()) {
    console.log(`${figure.name.padEnd(16)} p50 ${(medians[k] ?? 0).toFixed(3)} ms`);
  }
  const [asServed = 0, withParse = 0, parseAlone = 0] = medians;
  console.log(
    `one parse more: ${percent(withParse / asServed - 1)}; the parse alone is ${percent(parseAlone / asServed)} of a ${String(RECORDS)}-record list as served`,
  );
  // Round to round spread of "as served": the noise the difference is read against.
  const perRound = (samples[0] ?? []).map((r) => percentile(ascending(r.latencies), 0.5));
  const sorted = ascending(perRound);
  console.log(
    `noise (as served, p50 per round): ${(sorted[0] ?? 0).toFixed(3)}–${(sorted.at(-1) ?? 0).toFixed(3)} ms`,
  );
} finally {
  await services.close();
  await dispose();
}
