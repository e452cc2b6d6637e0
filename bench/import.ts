// CSV import benchmark, in one run: 10k rows without passwords through the HTTP dry run + confirm,
// next to a plain batched insert of the same rows (users + memberships, one transaction) on a fresh
// database; then 1k rows with passwords through the same path, next to the raw argon2id ceiling
// (the same number of hashes at the same parameters, as many in flight as libuv has threads).
//
//   npx tsx bench/import.ts [--rows 10000] [--password-rows 1000] [--repeat 5] [--db postgres://…]
//                           [--profile-dir DIR]
//
// SQLite is always measured; with --db the 10k-row figure is also taken on PostgreSQL (a fresh
// schema, dropped afterwards). Results go to bench/results/import.json. Exits non-zero on errors
// only, not when a ratio misses its target.
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { OWASP_PARAMS, PasswordHasher } from '../src/accounts/passwords.js';
import type { Config } from '../src/config.js';
import { createServices } from '../src/services.js';
import { newId, randomString, randomStrings } from '../src/lib/ids.js';
import { nowTimestamp } from '../src/lib/time.js';
import { startServer } from '../src/server.js';
import { startProfile } from './lib/cpu-profile.js';
import { freshConfig } from './lib/fresh-database.js';
import { cpuSeconds } from './lib/machine.js';
import { environment, writeResults } from './lib/report.js';
import { ascending, percentile, round } from './lib/stats.js';

/** The import end to end may take at most this multiple of the plain insert… */
const TARGET_RATIO = 3;
/** …and at most this long for 10k rows on SQLite. */
const TARGET_SECONDS = 2;
/** Hashing throughput through the import, as a share of the raw ceiling. */
const TARGET_HASH_SHARE = 0.85;
const ADMIN = { email: 'bench@example.com', password: 'bench-correct-horse-battery-staple' };
const GROUPS = ['Security Team', 'Managers'];

interface Options {
  rows: number;
  passwordRows: number;
  repeat: number;
  db: string;
  /** Where to write a CPU profile of the first HTTP dry run + confirm ('' for none). */
  profileDir: string;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '10000' },
      'password-rows': { type: 'string', default: '1000' },
      repeat: { type: 'string', default: '5' },
      db: { type: 'string', default: '' },
      'profile-dir': { type: 'string', default: '' },
    },
    strict: true,
  });
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  if (values.db !== '' && !/^postgres(ql)?:\/\//.test(values.db))
    throw new Error('--db must be a postgres://… URL (SQLite is always measured)');
  return {
    rows: positive('rows', values.rows),
    passwordRows: positive('password-rows', values['password-rows']),
    repeat: positive('repeat', values.repeat),
    db: values.db,
    profileDir: values['profile-dir'],
  };
}

/** The CSV of `n` users; with passwords when asked. Every user joins both groups. */
function csvOf(n: number, passwords: boolean): string {
  const lines = [passwords ? 'name,email,groups,role,password' : 'name,email,groups,role'];
  for (let i = 0; i < n; i++) {
    const row = `User ${i},user${i}@example.com,"${GROUPS.join(',')}",user`;
    lines.push(passwords ? `${row},pw-${i}-${randomString(12)}` : row);
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function withFreshConfig<T>(dbUrl: string, body: (config: Config) => Promise<T>): Promise<T> {
  const fresh = freshConfig(dbUrl, { initialUser: ADMIN });
  try {
    return await body(fresh.config);
  } finally {
    await fresh.dispose();
  }
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

interface ProfileTarget {
  dir: string;
  name: string;
}

/** Wall time of the HTTP dry run + confirm of `csv` on a fresh server (groups made beforehand). */
async function httpImport(dbUrl: string, csv: string, rows: number, profile?: ProfileTarget) {
  return withFreshConfig(dbUrl, async (config) => {
    const server = await startServer(config);
    try {
      const auth = await json<{ token: string }>(
        await fetch(`${server.url}/api/collections/_superusers/auth-with-password`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identity: ADMIN.email, password: ADMIN.password }),
        }),
      );
      const headers = { authorization: auth.token };
      for (const name of GROUPS) {
        await json(
          await fetch(`${server.url}/api/collections/groups/records`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ name }),
          }),
        );
      }
      const profiling = profile ? await startProfile(profile.dir, profile.name) : null;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const dry = await json<{ id: string; summary: { create: number; error: number } }>(
        await fetch(`${server.url}/api/users/import`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'text/csv' },
          body: csv,
        }),
      );
      const dryMs = performance.now() - started;
      if (dry.summary.create !== rows || dry.summary.error !== 0)
        throw new Error(`dry run planned ${JSON.stringify(dry.summary)}`);
      const result = await json<{ created: number }>(
        await fetch(`${server.url}/api/users/import/${dry.id}/confirm`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: '{}',
        }),
      );
      const totalMs = performance.now() - started;
      const cpuMs = cpuMsSince(cpu);
      if (profiling) console.log(`  profile: ${await profiling.stop()}`);
      if (result.created !== rows) throw new Error(`confirm created ${result.created}`);
      return { totalMs, dryMs, confirmMs: totalMs - dryMs, cpuMs };
    } finally {
      await server.stop();
    }
  });
}

/** The same users and memberships, written with batched INSERTs in one transaction. */
async function plainInsert(dbUrl: string, rows: number) {
  return withFreshConfig(dbUrl, async (config) => {
    const services = await createServices(config);
    try {
      const now = nowTimestamp();
      const groupIds = GROUPS.map(() => newId());
      await services.db
        .insertInto('groups')
        .values(
          GROUPS.map((name, i) => ({
            id: groupIds[i] ?? '',
            name,
            description: '',
            parent: '',
            created: now,
            updated: now,
          })),
        )
        .execute();
      const cpu = process.cpuUsage();
      const started = performance.now();
      // Ids and token keys as the import makes them (one CSPRNG call each, not one per user).
      const ids = randomStrings(rows, 15);
      const keys = randomStrings(rows, 50);
      await services.db.transaction().execute(async (tx) => {
        for (let start = 0; start < rows; start += 500) {
          const batch = Array.from({ length: Math.min(500, rows - start) }, (_, k) => {
            const i = start + k;
            return {
              id: ids[i] ?? '',
              email: `user${i}@example.com`,
              emailVisibility: 0,
              verified: 0,
              name: `User ${i}`,
              username: null,
              role: 'user',
              status: 'active',
              kind: 'user',
              passwordHash: null,
              tokenKey: keys[i] ?? '',
              created: now,
              updated: now,
            };
          });
          await tx.insertInto('users').values(batch).execute();
          await tx
            .insertInto('record_relations')
            .values(
              batch.flatMap((u) =>
                groupIds.map((targetId, pos) => ({
                  collection: 'users',
                  field: 'groups',
                  recordId: u.id,
                  targetId,
                  pos: pos + 1,
                })),
              ),
            )
            .execute();
        }
      });
      return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
    } finally {
      await services.close();
    }
  });
}

/** The ceiling: `n` argon2id hashes at the import's parameters, as many in flight as libuv threads. */
async function rawHashes(n: number): Promise<number> {
  const hasher = new PasswordHasher(OWASP_PARAMS);
  const width = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        next++;
        await hasher.hash(`pw-${next}-${randomString(12)}`);
      }
    }),
  );
  return performance.now() - started;
}

/** CPU time of the whole process (all threads) since `from`, in ms: steadier than wall time on a busy machine. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  return cpuSeconds(process.cpuUsage(from)) * 1000;
}

/** The middle run (the lower of the two middle ones for an even count): always a measured run. */
const median = (values: number[]) => percentile(ascending(values), 0.5);

async function main() {
  const options = parseOptions();
  const cores = os.availableParallelism();
  console.log(
    `CSV import benchmark · ${cores} cores · libuv threads ${Number(process.env.UV_THREADPOOL_SIZE) || 4} · node ${process.version}`,
  );
  const csv = csvOf(options.rows, false);
  const env = environment();
  const results: Record<string, unknown> = {
    at: env.date,
    ...env,
    cores,
    rows: options.rows,
    passwordRows: options.passwordRows,
    repeat: options.repeat,
  };

  const dialects: [string, string][] = [['sqlite', '']];
  if (options.db) dialects.push(['postgres', options.db]);
  for (const [label, url] of dialects) {
    // Warm up once (JIT, prepared code paths), then the median of `repeat` fresh databases each.
    await plainInsert(url, Math.min(1000, options.rows));
    await httpImport(url, csvOf(Math.min(1000, options.rows), false), Math.min(1000, options.rows));
    const plain: { ms: number; cpuMs: number }[] = [];
    const imports: { totalMs: number; dryMs: number; confirmMs: number; cpuMs: number }[] = [];
    for (let i = 0; i < options.repeat; i++) {
      plain.push(await plainInsert(url, options.rows));
      const profile = i === 0 ? { dir: options.profileDir, name: `import-${label}` } : undefined;
      imports.push(await httpImport(url, csv, options.rows, profile));
    }
    const plainMs = median(plain.map((m) => m.ms));
    const plainCpuMs = median(plain.map((m) => m.cpuMs));
    const importCpuMs = median(imports.map((m) => m.cpuMs));
    const importMs = median(imports.map((m) => m.totalMs));
    const chosen = imports.find((m) => m.totalMs === importMs) ?? imports[0];
    const ratio = importMs / plainMs;
    console.log(`${label}: ${options.rows} rows without passwords`);
    console.log(
      `  plain batched insert (users + memberships)  ${plainMs.toFixed(0)} ms (CPU ${plainCpuMs.toFixed(0)} ms)`,
    );
    console.log(
      `  HTTP dry run + confirm                     ${importMs.toFixed(0)} ms (dry run ${chosen?.dryMs.toFixed(0)} ms, confirm ${chosen?.confirmMs.toFixed(0)} ms)`,
    );
    console.log(
      `  CPU ${importCpuMs.toFixed(0)} ms, CPU ratio ${(importCpuMs / plainCpuMs).toFixed(2)}×`,
    );
    console.log(
      `  ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×)${label === 'sqlite' ? ` · ${(importMs / 1000).toFixed(2)} s (target < ${TARGET_SECONDS} s)` : ''}`,
    );
    results[label] = {
      plainInsertMs: round(plainMs),
      importMs: round(importMs),
      dryRunMs: round(chosen?.dryMs ?? 0),
      confirmMs: round(chosen?.confirmMs ?? 0),
      ratio: round(ratio, 2),
      plainInsertCpuMs: round(plainCpuMs),
      importCpuMs: round(importCpuMs),
      cpuRatio: round(importCpuMs / plainCpuMs, 2),
      loadAverage: os.loadavg().map((v) => round(v, 2)),
      rowsPerSecond: round((options.rows / importMs) * 1000, 0),
      runs: {
        plainMs: plain.map((v) => round(v.ms)),
        importMs: imports.map((m) => round(m.totalMs)),
      },
      meetsTarget:
        ratio <= TARGET_RATIO && (label !== 'sqlite' || importMs < TARGET_SECONDS * 1000),
    };
  }

  // Passwords: raw ceiling first, then the import, in the same process and run.
  await rawHashes(Math.min(50, options.passwordRows));
  const rawMs = await rawHashes(options.passwordRows);
  const withPasswords = await httpImport(
    '',
    csvOf(options.passwordRows, true),
    options.passwordRows,
  );
  const share = rawMs / withPasswords.totalMs;
  console.log(`sqlite: ${options.passwordRows} rows with passwords`);
  console.log(
    `  raw argon2id ceiling    ${rawMs.toFixed(0)} ms (${((options.passwordRows / rawMs) * 1000).toFixed(1)} hashes/s)`,
  );
  console.log(
    `  HTTP dry run + confirm  ${withPasswords.totalMs.toFixed(0)} ms (${((options.passwordRows / withPasswords.totalMs) * 1000).toFixed(1)} rows/s)`,
  );
  console.log(
    `  share of the ceiling ${(share * 100).toFixed(1)} % (target ≥ ${TARGET_HASH_SHARE * 100} %)`,
  );
  results.passwords = {
    rawHashMs: round(rawMs),
    rawHashesPerSecond: round((options.passwordRows / rawMs) * 1000),
    importMs: round(withPasswords.totalMs),
    dryRunMs: round(withPasswords.dryMs),
    confirmMs: round(withPasswords.confirmMs),
    share: round(share, 3),
    meetsTarget: share >= TARGET_HASH_SHARE,
  };
  console.log(`results: ${path.relative(process.cwd(), writeResults('import', results))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
