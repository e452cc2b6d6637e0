// The README quick start, for real: `npm start` (build + `node dist/main.js serve`) in the repo root
// on the default SQLite storage, headless and first-run, driven with the pocketbase SDK.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PocketBase from 'pocketbase';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN } from './harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 90_000;
const LISTENING = /^Gatehouse listening on (http:\/\/127\.0\.0\.1:(\d+)) \(database: sqlite\)$/m;

interface Started {
  child: ChildProcess;
  /** The process group id (the pid of `npm`, spawned detached as a group leader). */
  pgid: number;
  dir: string;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout matches `pattern` (rejects on exit or after `ms`). */
  waitFor: (pattern: RegExp, ms?: number) => Promise<RegExpMatchArray>;
}

const running: Started[] = [];

/** Whether any process of group `pgid` is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Sends `signal` to every process of group `pgid`; a group that is already gone is fine. */
function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

/** `npm start` in the repo root with a fresh data directory, until it says where it listens. */
async function npmStart(env: Record<string, string>): Promise<Started> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-quickstart-'));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('GATEHOUSE_')),
  );
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      GATEHOUSE_HTTP: '127.0.0.1:0',
      GATEHOUSE_DIR: dir,
      GATEHOUSE_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  if (child.pid === undefined) throw new Error('npm start did not spawn');
  let out = '';
  let err = '';
  let exited: string | null = null;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? String(code)}`;
    wake();
  });
  const started: Started = {
    child,
    pgid: child.pid,
    dir,
    url: '',
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern, ms = START_TIMEOUT_MS) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            done();
            resolve(match);
          } else if (exited !== null) {
            done();
            reject(new Error(`npm start ${exited} before ${String(pattern)}:\n${out}\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${String(pattern)} within ${ms} ms:\n${out}\n${err}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
  running.push(started);
  const match = await started.waitFor(LISTENING);
  started.url = match[1]!;
  return started;
}

/** SIGTERM to the whole group (npm, its shell, node); SIGKILL if anything is left after 15 s. */
async function stop(started: Started): Promise<{ graceful: boolean }> {
  killGroup(started.pgid, 'SIGTERM');
  const graceful = await until(() => !groupAlive(started.pgid), 15_000);
  if (!graceful) {
    killGroup(started.pgid, 'SIGKILL');
    await until(() => !groupAlive(started.pgid), 5_000);
  }
  fs.rmSync(started.dir, { recursive: true, force: true });
  return { graceful };
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('README quick start: npm start on SQLite', () => {
  afterEach(async () => {
    for (const started of running.splice(0)) await stop(started);
  });

  it(
    'builds, serves, creates the first accounts headlessly, and stops on SIGTERM',
    { timeout: 150_000 },
    async () => {
      const server = await npmStart({
        GATEHOUSE_USER_EMAIL: ADMIN.email,
        GATEHOUSE_USER_PASSWORD: ADMIN.password,
      });
      const { url } = server;
      expect(Number(new URL(url).port)).toBeGreaterThan(0);
      await server.waitFor(/^└─ Health: +(\S+)$/m, 10_000);
      expect(server.stdout()).toContain(`├─ REST API: ${url}/api/`);
      expect(server.stdout()).toContain(`└─ Health:   ${url}/api/health`);
      expect(server.stdout()).not.toContain('First run');
      // The default storage: SQLite in the data directory.
      expect(fs.existsSync(path.join(server.dir, 'data.db'))).toBe(true);

      expect(await getJson(`${url}/api/health`)).toEqual({
        status: 200,
        body: { code: 200, message: 'API is healthy.', data: {} },
      });
      expect(await getJson(`${url}/api/setup`)).toEqual({
        status: 200,
        body: { firstRun: false, passwordMinLength: 8 },
      });

      const pb = new PocketBase(url);
      const user = await pb.collection('users').authWithPassword(ADMIN.email, ADMIN.password);
      expect(user.record).toMatchObject({ email: ADMIN.email, role: 'admin', status: 'active' });
      expect(pb.authStore.isValid).toBe(true);
      expect(pb.authStore.isSuperuser).toBe(false);
      const refreshed = await pb.collection('users').authRefresh();
      expect(refreshed.record.id).toBe(user.record.id);

      const su = new PocketBase(url);
      const superuser = await su
        .collection('_superusers')
        .authWithPassword(ADMIN.email, ADMIN.password);
      expect(superuser.record).toMatchObject({ email: ADMIN.email, collectionName: '_superusers' });
      expect(su.authStore.isSuperuser).toBe(true);

      // SIGTERM to the process group ends npm and the server; nothing is left listening.
      running.splice(running.indexOf(server), 1);
      const { graceful } = await stop(server);
      expect(graceful).toBe(true);
      expect(groupAlive(server.pgid)).toBe(false);
      await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    },
  );

  it('prints the setup URL on a first run and offers setup', { timeout: 150_000 }, async () => {
    const server = await npmStart({});
    const { url } = server;
    const [line] = await server.waitFor(/^└─ First run: .*$/m, 10_000);
    expect(line).toBe(
      `└─ First run: open ${url}/ to create the first account (or POST ${url}/api/setup)`,
    );
    expect(await getJson(`${url}/api/setup`)).toEqual({
      status: 200,
      body: { firstRun: true, passwordMinLength: 8 },
    });
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    // Following the printed instructions creates an admin user and a superuser.
    const res = await fetch(`${url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(res.status).toBe(200);
    expect(await getJson(`${url}/api/setup`)).toEqual({
      status: 200,
      body: { firstRun: false, passwordMinLength: 8 },
    });
    const pb = new PocketBase(url);
    await pb.collection('users').authWithPassword(ADMIN.email, ADMIN.password);
    expect(pb.authStore.record).toMatchObject({ role: 'admin', name: ADMIN.name });
    const su = new PocketBase(url);
    await su.collection('_superusers').authWithPassword(ADMIN.email, ADMIN.password);
    expect(su.authStore.isSuperuser).toBe(true);
  });
});
