// Login benchmark: raw argon2id verifications per second next to HTTP sign-ins per second through a
// real Gatehouse server, in one run, at the same concurrency.
//
//   npx tsx bench/login.ts [--seconds 20] [--rounds 20] [--warmup 4] [--concurrency 4]
//                          [--db postgres://…] [--profile-dir DIR]
//
// Every figure is measured in `rounds` windows of seconds/rounds, interleaved (raw, Gatehouse, bare,
// [PostgreSQL], the order rotated each round), and added up: on a shared VM the speed of argon2id
// (memory-bound) swings by ±15 % from one second to the next, and figures measured back to back
// read those swings as differences between them (10 s each: ratios from 73 % to 93 % on one
// machine within minutes). With 20 rounds of 1 s, repeated runs agree within about ±3 %. The
// spread of the rounds' own ratios is printed: it is how much the machine drifted.
//
// All figures run in this process, so they share one libuv threadpool, where argon2id runs: as
// many threads as CPUs unless UV_THREADPOOL_SIZE says otherwise (printed and recorded). The raw
// figure keeps `concurrency` verifications queued on it, the server at most as many. The HTTP
// clients run in a separate process per server (lib/http-load.ts: a minimal raw-socket HTTP/1.1 client
// over keep-alive connections, every answer checked), as real clients would, so that they never
// take the server's event loop; their CPU is reported and counted in the CPU-bound ratio, since
// they share the machine. With --profile-dir a CPU profile of the server over each HTTP figure's
// first round is written.
//
// A "bare" figure serves the same sign-in scenario from a plain Fastify route that only verifies
// the password (no database, session or audit): the ceiling of any HTTP sign-in on this machine.
// The HTTP figure is for SQLite; with --db it is also measured on PostgreSQL (in a fresh schema,
// dropped afterwards) and reported as an extra line. Results go to bench/results/login.json.
// Exits non-zero on errors only, not when the ratio misses the target.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verify } from '@node-rs/argon2';
import { OWASP_PARAMS, PasswordHasher } from '../src/accounts/passwords.js';
import Fastify from 'fastify';
import { startServer } from '../src/server.js';
import type { Db } from '../src/db/connect.js';
import { sql } from 'kysely';
import { startProfile } from './lib/cpu-profile.js';
import { freshConfig } from './lib/fresh-database.js';
import { type Scenario, startLoadClient } from './lib/http-load.js';
import {
  type WindowFigures,
  cpuSeconds,
  delta,
  joinWindows,
  processCpuSeconds,
  startWindow,
  sumOrNull,
} from './lib/machine.js';
import { type Figure as MeasuredFigure, interleave, joinSamples, loops } from './lib/measure.js';
import { cell, environment, percent, table, writeResults } from './lib/report.js';
import { ascending, cpuMsPerOp, median, percentile, round, roundOrNull } from './lib/stats.js';

/** HTTP sign-ins per second should be at least this share of raw argon2id verifications. */
const TARGET = 0.85;
const USER = { email: 'bench@example.com', password: 'bench-correct-horse-battery-staple' };

interface Options {
  seconds: number;
  warmup: number;
  concurrency: number;
  /** Each figure's seconds are measured in this many interleaved rounds. */
  rounds: number;
  db: string;
  /** Where to write CPU profiles of the server during each HTTP figure ('' for none). */
  profileDir: string;
}

interface Measurement {
  /** Completed operations per second of wall time. */
  perSecond: number;
  count: number;
  seconds: number;
  /** Latency of one operation, in milliseconds. */
  p50Ms: number;
  p95Ms: number;
  /** CPU time of this process (every thread: server or raw verifications) per second of wall time. */
  cpuCores: number;
  /** CPU time of this process per operation, in milliseconds. */
  cpuMsPerOp: number;
  /** Share of the time the main thread's event loop was busy. */
  eventLoopUtilization: number;
  /** CPU time of the main thread (event loop: server, SQLite) per operation (Linux). */
  mainThreadCpuMs: number | null;
  /** CPU time of the HTTP load client (a separate process) per operation; null for raw. */
  clientCpuMsPerOp: number | null;
  /** CPU time of the server's PostgreSQL backends per operation (Linux, local database); else null. */
  databaseCpuMsPerOp: number | null;
  /** CPU used by other processes on the machine meanwhile, in cores (Linux); noise when high. */
  otherLoadCores: number | null;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '4' },
      concurrency: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '20' },
      db: { type: 'string', default: '' },
      'profile-dir': { type: 'string', default: '' },
    },
    strict: true,
  });
  const positive = (name: string, text: string, integer = false): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}`);
    }
    return value;
  };
  if (values.db !== '' && !/^postgres(ql)?:\/\//.test(values.db)) {
    throw new Error('--db must be a postgres://… URL (SQLite is always measured)');
  }
  return {
    seconds: positive('seconds', values.seconds),
    warmup: Number(values.warmup) === 0 ? 0 : positive('warmup', values.warmup),
    concurrency: positive('concurrency', values.concurrency, true),
    rounds: positive('rounds', values.rounds, true),
    db: values.db,
    profileDir: values['profile-dir'],
  };
}

/** One measured window of one figure. */
interface Sample {
  /** Latencies in milliseconds (unsorted). */
  latencies: number[];
  seconds: number;
  window: WindowFigures;
  /** CPU seconds of the HTTP load client over the window; null for raw. */
  clientCpuSeconds: number | null;
  /** CPU seconds of the server's PostgreSQL backends over the window; null when not measured. */
  databaseCpuSeconds: number | null;
}

function measurementOf(sample: Sample): Measurement {
  const { seconds: elapsed, window } = sample;
  const count = sample.latencies.length;
  const sorted = ascending(sample.latencies);
  const cpuCores = cpuSeconds(window.cpu) / elapsed;
  const clientCores = sample.clientCpuSeconds === null ? null : sample.clientCpuSeconds / elapsed;
  const perOp = (cores: number) => cpuMsPerOp(cores, elapsed, count);
  return {
    perSecond: count / elapsed,
    count,
    seconds: elapsed,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    cpuCores,
    cpuMsPerOp: perOp(cpuCores),
    eventLoopUtilization: window.elu.utilization,
    mainThreadCpuMs: window.main === null ? null : (window.main * 1000) / Math.max(1, count),
    clientCpuMsPerOp: clientCores === null ? null : perOp(clientCores),
    databaseCpuMsPerOp:
      sample.databaseCpuSeconds === null ? null : perOp(sample.databaseCpuSeconds / elapsed),
    otherLoadCores:
      window.machine === null
        ? null
        : Math.max(0, window.machine / elapsed - cpuCores - (clientCores ?? 0)),
  };
}

/** The rounds of one figure as one window: counts, times and CPU added up. */
function combine(samples: readonly Sample[]): Sample {
  return {
    ...joinSamples(samples),
    window: joinWindows(samples.map((s) => s.window)),
    clientCpuSeconds: sumOrNull(samples.map((s) => s.clientCpuSeconds)),
    databaseCpuSeconds: sumOrNull(samples.map((s) => s.databaseCpuSeconds)),
  };
}

/**
 * A figure measured in rounds (see lib/measure.ts); `profileName` names the server's CPU profile
 * of the round ('' for none); `close` frees its server.
 */
interface Figure {
  name: string;
  round: (seconds: number, profileName: string) => Promise<Sample>;
  close: () => Promise<void>;
}

/** `operation` from `concurrency` loops in this process for `seconds` (lib/measure.ts). */
async function measure(
  concurrency: number,
  seconds: number,
  operation: () => Promise<void>,
): Promise<Sample> {
  const window = startWindow();
  const sample = await loops(concurrency, seconds, operation);
  return { ...sample, window: window(), clientCpuSeconds: null, databaseCpuSeconds: null };
}

async function rawFigure(options: Options): Promise<Figure> {
  const stored = await new PasswordHasher(OWASP_PARAMS).hash(USER.password);
  const operation = async () => {
    if (!(await verify(stored, USER.password))) throw new Error('argon2id verify returned false');
  };
  return {
    name: 'raw',
    round: (seconds) => measure(options.concurrency, seconds, operation),
    close: async () => {},
  };
}

/** Warm-up of each HTTP window: the load client's connections and JIT are warm after the first. */
const ROUND_WARMUP_SECONDS = 0.25;

/**
 * Sign-ins from `options.concurrency` clients in a separate process (see lib/http-load.ts), as real
 * clients would: this process's CPU, threads and event loop are the server's alone.
 */
function signInFigure(
  name: string,
  url: string,
  signInPath: string,
  options: Options,
  stop: () => Promise<void>,
  /** The server's PostgreSQL backends, named afresh each round (the pool closes idle ones). */
  backends: () => Promise<number[] | null> = () => Promise.resolve(null),
): Figure {
  const scenario: Scenario = {
    kind: 'sign-in',
    path: signInPath,
    identity: USER.email,
    password: USER.password,
  };
  const client = startLoadClient(url, scenario, options.concurrency);
  return {
    name,
    round: async (seconds, profileName) => {
      const pids = await backends();
      const result = await client.run({ warmupSeconds: ROUND_WARMUP_SECONDS, seconds }, () => {
        const started = startWindow();
        const databaseBefore = pids && backendsCpu(pids);
        const profiling = startProfile(profileName === '' ? '' : options.profileDir, profileName);
        return () => ({
          figures: started(),
          database: pids && databaseBefore ? cpuSince(databaseBefore) : null,
          profiling,
        });
      });
      const profile = await result.window.profiling;
      if (profile) {
        console.log(`(server CPU profile: ${path.relative(process.cwd(), await profile.stop())})`);
      }
      return {
        latencies: result.latencies,
        seconds: result.seconds,
        window: result.window.figures,
        clientCpuSeconds: result.cpuCores * result.seconds,
        databaseCpuSeconds: result.window.database,
      };
    },
    close: async () => {
      client.close();
      await stop();
    },
  };
}

async function gatehouseFigure(options: Options, dbUrl: string, name: string): Promise<Figure> {
  const fresh = freshConfig(dbUrl, { initialUser: USER });
  const server = await startServer(fresh.config).catch(async (error: unknown) => {
    await fresh.dispose();
    throw error;
  });
  return signInFigure(
    name,
    server.url,
    '/api/collections/users/auth-with-password',
    options,
    async () => {
      await server.stop();
      await fresh.dispose();
    },
    dbUrl === '' ? undefined : () => backendPids(server.services.db),
  );
}

/** Each backend's CPU seconds so far (null: the process is not readable here). */
function backendsCpu(pids: readonly number[]): Map<number, number | null> {
  return new Map(pids.map((pid) => [pid, processCpuSeconds(pid)]));
}

/** CPU seconds used since `before` by the backends still there (one that ended is lost). */
function cpuSince(before: Map<number, number | null>): number | null {
  let total = 0;
  for (const [pid, start] of before) {
    if (start === null) return null;
    total += delta(start, processCpuSeconds(pid)) ?? 0;
  }
  return total;
}

/**
 * The PostgreSQL backend of every connection in the server's pool (it opens at most POOL_SIZE):
 * as many statements at once as that, each holding its connection a moment, name them all.
 */
async function backendPids(db: Db): Promise<number[] | null> {
  const POOL_SIZE = 10;
  const rows = await Promise.all(
    Array.from({ length: POOL_SIZE }, () =>
      sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(db),
    ),
  );
  const pids = [...new Set(rows.map((r) => Number(r.rows[0]?.pid)))];
  // A database on another machine: its processes are not here to read.
  return pids.every((pid) => processCpuSeconds(pid) !== null) ? pids : null;
}

/**
 * The floor of any HTTP sign-in here: a plain Fastify route that parses the JSON body, verifies
 * the password against a hash held in memory and answers a fixed token and record. No database,
 * session, audit or lockout; what separates it from Gatehouse is what Gatehouse adds.
 */
async function bareFigure(options: Options): Promise<Figure> {
  const hasher = new PasswordHasher(OWASP_PARAMS);
  const stored = await hasher.hash(USER.password);
  const app = Fastify({ logger: false });
  app.post('/bare/sign-in', async (request, reply) => {
    const body = request.body as { identity?: string; password?: string };
    if (body.identity !== USER.email || !(await hasher.verify(stored, body.password ?? '')))
      return reply.code(400).send({ message: 'Failed to authenticate.' });
    return { token: 'bare', record: { email: USER.email } };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return signInFigure('bare', url, '/bare/sign-in', options, () => app.close());
}

/** Other processes using more CPU than this (in cores) make the figures unreliable. */
const NOISY_CORES = 0.25;

function report(label: string, m: Measurement): void {
  const parts = [
    `${m.count} in ${m.seconds.toFixed(1)} s`,
    `p50 ${m.p50Ms.toFixed(1)} ms`,
    `p95 ${m.p95Ms.toFixed(1)} ms`,
    `process CPU ${m.cpuCores.toFixed(2)} cores, ${m.cpuMsPerOp.toFixed(1)} ms/op`,
    `event loop ${percent(m.eventLoopUtilization)} busy`,
  ];
  if (m.mainThreadCpuMs !== null) parts.push(`main thread ${m.mainThreadCpuMs.toFixed(2)} ms/op`);
  if (m.clientCpuMsPerOp !== null) {
    parts.push(`load client ${m.clientCpuMsPerOp.toFixed(2)} ms/op`);
  }
  if (m.databaseCpuMsPerOp !== null) {
    parts.push(`PostgreSQL backends ${m.databaseCpuMsPerOp.toFixed(2)} ms/op`);
  }
  if (m.otherLoadCores !== null) parts.push(`other load ${m.otherLoadCores.toFixed(2)} cores`);
  console.log(`${label} ${m.perSecond.toFixed(1)}/s`);
  console.log(`  ${parts.join(' · ')}`);
}

const rounded = (m: Measurement) => ({
  perSecond: round(m.perSecond, 1),
  count: m.count,
  seconds: round(m.seconds, 2),
  p50Ms: round(m.p50Ms, 1),
  p95Ms: round(m.p95Ms, 1),
  cpuCores: round(m.cpuCores, 2),
  cpuMsPerOp: round(m.cpuMsPerOp, 2),
  eventLoopUtilization: round(m.eventLoopUtilization, 3),
  mainThreadCpuMs: roundOrNull(m.mainThreadCpuMs, 2),
  clientCpuMsPerOp: roundOrNull(m.clientCpuMsPerOp, 2),
  databaseCpuMsPerOp: roundOrNull(m.databaseCpuMsPerOp, 2),
  otherLoadCores: roundOrNull(m.otherLoadCores, 2),
});

async function main(): Promise<void> {
  const options = parseOptions();
  const n = options.concurrency;
  const threadpool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const p = OWASP_PARAMS;
  console.log(
    `login bench: argon2id m=${p.memoryCost},t=${p.timeCost},p=${p.parallelism}; ` +
      `${options.seconds} s per figure in ${options.rounds} interleaved rounds after ` +
      `${options.warmup} s warm-up; ` +
      `${os.availableParallelism()} CPUs, libuv threadpool ${threadpool}, node ${process.version}`,
  );

  const figures: Figure[] = [];
  let samples: Sample[][];
  try {
    figures.push(await rawFigure(options));
    figures.push(await gatehouseFigure(options, '', 'sqlite'));
    figures.push(await bareFigure(options));
    if (options.db !== '') figures.push(await gatehouseFigure(options, options.db, 'postgres'));
    samples = await interleave(
      figures.map((figure): MeasuredFigure<Sample> => ({
        name: figure.name,
        // Profiles cover each HTTP figure's first round.
        round: (seconds, first) =>
          figure.round(seconds, first && figure.name !== 'raw' ? `login-${figure.name}` : ''),
      })),
      options,
    );
  } finally {
    for (const figure of figures) await figure.close();
  }
  const [raw, http, bare, postgres = null] = samples.map((rounds) =>
    measurementOf(combine(rounds)),
  );
  if (!raw || !http || !bare) throw new Error('a figure is missing');
  report(`raw argon2id verify (${n} concurrent):`, raw);
  report(`HTTP sign-in (${n} clients, sqlite):  `, http);
  report(`bare HTTP sign-in (${n} clients, plain route, no database):`, bare);
  if (postgres) report(`HTTP sign-in (${n} clients, postgres):`, postgres);
  const named: [string, Measurement | null][] = [
    ['raw argon2id', raw],
    ['HTTP sqlite', http],
    ['bare HTTP', bare],
    ['HTTP postgres', postgres],
  ];
  console.log(
    `\n${table(
      ['figure', 'per s', 'p50 ms', 'p95 ms', 'CPU ms/op', 'client ms/op'],
      named.flatMap(([name, m]) =>
        m
          ? [
              [
                name,
                cell(m.perSecond, 1),
                cell(m.p50Ms, 1),
                cell(m.p95Ms, 1),
                cell(m.cpuMsPerOp, 2),
                cell(m.clientCpuMsPerOp === null ? null : m.clientCpuMsPerOp, 2),
              ],
            ]
          : [],
      ),
    )}\n`,
  );
  // Each round's ratio, from windows seconds apart: how far the machine drifted during the run.
  const roundRatios = samples[1]!.map(
    (sample, round) =>
      measurementOf(sample).perSecond / measurementOf(samples[0]![round]!).perSecond,
  );
  const sortedRatios = [...roundRatios].sort((x, y) => x - y);
  console.log(
    `ratio per round (${roundRatios.length} × ${(options.seconds / options.rounds).toFixed(1)} s): ` +
      `min ${percent(sortedRatios[0] ?? 0)}, median ${percent(median(roundRatios))}, ` +
      `max ${percent(sortedRatios.at(-1) ?? 0)}`,
  );

  const ratio = http.perSecond / raw.perSecond;
  const pass = ratio >= TARGET;
  console.log(
    `ratio: ${percent(ratio)} (target ≥ ${(TARGET * 100).toFixed(0)} %) ${pass ? 'PASS' : 'MISS'}`,
  );
  if (postgres) console.log(`ratio (postgres): ${percent(postgres.perSecond / raw.perSecond)}`);
  console.log(
    `bare/raw ${percent(bare.perSecond / raw.perSecond)}: the most any HTTP sign-in could reach here; ` +
      `Gatehouse is ${percent(http.perSecond / bare.perSecond)} of it`,
  );
  // What the ratio would be if both runs had the CPUs to themselves: CPU per verification over CPU
  // per sign-in (argon2id, the server's event loop and the load client, which shares the machine).
  // Steadier than rates on a busy machine.
  const httpCpu = http.cpuMsPerOp + (http.clientCpuMsPerOp ?? 0);
  const cpuRatio = raw.cpuMsPerOp / httpCpu;
  console.log(
    `CPU per op: raw ${raw.cpuMsPerOp.toFixed(1)} ms, HTTP ${httpCpu.toFixed(1)} ms ` +
      `(server ${http.cpuMsPerOp.toFixed(1)} + client ${(http.clientCpuMsPerOp ?? 0).toFixed(1)}) ` +
      `→ CPU-bound ratio ${percent(cpuRatio)}`,
  );
  if (postgres) {
    // The same on PostgreSQL, with the CPU of the server's backends (when they could be read).
    const pgCpu =
      postgres.cpuMsPerOp + (postgres.clientCpuMsPerOp ?? 0) + (postgres.databaseCpuMsPerOp ?? 0);
    console.log(
      `CPU per op (postgres): HTTP ${pgCpu.toFixed(1)} ms (server ${postgres.cpuMsPerOp.toFixed(1)}, ` +
        `of which main thread ${(postgres.mainThreadCpuMs ?? 0).toFixed(2)}, + client ` +
        `${(postgres.clientCpuMsPerOp ?? 0).toFixed(1)} + PostgreSQL backends ` +
        `${postgres.databaseCpuMsPerOp === null ? '–' : postgres.databaseCpuMsPerOp.toFixed(2)}) ` +
        `→ CPU-bound ratio ${percent(raw.cpuMsPerOp / pgCpu)}`,
    );
  }
  // On PostgreSQL the database server's own CPU counts as other load, so that run is left out.
  const noise = Math.max(...[raw, http, bare].map((m) => m.otherLoadCores ?? 0));
  if (noise > NOISY_CORES) {
    console.log(
      `warning: other processes used up to ${noise.toFixed(2)} cores during the run; ` +
        'the figures are unreliable, run again on a quiet machine',
    );
  }

  const results = {
    ...environment(),
    uvThreadpoolSize: threadpool,
    argon2id: OWASP_PARAMS,
    concurrency: n,
    seconds: options.seconds,
    rounds: options.rounds,
    warmupSeconds: options.warmup,
    raw: rounded(raw),
    http: { sqlite: rounded(http), ...(postgres ? { postgres: rounded(postgres) } : {}) },
    bare: rounded(bare),
    bareRatio: round(bare.perSecond / raw.perSecond, 3),
    ratio: round(ratio, 3),
    roundRatios: roundRatios.map((r) => round(r, 3)),
    cpuRatio: round(cpuRatio, 3),
    ...(postgres ? { ratioPostgres: round(postgres.perSecond / raw.perSecond, 3) } : {}),
    target: TARGET,
    pass,
    noisy: noise > NOISY_CORES,
  };
  console.log(`results: ${path.relative(process.cwd(), writeResults('login', results))}`);
}

/**
 * libuv sizes its threadpool (where argon2id runs) once, from UV_THREADPOOL_SIZE, before the first
 * task; too late to set from here. Unless it is set, run again with one thread per CPU, so that
 * both figures run as many verifications at once as the machine has cores.
 */
function threadpoolSet(): boolean {
  if (process.env.UV_THREADPOOL_SIZE) return true;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: String(os.availableParallelism()) },
  });
  process.exitCode = child.status ?? 1;
  return false;
}

if (threadpoolSet()) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
