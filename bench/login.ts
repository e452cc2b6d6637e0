// Login benchmark: raw argon2id verifications per second next to HTTP sign-ins per second through a
// real Gatehouse server, in one run (raw first, then HTTP), at the same concurrency.
//
//   npx tsx bench/login.ts [--seconds 10] [--warmup 2] [--concurrency 4] [--db postgres://…]
//                          [--profile-dir DIR]
//
// Both figures run in this process, so they share one libuv threadpool, where argon2id runs: as
// many threads as CPUs unless UV_THREADPOOL_SIZE says otherwise (printed and recorded). The raw
// figure keeps `concurrency` verifications queued on it, the server at most as many. The HTTP clients run in a separate process (http-load.ts: node:http over
// keep-alive connections, every answer checked), as real clients would, so that they never take
// the server's event loop; their CPU is reported and counted in the CPU-bound ratio, since they
// share the machine. With --profile-dir a CPU profile of the server over each measured HTTP window
// is written.
//
// A "bare" figure serves the same sign-in scenario from a plain Fastify route that only verifies
// the password (no database, session or audit): the ceiling of any HTTP sign-in on this machine.
// The HTTP figure is for SQLite; with --db it is also measured on PostgreSQL (in a fresh schema,
// dropped afterwards) and reported as an extra line. Results go to bench/results/login.json.
// Exits non-zero on errors only, not when the ratio misses the target.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { verify } from '@node-rs/argon2';
import { OWASP_PARAMS, PasswordHasher } from '../src/accounts/passwords.js';
import Fastify from 'fastify';
import { startServer } from '../src/server.js';
import { startProfile } from './cpu-profile.js';
import { type Scenario, runLoad } from './http-load.js';
import { freshConfig } from './fresh-database.js';

/** HTTP sign-ins per second should be at least this share of raw argon2id verifications. */
const TARGET = 0.85;
const USER = { email: 'bench@example.com', password: 'bench-correct-horse-battery-staple' };
const RESULTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results/login.json');

interface Options {
  seconds: number;
  warmup: number;
  concurrency: number;
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
  /** CPU used by other processes on the machine meanwhile, in cores (Linux); noise when high. */
  otherLoadCores: number | null;
}

/** USER_HZ, the unit of the CPU times in /proc (100 on every mainstream Linux). */
const CLOCK_TICKS = 100;

/** CPU seconds the main thread has used so far, or null without Linux's /proc. */
function mainThreadCpuSeconds(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // After "pid (comm) ", utime and stime are the 12th and 13th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine so far, or null without Linux's /proc. */
function machineBusySeconds(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal …
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    return (total - (ticks[3] ?? 0) - (ticks[4] ?? 0)) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

const delta = (before: number | null, after: number | null) =>
  before === null || after === null ? null : after - before;

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '4' },
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
    db: values.db,
    profileDir: values['profile-dir'],
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

interface WindowFigures {
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
  main: number | null;
  machine: number | null;
}

/** Starts reading this process's CPU, event loop and the machine; the result ends the window. */
function startWindow(): () => WindowFigures {
  const mainBefore = mainThreadCpuSeconds();
  const machineBefore = machineBusySeconds();
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  return () => ({
    cpu: process.cpuUsage(cpuBefore),
    elu: performance.eventLoopUtilization(eluBefore),
    main: delta(mainBefore, mainThreadCpuSeconds()),
    machine: delta(machineBefore, machineBusySeconds()),
  });
}

function measurementOf(
  sortedLatencies: readonly number[],
  elapsed: number,
  window: WindowFigures,
  clientCores: number | null,
): Measurement {
  const count = sortedLatencies.length;
  const cpuCores = (window.cpu.user + window.cpu.system) / 1e6 / elapsed;
  const perOp = (cores: number) => (cores * elapsed * 1000) / Math.max(1, count);
  return {
    perSecond: count / elapsed,
    count,
    seconds: elapsed,
    p50Ms: percentile(sortedLatencies, 0.5),
    p95Ms: percentile(sortedLatencies, 0.95),
    cpuCores,
    cpuMsPerOp: perOp(cpuCores),
    eventLoopUtilization: window.elu.utilization,
    mainThreadCpuMs: window.main === null ? null : (window.main * 1000) / Math.max(1, count),
    clientCpuMsPerOp: clientCores === null ? null : perOp(clientCores),
    otherLoadCores:
      window.machine === null
        ? null
        : Math.max(0, window.machine / elapsed - cpuCores - (clientCores ?? 0)),
  };
}

/**
 * Runs `operation` from `concurrency` loops in this process for `seconds`; each loop starts no new
 * operation after the deadline, and the rate is over the time until the last one finished. The
 * first error stops every loop and is thrown.
 */
async function measure(
  concurrency: number,
  seconds: number,
  operation: () => Promise<void>,
): Promise<Measurement> {
  const latencies: number[] = [];
  const failures: unknown[] = [];
  const window = startWindow();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const loop = async () => {
    while (failures.length === 0 && performance.now() < deadline) {
      const began = performance.now();
      try {
        await operation();
      } catch (error) {
        failures.push(error);
        return;
      }
      latencies.push(performance.now() - began);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - start) / 1000;
  const figures = window();
  if (failures.length > 0) throw failures[0];
  latencies.sort((x, y) => x - y);
  return measurementOf(latencies, elapsed, figures, null);
}

async function measureRaw(options: Options): Promise<Measurement> {
  const stored = await new PasswordHasher(OWASP_PARAMS).hash(USER.password);
  const operation = async () => {
    if (!(await verify(stored, USER.password))) throw new Error('argon2id verify returned false');
  };
  if (options.warmup > 0) await measure(options.concurrency, options.warmup, operation);
  return measure(options.concurrency, options.seconds, operation);
}

async function measureHttp(options: Options, dbUrl: string, label: string): Promise<Measurement> {
  const fresh = freshConfig(dbUrl, { initialUser: USER });
  try {
    const server = await startServer(fresh.config);
    try {
      return await signInLoad(
        server.url,
        '/api/collections/users/auth-with-password',
        options,
        options.profileDir,
        `login-${label}`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await fresh.dispose();
  }
}

/**
 * Sign-ins from `options.concurrency` clients in a separate process (see http-load.ts), as real
 * clients would: this process's CPU, threads and event loop are the server's alone.
 */
async function signInLoad(
  url: string,
  signInPath: string,
  options: Options,
  profileDir: string,
  profileName: string,
): Promise<Measurement> {
  const scenario: Scenario = {
    kind: 'sign-in',
    path: signInPath,
    identity: USER.email,
    password: USER.password,
  };
  const result = await runLoad(
    url,
    scenario,
    { concurrency: options.concurrency, warmupSeconds: options.warmup, seconds: options.seconds },
    () => {
      const started = startWindow();
      const profiling = startProfile(profileDir, profileName);
      return () => ({ figures: started(), profiling });
    },
  );
  const profile = await result.window.profiling;
  if (profile) {
    console.log(`(server CPU profile: ${path.relative(process.cwd(), await profile.stop())})`);
  }
  return measurementOf(result.latencies, result.seconds, result.window.figures, result.cpuCores);
}

/**
 * The floor of any HTTP sign-in here: a plain Fastify route that parses the JSON body, verifies
 * the password against a hash held in memory and answers a fixed token and record. No database,
 * session, audit or lockout; what separates it from Gatehouse is what Gatehouse adds.
 */
async function measureBare(options: Options): Promise<Measurement> {
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
  try {
    return await signInLoad(url, '/bare/sign-in', options, '', '');
  } finally {
    await app.close();
  }
}

/** Other processes using more CPU than this (in cores) make the figures unreliable. */
const NOISY_CORES = 0.25;

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const roundOrNull = (value: number | null, digits: number) =>
  value === null ? null : round(value, digits);
const percent = (r: number) => `${(r * 100).toFixed(1)} %`;

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
  otherLoadCores: roundOrNull(m.otherLoadCores, 2),
});

async function main(): Promise<void> {
  const options = parseOptions();
  const n = options.concurrency;
  const threadpool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const p = OWASP_PARAMS;
  console.log(
    `login bench: argon2id m=${p.memoryCost},t=${p.timeCost},p=${p.parallelism}; ` +
      `${options.seconds} s per figure after ${options.warmup} s warm-up; ` +
      `${os.availableParallelism()} CPUs, libuv threadpool ${threadpool}, node ${process.version}`,
  );

  const raw = await measureRaw(options);
  report(`raw argon2id verify (${n} concurrent):`, raw);
  const http = await measureHttp(options, '', 'sqlite');
  report(`HTTP sign-in (${n} clients, sqlite):  `, http);
  const bare = await measureBare(options);
  report(`bare HTTP sign-in (${n} clients, plain route, no database):`, bare);
  const postgres = options.db === '' ? null : await measureHttp(options, options.db, 'postgres');
  if (postgres) report(`HTTP sign-in (${n} clients, postgres):`, postgres);

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
  // On PostgreSQL the database server's own CPU counts as other load, so that run is left out.
  const noise = Math.max(...[raw, http, bare].map((m) => m.otherLoadCores ?? 0));
  if (noise > NOISY_CORES) {
    console.log(
      `warning: other processes used up to ${noise.toFixed(2)} cores during the run; ` +
        'the figures are unreliable, run again on a quiet machine',
    );
  }

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? '',
    uvThreadpoolSize: threadpool,
    argon2id: OWASP_PARAMS,
    concurrency: n,
    seconds: options.seconds,
    warmupSeconds: options.warmup,
    raw: rounded(raw),
    http: { sqlite: rounded(http), ...(postgres ? { postgres: rounded(postgres) } : {}) },
    bare: rounded(bare),
    bareRatio: round(bare.perSecond / raw.perSecond, 3),
    ratio: round(ratio, 3),
    cpuRatio: round(cpuRatio, 3),
    ...(postgres ? { ratioPostgres: round(postgres.perSecond / raw.perSecond, 3) } : {}),
    target: TARGET,
    pass,
    noisy: noise > NOISY_CORES,
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), RESULTS_FILE)}`);
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
