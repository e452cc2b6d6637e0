// Load-client benchmark (decision 0011): the hand-written raw-socket client of lib/http-load.ts
// next to undici's Pool, each in its own process, against one trivial endpoint (a plain Fastify
// GET answering a small JSON) in this process, in interleaved rounds. Per client: requests per
// second, latency, and the CPU each side spends per request; the client that costs less CPU
// leaves more of a shared machine to the server it measures.
//
//   npx tsx bench/load-client.ts [--seconds 6] [--rounds 3] [--concurrency 8] [--undici 7.30.3]
//
// undici is installed at run time into a temporary directory (not into the project), as the
// access bench does with casbin. Results go to bench/results/load-client.json.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { installPeer } from './lib/peers.js';
import { runLoad } from './lib/http-load.js';
import { cpuSeconds } from './lib/machine.js';
import { type Figure, interleave, loops } from './lib/measure.js';
import { cell, environment, percent, table, writeResults } from './lib/report.js';
import { cpuMsPerOp, percentile, ascending, round } from './lib/stats.js';

const CHILD_FLAG = '--gatehouse-undici-child';
const PATH = '/ping';

interface Round {
  count: number;
  seconds: number;
  latencies: number[];
  clientCpuSeconds: number;
  serverCpuSeconds: number;
}

interface UndiciPool {
  request(options: { path: string; method: string }): Promise<{
    statusCode: number;
    body: { text(): Promise<string> };
  }>;
  close(): Promise<void>;
}

/** The child: `concurrency` loops over an undici Pool of as many connections, one window. */
async function undiciChild(): Promise<void> {
  const [dir, url, concurrency, warmup, seconds] = process.argv.slice(
    process.argv.indexOf(CHILD_FLAG) + 1,
  );
  const require = createRequire(path.join(dir ?? '', 'package.json'));
  const { Pool } = require('undici') as {
    Pool: new (url: string, options: { connections: number; pipelining: number }) => UndiciPool;
  };
  const n = Number(concurrency);
  const pool = new Pool(url ?? '', { connections: n, pipelining: 1 });
  const operation = async () => {
    const res = await pool.request({ path: PATH, method: 'GET' });
    const text = await res.body.text();
    if (res.statusCode !== 200 || !text.includes('pong'))
      throw new Error(`GET ${PATH} answered ${res.statusCode}: ${text.slice(0, 200)}`);
  };
  await loops(n, Number(warmup), operation);
  process.send?.({ type: 'measuring' });
  const before = process.cpuUsage();
  const sample = await loops(n, Number(seconds), operation);
  const cpu = cpuSeconds(process.cpuUsage(before));
  await pool.close();
  process.send?.({ type: 'done', ...sample, cpu }, () => process.exit(0));
}

/** One window of the undici client in its own process; the server's CPU read over it. */
function undiciRound(
  dir: string,
  url: string,
  concurrency: number,
  warmup: number,
  seconds: number,
) {
  const execArgv = process.execArgv.filter((a) => !/^--(cpu-prof|prof|inspect|heap-prof)/.test(a));
  const child = fork(
    fileURLToPath(import.meta.url),
    [CHILD_FLAG, dir, url, String(concurrency), String(warmup), String(seconds)],
    { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return new Promise<Round>((resolve, reject) => {
    let before: NodeJS.CpuUsage | null = null;
    child.on('message', (raw) => {
      const message = raw as
        { type: 'measuring' } | { type: 'done'; latencies: number[]; seconds: number; cpu: number };
      if (message.type === 'measuring') {
        before = process.cpuUsage();
        return;
      }
      const server = before ? cpuSeconds(process.cpuUsage(before)) : 0;
      resolve({
        count: message.latencies.length,
        seconds: message.seconds,
        latencies: message.latencies,
        clientCpuSeconds: message.cpu,
        serverCpuSeconds: server,
      });
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`undici client exited with ${String(code)}`));
    });
  });
}

/** One window of the raw-socket client (lib/http-load.ts); the server's CPU read over it. */
async function rawRound(url: string, concurrency: number, warmup: number, seconds: number) {
  const result = await runLoad(
    url,
    { kind: 'get', path: PATH },
    { concurrency, warmupSeconds: warmup, seconds },
    () => {
      const before = process.cpuUsage();
      return () => cpuSeconds(process.cpuUsage(before));
    },
  );
  return {
    count: result.count,
    seconds: result.seconds,
    latencies: result.latencies,
    clientCpuSeconds: result.cpuCores * result.seconds,
    serverCpuSeconds: result.window,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '6' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '8' },
      undici: { type: 'string', default: '7.30.3' },
    },
    strict: true,
  });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const concurrency = Number(values.concurrency);
  const warmup = 0.5;
  const dir = installPeer('undici', values.undici);
  const app = Fastify({ logger: false, keepAliveTimeout: 600_000 });
  app.get(PATH, async () => ({ pong: true }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  console.log(
    `load-client bench: GET ${PATH} on a plain Fastify route, ${String(concurrency)} connections, ${String(seconds)} s per client in ${String(rounds)} interleaved rounds; ${String(os.availableParallelism())} CPUs, node ${process.version}`,
  );
  const figures: Figure<Round>[] = [
    { name: 'raw', round: (s) => rawRound(url, concurrency, warmup, s) },
    {
      name: `undici ${values.undici} Pool`,
      round: (s) => undiciRound(dir, url, concurrency, warmup, s),
    },
  ];
  let samples: Round[][];
  try {
    samples = await interleave(figures, { seconds, rounds, warmup: 0 });
  } finally {
    await app.close();
  }
  const summary = figures.map((figure, k) => {
    const all = samples[k]!;
    const count = all.reduce((sum, r) => sum + r.count, 0);
    const elapsed = all.reduce((sum, r) => sum + r.seconds, 0);
    const sorted = ascending(all.flatMap((r) => r.latencies));
    const client = all.reduce((sum, r) => sum + r.clientCpuSeconds, 0) / elapsed;
    const server = all.reduce((sum, r) => sum + r.serverCpuSeconds, 0) / elapsed;
    return {
      client: figure.name,
      perSecond: round(count / elapsed, 1),
      count,
      seconds: round(elapsed, 2),
      p50Ms: round(percentile(sorted, 0.5), 3),
      p99Ms: round(percentile(sorted, 0.99), 3),
      clientCpuMsPerRequest: round(cpuMsPerOp(client, elapsed, count), 4),
      serverCpuMsPerRequest: round(cpuMsPerOp(server, elapsed, count), 4),
      roundsPerSecond: all.map((r) => round(r.count / r.seconds, 1)),
    };
  });
  console.log(
    `\n${table(
      ['client', 'req/s', 'p50 ms', 'p99 ms', 'client CPU ms/req', 'server CPU ms/req'],
      summary.map((s) => [
        s.client,
        cell(s.perSecond, 1),
        cell(s.p50Ms, 3),
        cell(s.p99Ms, 3),
        cell(s.clientCpuMsPerRequest, 4),
        cell(s.serverCpuMsPerRequest, 4),
      ]),
    )}`,
  );
  const [raw, undici] = summary;
  if (raw && undici)
    console.log(
      `undici/raw: ${percent(undici.perSecond / raw.perSecond)} of the requests per second, ${percent(undici.clientCpuMsPerRequest / raw.clientCpuMsPerRequest)} of the client CPU per request`,
    );
  const file = writeResults('load-client', {
    ...environment(),
    endpoint: `GET ${PATH} (plain Fastify route)`,
    concurrency,
    seconds,
    rounds,
    clients: summary,
  });
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

if (process.argv.includes(CHILD_FLAG)) {
  undiciChild().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
