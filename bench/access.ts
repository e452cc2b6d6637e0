// Access-check benchmark: the in-memory AccessIndex (SPEC §8) next to node-casbin modelling the
// same directory as RBAC with a role hierarchy, on the same random checks, cross-checked answer by
// answer; the decision API (POST /api/access/check) of a real server over HTTP on that directory,
// its answers checked against the index's, next to the Cerbos PDP on the same directory (cerbos.ts:
// its own process, roles flattened by the bench, POST /api/check/resources), single checks and
// batches of 100; then the index at 10× the size: build time, heap, and the cost of re-parenting a
// group high in the tree while every user's grants are cached.
//
//   npx tsx bench/access.ts [--seed 1] [--casbin 5.51.1] [--http-seconds 5]
//
// casbin is installed at run time into a temporary directory (not into the project); Cerbos is the
// @cerbos/cerbos-linux-x64 devDependency (skipped, with the reason, where it cannot run). The
// server runs in this process on a fresh SQLite database in a temporary directory, removed
// afterwards; the HTTP clients of both decision APIs run in a separate process (lib/http-load.ts),
// so that they take nothing from the server's event loop. Results go to bench/results/access.json. Exits non-zero on errors (a casbin, Cerbos or HTTP
// disagreement with the index, a failed install), not when a figure misses its target.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  AccessIndex,
  type GroupData,
  type RoleData,
  SYSTEM,
  type UserData,
} from '../src/access/index.js';
import {
  MODULE_NAMES,
  MODULES,
  type ModuleName,
  type Permissions,
} from '../src/catalogue/modules.js';
import { writeDirectory } from './lib/directory-rows.js';
import { installPeer } from './lib/peers.js';
import { type Config, loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { type RunningServer, startServer } from '../src/server.js';
import { type CerbosCheck, checkResourcesBody, findCerbos, startCerbos } from './cerbos.js';
import { type Scenario, runLoad } from './lib/http-load.js';
import { cell, environment, fmt, table, writeResults } from './lib/report.js';
import { percentile, round } from './lib/stats.js';

const TARGETS = {
  /** Index checks per second over casbin's. */
  ratio: 50,
  /** p99 of one in-process check, in microseconds. */
  p99Us: 10,
  /** Re-parenting a big subtree plus the next effective() of an affected user, in milliseconds. */
  reparentMs: 50,
};
const SMALL = { users: 10_000, groups: 1_000, roles: 50 };
const LARGE = { users: 100_000, groups: 10_000, roles: 50 };
/** Groups nest up to this many levels (a root is level 1). */
const MAX_DEPTH = 6;
const INDEX_TIMED_CALLS = 200_000;
const INDEX_LOOP_CALLS = 4_000_000;
const CASBIN_TIMED_CALLS = 20_000;
const CASBIN_LOOP_SECONDS = 5;
/** Checks answered by both and compared, besides the timed ones. */
const CROSS_CHECKS = 100_000;
const POOL_SIZE = 1 << 20;
/** The decision API over HTTP: concurrent clients, seconds per batch size (after a warm-up). */
const HTTP = {
  concurrency: 4,
  seconds: 5,
  warmupSeconds: 1,
  batches: [1, 100],
  /** Distinct request bodies per batch size, sent round-robin. */
  bodies: 4_096,
  /** Batches of the API's maximum (1000 checks) sent once and compared with the index. */
  verifyBatches: 20,
  maxBatch: 1_000,
};
const SUPERUSER = {
  email: 'bench@example.com',
  password: 'bench-correct-horse-battery-staple',
  name: '',
};

// ---- data ------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const out = new Set<T>();
    while (out.size < Math.min(n, items.length)) out.add(pick(items));
    return [...out];
  };
  return { next, int, pick, sample };
}
type Rng = ReturnType<typeof prng>;

interface Directory {
  roles: RoleData[];
  groups: GroupData[];
  users: UserData[];
  /** Depth of each group (root = 1). */
  depth: Map<string, number>;
}

function randomPermissions(rng: Rng): Permissions {
  const out: Permissions = {};
  for (const module of MODULE_NAMES) {
    if (rng.next() >= 0.3) continue;
    const actions = MODULES[module];
    out[module] = {
      actions: rng.sample(actions, 1 + rng.int(actions.length)),
      scope: rng.next() < 0.3 ? 'all' : 'shared',
    };
  }
  return out;
}

function generate(seed: number, size: { users: number; groups: number; roles: number }): Directory {
  const rng = prng(seed);
  const roles: RoleData[] = Array.from({ length: size.roles }, (_, i) => ({
    id: `r${String(i)}`,
    name: `Role ${String(i)}`,
    level: rng.int(6),
    permissions: randomPermissions(rng),
  }));
  const groups: GroupData[] = [];
  const depth = new Map<string, number>();
  /** Groups that may still take children (depth < MAX_DEPTH). */
  const open: string[] = [];
  // A few big trees (2 at 1k groups, 20 at 10k), so groups high up have thousands of members.
  const roots = Math.max(2, Math.round(size.groups / 500));
  for (let i = 0; i < size.groups; i++) {
    const id = `g${String(i)}`;
    const parent = i < roots ? null : rng.pick(open);
    const d = parent === null ? 1 : (depth.get(parent) ?? 0) + 1;
    const roll = rng.next();
    const roleCount = roll < 0.65 ? 0 : roll < 0.93 ? 1 : 2;
    groups.push({
      id,
      name: `Group ${String(i)}`,
      parent,
      roleIds: rng.sample(roles, roleCount).map((r) => r.id),
    });
    depth.set(id, d);
    if (d < MAX_DEPTH) open.push(id);
  }
  const users: UserData[] = Array.from({ length: size.users }, (_, i) => ({
    id: `u${String(i)}`,
    role: rng.pick(roles).name,
    // Every user active: casbin has no notion of a disabled account, and the answers are compared.
    status: 'active',
    groupIds: rng.sample(groups, 1 + rng.int(3)).map((g) => g.id),
  }));
  return { roles, groups, users, depth };
}

/** A pool of random checks as parallel arrays (no allocation while measuring). */
interface Checks {
  users: string[];
  subjects: string[];
  modules: ModuleName[];
  actions: string[];
}

function randomChecks(seed: number, dir: Directory, n: number): Checks {
  const rng = prng(seed);
  const checks: Checks = { users: [], subjects: [], modules: [], actions: [] };
  for (let i = 0; i < n; i++) {
    const user = rng.pick(dir.users).id;
    const module = rng.pick(MODULE_NAMES);
    checks.users.push(user);
    checks.subjects.push(`user:${user}`);
    checks.modules.push(module);
    checks.actions.push(rng.pick(MODULES[module]));
  }
  return checks;
}

// ---- measuring -------------------------------------------------------------------------------

interface Latency {
  calls: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  /** What timing an empty call costs (included in the figures above). */
  timerOverheadUs: number;
}

interface Throughput {
  perSecond: number;
  calls: number;
  seconds: number;
  allowedShare: number;
}

function timerOverheadUs(): number {
  const samples = new Float64Array(100_000);
  for (let i = 0; i < samples.length; i++) {
    const t0 = process.hrtime.bigint();
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  return percentile(samples.sort(), 0.5) / 1000;
}

/** Times each call on its own; returns the latency spread and every answer. */
function timeEach(
  calls: number,
  checks: Checks,
  check: (i: number) => boolean,
): { latency: Latency; answers: Uint8Array } {
  const samples = new Float64Array(calls);
  const answers = new Uint8Array(calls);
  const size = checks.users.length;
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    const allowed = check(i % size);
    samples[i] = Number(process.hrtime.bigint() - t0);
    answers[i] = allowed ? 1 : 0;
  }
  samples.sort();
  const us = (p: number) => round(percentile(samples, p) / 1000, 3);
  return {
    latency: {
      calls,
      p50Us: us(0.5),
      p99Us: us(0.99),
      p999Us: us(0.999),
      maxUs: us(1),
      timerOverheadUs: round(timerOverheadUs(), 3),
    },
    answers,
  };
}

/** Calls in a tight loop: at least `minCalls`, and for at least `minSeconds`. */
function loop(
  checks: Checks,
  check: (i: number) => boolean,
  minCalls: number,
  minSeconds: number,
): Throughput {
  const size = checks.users.length;
  let allowed = 0;
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  const batch = 1_000;
  while (calls < minCalls || elapsed < minSeconds) {
    for (let j = 0; j < batch; j++, calls++) if (check(calls % size)) allowed++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return {
    perSecond: Math.round(calls / elapsed),
    calls,
    seconds: round(elapsed, 3),
    allowedShare: round(allowed / calls, 3),
  };
}

const ms = (fromNs: bigint) => Number(process.hrtime.bigint() - fromNs) / 1e6;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** global.gc, exposed at run time when node was not started with --expose-gc. */
function getGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

// ---- casbin ----------------------------------------------------------------------------------

interface CasbinEnforcer {
  enforceSync(sub: string, obj: string, act: string): boolean;
}
interface Casbin {
  newModelFromString(text: string): unknown;
  StringAdapter: new (policy: string) => unknown;
  newEnforcer(model: unknown, adapter: unknown): Promise<CasbinEnforcer>;
}

const CASBIN_MODEL = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.obj == p.obj && r.act == p.act && g(r.sub, p.sub)
`;

/** Installs casbin into a temporary directory (once per version) and loads it from there. */
function loadCasbin(version: string): Casbin {
  const dir = installPeer('casbin', version);
  const require = createRequire(path.join(dir, 'package.json'));
  return require('casbin') as Casbin;
}

/** The same directory as casbin RBAC: users, groups and roles are all subjects linked by `g`. */
function casbinPolicy(dir: Directory): string {
  const lines: string[] = [];
  for (const role of dir.roles)
    for (const module of MODULE_NAMES)
      for (const action of role.permissions[module]?.actions ?? [])
        lines.push(`p, role:${role.id}, ${module}, ${action}`);
  const roleIdByName = new Map(dir.roles.map((r) => [r.name, r.id]));
  for (const group of dir.groups) {
    if (group.parent) lines.push(`g, group:${group.id}, group:${group.parent}`);
    for (const roleId of group.roleIds) lines.push(`g, group:${group.id}, role:${roleId}`);
  }
  for (const user of dir.users) {
    const roleId = roleIdByName.get(user.role);
    if (roleId) lines.push(`g, user:${user.id}, role:${roleId}`);
    for (const groupId of user.groupIds) lines.push(`g, user:${user.id}, group:${groupId}`);
  }
  return lines.join('\n');
}

// ---- HTTP: POST /api/access/check ---------------------------------------------------------

/**
 * A listening server on a fresh SQLite database holding the directory and a superuser. Both go in
 * before the server starts, as it builds its access index at start-up; the superuser comes from
 * the headless first run, done here first because it is skipped once users exist.
 */
async function startLoadedServer(
  dir: Directory,
): Promise<{ server: RunningServer; loadMs: number; startMs: number; remove: () => void }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-access-'));
  const remove = () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const config: Config = {
    // An empty environment, so that GATEHOUSE_* variables of the shell do not leak in.
    ...loadConfig({}, {}),
    http: { host: '127.0.0.1', port: 0 },
    dir: dataDir,
    db: `sqlite:${path.join(dataDir, 'data.db')}`,
    dbSchema: '',
    logLevel: 'silent',
    initialUser: SUPERUSER,
  };
  try {
    let t = process.hrtime.bigint();
    const setup = await createServices(config);
    try {
      await setup.setup.run({ principal: SYSTEM, ip: '', userAgent: 'access-bench' }, SUPERUSER);
      await writeDirectory(setup.db, dir);
    } finally {
      await setup.close();
    }
    const loadMs = ms(t);
    t = process.hrtime.bigint();
    const server = await startServer(config);
    return { server, loadMs, startMs: ms(t), remove };
  } catch (error) {
    remove();
    throw error;
  }
}

async function postJson(url: string, body: string, token = ''): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body,
  });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`${url} answered ${String(res.status)}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

async function signInSuperuser(url: string): Promise<string> {
  const body = (await postJson(
    `${url}/api/collections/_superusers/auth-with-password`,
    JSON.stringify({ identity: SUPERUSER.email, password: SUPERUSER.password }),
  )) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('superuser sign-in: no token');
  return body.token;
}

/** Request bodies of `batch` consecutive checks of the pool from `from` on, and the index's answers. */
interface Batches {
  bodies: string[];
  expected: Uint8Array[];
  /** Each body's checks (module and action), to read an answer back in order. */
  checks: CerbosCheck[][];
  /** The pool position just past the last check used. */
  end: number;
}

function batchesOf(
  checks: Checks,
  answer: (i: number) => boolean,
  batch: number,
  count: number,
  from: number,
): Batches {
  const size = checks.users.length;
  const bodies: string[] = [];
  const expected: Uint8Array[] = [];
  const lists: CerbosCheck[][] = [];
  let i = from;
  for (let b = 0; b < count; b++) {
    const list: { user: string; module: string; action: string }[] = [];
    const answers = new Uint8Array(batch);
    for (let j = 0; j < batch; j++, i++) {
      const k = i % size;
      list.push({
        user: checks.users[k] as string,
        module: checks.modules[k] as string,
        action: checks.actions[k] as string,
      });
      answers[j] = answer(k) ? 1 : 0;
    }
    bodies.push(JSON.stringify({ checks: list }));
    expected.push(answers);
    lists.push(list);
  }
  return { bodies, expected, checks: lists, end: i };
}

const postChecks = (url: string, token: string, body: string) =>
  postJson(url, body, token) as Promise<{ results?: unknown }>;

/** The decision API's answers: `results`, one boolean per check. */
function gatehouseDecisions(url: string, answer: { results?: unknown }, n: number): boolean[] {
  const results = answer.results;
  if (!Array.isArray(results) || results.length !== n)
    throw new Error(`${url}: expected ${String(n)} results`);
  return results.map((r) => r === true);
}

/** Answers next to the index's answers for the same checks. */
function compare(got: readonly boolean[], expected: Uint8Array) {
  let mismatches = 0;
  let allowed = 0;
  for (let j = 0; j < expected.length; j++) {
    const answer = got[j] === true ? 1 : 0;
    if (answer !== expected[j]) mismatches++;
    allowed += answer;
  }
  return { mismatches, allowed };
}

/** A decision endpoint: sends one body, returns its decisions in the order of the checks. */
type Ask = (body: string, checks: readonly CerbosCheck[]) => Promise<readonly boolean[]>;

/** One batch size's figure over HTTP (the same keys for every peer). */
interface HttpFigure {
  batch: number;
  decisionsPerSecond: number;
  requestsPerSecond: number;
  requests: number;
  decisions: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  allowedShare: number;
  mismatches: number;
}

/** A decision API over HTTP: where it listens, how to ask it, how it answers. */
interface DecisionApi {
  url: string;
  path: string;
  headers: Record<string, string>;
  answer: 'gatehouse' | 'cerbos';
}

/**
 * Each batch size of HTTP.batches for `seconds` after the warm-up, from HTTP.concurrency raw-socket
 * keep-alive clients in a separate process (lib/http-load.ts), so that the clients take no CPU
 * from this process's event loop (Gatehouse's server) and both peers are loaded alike. `bodies`
 * makes a batch size's request bodies and the index's answers; the client compares every answer
 * (warm-up included) and fails the run on the first difference.
 */
async function httpFigures(
  label: string,
  api: DecisionApi,
  bodies: (batch: number) => Batches,
  seconds: number,
): Promise<{ figures: HttpFigure[]; verified: number; mismatches: number }> {
  const figures: HttpFigure[] = [];
  let verified = 0;
  for (const batch of HTTP.batches) {
    const batches = bodies(batch);
    const scenario: Scenario = {
      kind: 'decisions',
      path: api.path,
      headers: api.headers,
      bodies: batches.bodies,
      expected: batches.expected.map((answers) => answers.join('')),
      actions: batches.checks.map((list) => list.map((c) => c.action)),
      answer: api.answer,
    };
    const run = await runLoad(
      api.url,
      scenario,
      { concurrency: HTTP.concurrency, warmupSeconds: HTTP.warmupSeconds, seconds },
      () => () => null,
    );
    const decisions = run.count * batch;
    verified += decisions;
    const pct = (p: number) => round(percentile(run.latencies, p), 3);
    const figure: HttpFigure = {
      batch,
      decisionsPerSecond: Math.round(decisions / run.seconds),
      requestsPerSecond: Math.round(run.count / run.seconds),
      requests: run.count,
      decisions,
      seconds: round(run.seconds, 3),
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
      allowedShare: round(run.allowed / Math.max(1, decisions), 3),
      // The client fails the run on the first answer that differs from the index's.
      mismatches: 0,
    };
    figures.push(figure);
    console.log(
      `  ${label} batch ${String(batch)}: ${fmt(figure.requestsPerSecond)} req/s · ${fmt(figure.decisionsPerSecond)} decisions/s · p50 ${String(figure.p50Ms)} ms · p99 ${String(figure.p99Ms)} ms per request (${fmt(figure.requests)} requests, ${String(HTTP.concurrency)} clients, ${String(figure.seconds)} s; client ${String(round(run.cpuCores, 2))} cores)`,
    );
  }
  return { figures, verified, mismatches: 0 };
}

// ---- Cerbos --------------------------------------------------------------------------------

/**
 * Each user's roles flattened, as Cerbos (which has no groups) needs them: their own role and the
 * roles of their groups and every ancestor. Read from the generated directory, not from the index.
 */
function flattenedRoles(dir: Directory): Map<string, string[]> {
  const roleIdByName = new Map(dir.roles.map((r) => [r.name, r.id]));
  const groups = new Map(dir.groups.map((g) => [g.id, g]));
  const out = new Map<string, string[]>();
  for (const user of dir.users) {
    const roles = new Set<string>();
    const own = roleIdByName.get(user.role);
    if (own) roles.add(own);
    for (const groupId of user.groupIds) {
      const seen = new Set<string>();
      for (let g = groups.get(groupId); g && !seen.has(g.id); g = groups.get(g.parent ?? '')) {
        seen.add(g.id);
        for (const roleId of g.roleIds) roles.add(roleId);
      }
    }
    out.set(user.id, [...roles]);
  }
  return out;
}

/**
 * Bodies for Cerbos's POST /api/check/resources: its API asks for one principal per request, so a
 * batch is `batch` consecutive checks of the pool, all asked for the batch's first user.
 */
function cerbosBatchesOf(
  checks: Checks,
  can: (user: string, module: ModuleName, action: string) => boolean,
  roles: Map<string, string[]>,
  batch: number,
  count: number,
  from: number,
): Batches {
  const size = checks.users.length;
  const bodies: string[] = [];
  const expected: Uint8Array[] = [];
  const lists: CerbosCheck[][] = [];
  let i = from;
  for (let b = 0; b < count; b++) {
    const user = checks.users[i % size] as string;
    const list: CerbosCheck[] = [];
    const answers = new Uint8Array(batch);
    for (let j = 0; j < batch; j++, i++) {
      const k = i % size;
      const module = checks.modules[k] as ModuleName;
      const action = checks.actions[k] as string;
      list.push({ module, action });
      answers[j] = can(user, module, action) ? 1 : 0;
    }
    const principalRoles = roles.get(user) ?? [];
    // Cerbos requires at least one role; a user without any is denied everything either way.
    const principal = { id: user, roles: principalRoles.length > 0 ? principalRoles : ['none'] };
    bodies.push(checkResourcesBody(`b${String(b)}`, principal, list));
    expected.push(answers);
    lists.push(list);
  }
  return { bodies, expected, checks: lists, end: i };
}

interface CerbosResults {
  version: string | null;
  /** Why Cerbos was not measured (null when it was). */
  skipped: string | null;
  figures: HttpFigure[];
  verified: number;
  mismatches: number;
  startMs: number | null;
}

/**
 * Cerbos on the same directory: started, measured at each batch size like the decision API, every
 * answer compared with the index's, stopped. Skipped (with the reason) where it cannot run.
 */
async function cerbosPeer(
  dir: Directory,
  checks: Checks,
  index: AccessIndex,
  from: number,
  seconds: number,
): Promise<CerbosResults> {
  const found = findCerbos();
  if ('missing' in found) {
    console.log(`Cerbos: skipped, ${found.missing}`);
    return {
      version: null,
      skipped: found.missing,
      figures: [],
      verified: 0,
      mismatches: 0,
      startMs: null,
    };
  }
  const t = process.hrtime.bigint();
  const cerbos = await startCerbos(found.binary, found.version, dir.roles);
  const startMs = ms(t);
  try {
    const roles = flattenedRoles(dir);
    console.log(
      `Cerbos ${cerbos.version}: one resource policy per module, each user's roles flattened (own role + groups' and ancestors' roles) into the principal; POST /api/check/resources, one principal per request (a batch is the first user's), ${String(HTTP.concurrency)} raw-socket keep-alive clients in a separate process; started in ${String(round(startMs))} ms`,
    );
    const can = (user: string, module: ModuleName, action: string) =>
      index.can(user, module, action);
    const measured = await httpFigures(
      'Cerbos',
      { url: cerbos.url, path: '/api/check/resources', headers: {}, answer: 'cerbos' },
      (batch) => {
        const batches = cerbosBatchesOf(checks, can, roles, batch, HTTP.bodies, from);
        from = batches.end;
        return batches;
      },
      seconds,
    );
    if (measured.mismatches > 0) {
      console.log(
        `Cerbos cross-check: ERROR, ${fmt(measured.mismatches)} of ${fmt(measured.verified)} answers differ from the index's`,
      );
    } else {
      console.log(
        `Cerbos cross-check: ${fmt(measured.verified)} answers, identical to the in-process index's`,
      );
    }
    return { version: cerbos.version, skipped: null, ...measured, startMs };
  } finally {
    await cerbos.stop();
  }
}

// ---- run -------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      casbin: { type: 'string', default: '5.51.1' },
      'http-seconds': { type: 'string', default: String(HTTP.seconds) },
    },
    strict: true,
  });
  const seed = Number(values.seed);
  const httpSeconds = Number(values['http-seconds']);
  if (!Number.isFinite(httpSeconds) || httpSeconds <= 0)
    throw new Error('--http-seconds must be a positive number');
  const gc = getGc();
  let errors = 0;

  console.log(
    `access bench · node ${process.version} · ${os.cpus()[0]?.model.trim() ?? '?'} × ${String(os.cpus().length)} · seed ${String(seed)}`,
  );

  // -- 10k users: the index against casbin --
  const small = generate(seed, SMALL);
  const maxDepth = Math.max(...small.depth.values());
  console.log(
    `\ndirectory: ${fmt(SMALL.users)} users, ${fmt(SMALL.groups)} groups (depth ≤ ${String(maxDepth)}), ${String(SMALL.roles)} roles`,
  );
  let t = process.hrtime.bigint();
  const index = AccessIndex.build(small);
  const smallBuildMs = ms(t);
  const checks = randomChecks(seed + 1, small, POOL_SIZE);
  const indexCheck = (i: number) =>
    index.can(
      checks.users[i] as string,
      checks.modules[i] as ModuleName,
      checks.actions[i] as string,
    );

  // Warm-up: every user's grants cached, and the call sites hot.
  for (const user of small.users) index.effective(user.id);
  loop(checks, indexCheck, 1_000_000, 0.5);
  const indexTimed = timeEach(INDEX_TIMED_CALLS, checks, indexCheck);
  const indexLoop = loop(checks, indexCheck, INDEX_LOOP_CALLS, 2);
  console.log(
    `AccessIndex  build ${round(smallBuildMs)} ms · ${fmt(indexLoop.perSecond)} checks/s (${fmt(indexLoop.calls)} calls, ${String(Math.round(indexLoop.allowedShare * 100))}% allowed)`,
  );
  console.log(
    `             p50 ${String(indexTimed.latency.p50Us)} µs · p99 ${String(indexTimed.latency.p99Us)} µs · p99.9 ${String(indexTimed.latency.p999Us)} µs · max ${String(indexTimed.latency.maxUs)} µs (${fmt(INDEX_TIMED_CALLS)} calls timed one by one; timer ≈ ${String(indexTimed.latency.timerOverheadUs)} µs)`,
  );

  const casbin = loadCasbin(values.casbin);
  t = process.hrtime.bigint();
  const policy = casbinPolicy(small);
  const enforcer = await casbin.newEnforcer(
    casbin.newModelFromString(CASBIN_MODEL),
    new casbin.StringAdapter(policy),
  );
  const casbinBuildMs = ms(t);
  const casbinCheck = (i: number) =>
    enforcer.enforceSync(
      checks.subjects[i] as string,
      checks.modules[i] as string,
      checks.actions[i] as string,
    );
  loop(checks, casbinCheck, 2_000, 0.5);
  const casbinTimed = timeEach(CASBIN_TIMED_CALLS, checks, casbinCheck);
  const casbinLoop = loop(checks, casbinCheck, 10_000, CASBIN_LOOP_SECONDS);
  console.log(
    `casbin ${values.casbin} load ${round(casbinBuildMs)} ms (${fmt(policy.split('\n').length)} policy lines) · ${fmt(casbinLoop.perSecond)} checks/s (${fmt(casbinLoop.calls)} calls)`,
  );
  console.log(
    `             p50 ${String(casbinTimed.latency.p50Us)} µs · p99 ${String(casbinTimed.latency.p99Us)} µs · p99.9 ${String(casbinTimed.latency.p999Us)} µs · max ${String(casbinTimed.latency.maxUs)} µs (${fmt(CASBIN_TIMED_CALLS)} calls timed one by one)`,
  );

  // Cross-check: the same answer on every check of a large sample.
  let mismatches = 0;
  const examples: string[] = [];
  let allowedBoth = 0;
  for (let i = 0; i < CROSS_CHECKS; i++) {
    const a = indexCheck(i);
    const b = casbinCheck(i);
    if (a) allowedBoth++;
    if (a !== b) {
      mismatches++;
      if (examples.length < 5)
        examples.push(
          `${checks.users[i] ?? ''} ${checks.modules[i] ?? ''}.${checks.actions[i] ?? ''}: index ${String(a)}, casbin ${String(b)}`,
        );
    }
  }
  // And the timed calls' answers, which both sides recorded.
  for (let i = 0; i < CASBIN_TIMED_CALLS; i++)
    if (indexTimed.answers[i] !== casbinTimed.answers[i]) mismatches++;
  const checked = CROSS_CHECKS + CASBIN_TIMED_CALLS;
  if (mismatches > 0) {
    errors++;
    console.log(`cross-check: ERROR, ${fmt(mismatches)} of ${fmt(checked)} answers differ:`);
    for (const e of examples) console.log(`  ${e}`);
  } else {
    console.log(
      `cross-check: ${fmt(checked)} checks, identical answers (${String(Math.round((allowedBoth / CROSS_CHECKS) * 100))}% allowed)`,
    );
  }

  const ratio = indexLoop.perSecond / casbinLoop.perSecond;
  const ratioOk = ratio >= TARGETS.ratio;
  const p99Ok = indexTimed.latency.p99Us < TARGETS.p99Us;
  console.log(
    `ratio: ${fmt(ratio)}× casbin (target ≥ ${String(TARGETS.ratio)}×) ${verdict(ratioOk)} · p99 ${String(indexTimed.latency.p99Us)} µs (target < ${String(TARGETS.p99Us)} µs) ${verdict(p99Ok)}`,
  );

  // -- the same directory behind POST /api/access/check --
  const loaded = await startLoadedServer(small);
  const httpResults: Record<string, HttpFigure> = {};
  let httpMismatches = 0;
  let httpVerified = 0;
  // Checks of the pool past those compared with casbin above.
  let from = CROSS_CHECKS + CASBIN_TIMED_CALLS;
  try {
    const { server } = loaded;
    const token = await signInSuperuser(server.url);
    const checkUrl = `${server.url}/api/access/check`;
    console.log(
      `HTTP: the same directory in SQLite behind POST /api/access/check, as the superuser, ${String(HTTP.concurrency)} raw-socket keep-alive clients in a separate process (lib/http-load.ts), ${String(httpSeconds)} s per batch size after ${String(HTTP.warmupSeconds)} s warm-up`,
    );
    const ask: Ask = async (body, list) =>
      gatehouseDecisions(checkUrl, await postChecks(checkUrl, token, body), list.length);

    // A sample at the API's largest batch, every answer compared with the in-process index.
    const sample = batchesOf(checks, indexCheck, HTTP.maxBatch, HTTP.verifyBatches, from);
    from = sample.end;
    for (const [b, body] of sample.bodies.entries()) {
      const expected = sample.expected[b] as Uint8Array;
      httpMismatches += compare(await ask(body, sample.checks[b] ?? []), expected).mismatches;
      httpVerified += expected.length;
    }

    const measured = await httpFigures(
      'Gatehouse',
      {
        url: server.url,
        path: '/api/access/check',
        headers: { authorization: token },
        answer: 'gatehouse',
      },
      (batch) => {
        const batches = batchesOf(checks, indexCheck, batch, HTTP.bodies, from);
        from = batches.end;
        return batches;
      },
      httpSeconds,
    );
    httpVerified += measured.verified;
    httpMismatches += measured.mismatches;
    for (const figure of measured.figures) httpResults[`batch${String(figure.batch)}`] = figure;
  } finally {
    await loaded.server.stop();
    loaded.remove();
  }
  const httpSummary = Object.values(httpResults).map(
    (figure) =>
      `batch ${String(figure.batch)}: ${fmt(figure.decisionsPerSecond)} decisions/s` +
      (figure.batch === 1 ? ` (${fmt(figure.requestsPerSecond)} req/s)` : ''),
  );
  console.log(`HTTP /api/access/check: ${httpSummary.join(', ')}`);
  if (httpMismatches > 0) {
    errors++;
    console.log(
      `HTTP cross-check: ERROR, ${fmt(httpMismatches)} of ${fmt(httpVerified)} answers differ from the index's`,
    );
  } else {
    console.log(
      `HTTP cross-check: ${fmt(httpVerified)} answers over HTTP, identical to the in-process index's (directory loaded in ${String(round(loaded.loadMs))} ms, server started in ${String(round(loaded.startMs))} ms)`,
    );
  }

  // -- the same directory as Cerbos policies, through Cerbos's HTTP API --
  const cerbosResults = await cerbosPeer(small, checks, index, from, httpSeconds);
  if (cerbosResults.mismatches > 0) errors++;
  const peerRows = [
    ...Object.values(httpResults).map((f) => ['Gatehouse /api/access/check', f] as const),
    ...cerbosResults.figures.map(
      (f) => [`Cerbos ${cerbosResults.version ?? ''} /api/check/resources`, f] as const,
    ),
  ];
  console.log(
    `\n${table(
      ['decision API over HTTP', 'batch', 'req/s', 'decisions/s', 'p50 ms', 'p99 ms'],
      peerRows.map(([name, f]) => [
        name,
        cell(f.batch),
        cell(f.requestsPerSecond),
        cell(f.decisionsPerSecond),
        cell(f.p50Ms, 3),
        cell(f.p99Ms, 3),
      ]),
    )}`,
  );

  // -- 100k users: build, heap, re-parenting --
  const large = generate(seed, LARGE);
  console.log(
    `\ndirectory: ${fmt(LARGE.users)} users, ${fmt(LARGE.groups)} groups (depth ≤ ${String(Math.max(...large.depth.values()))}), ${String(LARGE.roles)} roles`,
  );
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  t = process.hrtime.bigint();
  const big = AccessIndex.build(large);
  const largeBuildMs = ms(t);
  gc();
  const heapBuilt = process.memoryUsage().heapUsed;
  t = process.hrtime.bigint();
  for (const user of large.users) big.effective(user.id);
  const warmAllMs = ms(t);
  gc();
  const heapWarm = process.memoryUsage().heapUsed;
  const mb = (bytes: number) => round(bytes / 2 ** 20);
  console.log(
    `build ${round(largeBuildMs)} ms · heap +${String(mb(heapBuilt - heapBefore))} MB built, +${String(mb(heapWarm - heapBefore))} MB with every user's grants cached (resolving all: ${round(warmAllMs)} ms)`,
  );

  const largeChecks = randomChecks(seed + 2, large, POOL_SIZE);
  const bigCheck = (i: number) =>
    big.can(
      largeChecks.users[i] as string,
      largeChecks.modules[i] as ModuleName,
      largeChecks.actions[i] as string,
    );
  loop(largeChecks, bigCheck, 1_000_000, 0.5);
  const largeTimed = timeEach(INDEX_TIMED_CALLS, largeChecks, bigCheck);
  const largeLoop = loop(largeChecks, bigCheck, INDEX_LOOP_CALLS, 2);
  console.log(
    `checks: ${fmt(largeLoop.perSecond)} checks/s · p99 ${String(largeTimed.latency.p99Us)} µs (all cached)`,
  );

  // Re-parent the groups at depth 1–2 with the most members beneath them, one at a time under a
  // root of another tree, each time with every user's grants cached; time the patch plus the
  // next effective() of a member of the deepest group below.
  const membersBelow = (groupId: string) => {
    let n = 0;
    for (const id of big.subtree(groupId)) n += big.membersOfGroup(id).length;
    return n;
  };
  const candidates = large.groups
    .filter((g) => (large.depth.get(g.id) ?? 0) <= 2)
    .map((g) => ({ group: g, members: membersBelow(g.id), groups: big.subtree(g.id).size }))
    .sort((a, b) => b.members - a.members)
    .slice(0, 5);
  const roots = large.groups.filter((g) => g.parent === null);
  const moves: {
    group: string;
    descendants: number;
    members: number;
    invalidated: number;
    patchMs: number;
    effectiveMs: number;
    totalMs: number;
  }[] = [];
  for (const { group, members, groups } of candidates) {
    const current = big.group(group.id) ?? group;
    const to = roots.find(
      (r) =>
        r.id !== current.parent &&
        r.id !== big.lineage(group.id).at(-1) &&
        !big.cycle(group.id, r.id),
    );
    if (!to) continue;
    for (const user of large.users) big.effective(user.id);
    const cachedBefore = big.size.cached;
    // A member of the deepest group below: its whole lineage changes.
    const deepest = [...big.subtree(group.id)]
      .filter((id) => big.membersOfGroup(id).length > 0)
      .sort((a, b) => (large.depth.get(b) ?? 0) - (large.depth.get(a) ?? 0))[0];
    const affected = big.membersOfGroup(deepest ?? group.id)[0];
    if (!affected) continue;
    const levelBefore = big.effective(affected)?.level;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    big.upsertGroup({ ...current, parent: to.id });
    const t1 = process.hrtime.bigint();
    const after = big.effective(affected);
    const t2 = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpu0);
    if (!after?.reach.has(to.id)) {
      errors++;
      console.log(`ERROR: after moving ${group.id} under ${to.id}, ${affected} does not reach it`);
    }
    const move = {
      group: group.id,
      descendants: groups - 1,
      members,
      invalidated: cachedBefore - big.size.cached,
      patchMs: round(Number(t1 - t0) / 1e6, 3),
      effectiveMs: round(Number(t2 - t1) / 1e6, 3),
      totalMs: round(Number(t2 - t0) / 1e6, 3),
      /** CPU time of the process meanwhile: wall time minus waiting for a busy machine. */
      cpuMs: round((cpu.user + cpu.system) / 1000, 1),
    };
    moves.push(move);
    console.log(
      `re-parent ${move.group} (${fmt(move.descendants)} groups, ${fmt(move.members)} memberships below; ${fmt(move.invalidated)} cached users dropped) under ${to.id}: patch ${String(move.patchMs)} ms + effective(${affected}) ${String(move.effectiveMs)} ms = ${String(move.totalMs)} ms [cpu ${String(move.cpuMs)} ms] (level ${String(levelBefore)} → ${String(after?.level)})`,
    );
  }
  const worstMove = Math.max(...moves.map((m) => m.totalMs));
  const moveOk = moves.length > 0 && worstMove < TARGETS.reparentMs;
  console.log(
    `re-parenting: worst ${String(worstMove)} ms of ${String(moves.length)} (target < ${String(TARGETS.reparentMs)} ms) ${verdict(moveOk)}`,
  );

  const results = {
    ...environment(),
    seed,
    targets: TARGETS,
    small: {
      size: SMALL,
      maxDepth,
      index: { buildMs: round(smallBuildMs), latency: indexTimed.latency, throughput: indexLoop },
      casbin: {
        version: values.casbin,
        model:
          'RBAC, g = _, _ (user→group, group→parent, group→role, user→role); p = role, module, action',
        matcher: 'r.obj == p.obj && r.act == p.act && g(r.sub, p.sub)',
        policyLines: policy.split('\n').length,
        loadMs: round(casbinBuildMs),
        latency: casbinTimed.latency,
        throughput: casbinLoop,
      },
      crossCheck: { checks: checked, mismatches, examples },
      ratio: round(ratio),
      pass: { ratio: ratioOk, p99: p99Ok },
    },
    http: {
      endpoint: 'POST /api/access/check',
      dialect: 'sqlite',
      caller: 'superuser',
      clients: HTTP.concurrency,
      note: 'raw-socket keep-alive clients in a separate process (bench/lib/http-load.ts), every answer compared with the index; the server runs in the bench process',
      loadMs: round(loaded.loadMs),
      startMs: round(loaded.startMs),
      ...httpResults,
      seconds: httpSeconds,
      crossCheck: { checks: httpVerified, mismatches: httpMismatches },
    },
    cerbos: {
      endpoint: 'POST /api/check/resources',
      version: cerbosResults.version,
      skipped: cerbosResults.skipped,
      model:
        'one resource policy per module (kind), an action allowed to the roles granting it; principal roles = own role + roles of groups and their ancestors, flattened by the bench',
      batching: "one principal per request: a batch is 100 checks for the batch's first user",
      clients: HTTP.concurrency,
      note: 'raw-socket keep-alive clients in a separate process (bench/lib/http-load.ts), every answer compared with the index; Cerbos runs as its own process on 127.0.0.1',
      startMs: cerbosResults.startMs === null ? null : round(cerbosResults.startMs),
      ...Object.fromEntries(cerbosResults.figures.map((f) => [`batch${String(f.batch)}`, f])),
      crossCheck: { checks: cerbosResults.verified, mismatches: cerbosResults.mismatches },
    },
    large: {
      size: LARGE,
      maxDepth: Math.max(...large.depth.values()),
      buildMs: round(largeBuildMs),
      heapBuiltMB: mb(heapBuilt - heapBefore),
      heapWarmMB: mb(heapWarm - heapBefore),
      resolveAllMs: round(warmAllMs),
      latency: largeTimed.latency,
      throughput: largeLoop,
      reparent: moves,
      pass: { reparent: moveOk },
    },
    errors,
  };
  console.log(`\nresults: ${path.relative(process.cwd(), writeResults('access', results))}`);
  return errors > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
