// The Cerbos PDP as a peer of the access bench: the binary from @cerbos/cerbos-linux-x64 (installed
// on first use by bench/lib/peers.ts, like casbin and undici, not a devDependency: it is linux-x64
// only and ~100 MB, so `npm ci` stays portable and CI does not download it), started on 127.0.0.1 on free ports with a generated config and one resource
// policy per module, asked through its HTTP API (POST /api/check/resources) with plain fetch.
//
// Cerbos has no groups: the bench flattens each user's roles (their own role and the roles of their
// groups and every ancestor, as SPEC §2 resolves them) and sends them as the principal's roles;
// each module is a resource kind whose rules allow an action to the roles that grant it.
import { type ChildProcess, spawn } from 'node:child_process';
import { installPeer } from './lib/peers.js';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MODULE_NAMES, MODULES, type Permissions } from '../src/catalogue/modules.js';

const PACKAGE = '@cerbos/cerbos-linux-x64';
const VERSION = '0.55.0';
/** Cerbos refuses more resources per request than its limit (50 by default, 500 at most); the bench sends 100. */
const MAX_RESOURCES_PER_REQUEST = 500;

/** The binary and its version, or why there is none here. */
export function findCerbos(): { binary: string; version: string } | { missing: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return {
      missing: `${PACKAGE} ships a linux-x64 binary; this is ${process.platform}-${process.arch}`,
    };
  let manifest: string;
  try {
    const require = createRequire(path.join(installPeer(PACKAGE, VERSION), 'package.json'));
    manifest = require.resolve(`${PACKAGE}/package.json`);
  } catch (error) {
    return { missing: `${PACKAGE}@${VERSION} could not be installed: ${String(error)}` };
  }
  const { version, main } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
    version: string;
    main: string;
  };
  const binary = path.join(path.dirname(manifest), main);
  if (!fs.existsSync(binary)) return { missing: `${binary} is missing` };
  return { binary, version };
}

interface CerbosRole {
  id: string;
  permissions: Permissions;
}

/**
 * One resource policy per module: each action allowed to the roles that grant it. A module no
 * role grants anything still gets a policy (Cerbos denies by default; a kind without a policy
 * would be denied too, but explicitly is clearer).
 */
export function cerbosPolicies(roles: readonly CerbosRole[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const module of MODULE_NAMES) {
    const rules: string[] = [];
    for (const action of MODULES[module]) {
      const allowed = roles
        .filter((r) => r.permissions[module]?.actions.includes(action))
        .map((r) => r.id);
      if (allowed.length === 0) continue;
      rules.push(
        `    - actions: [${JSON.stringify(action)}]\n      effect: EFFECT_ALLOW\n      roles: [${allowed.map((id) => JSON.stringify(id)).join(', ')}]`,
      );
    }
    files.set(
      `${module}.yaml`,
      [
        'apiVersion: api.cerbos.dev/v1',
        'resourcePolicy:',
        '  version: default',
        `  resource: ${JSON.stringify(module)}`,
        rules.length > 0 ? `  rules:\n${rules.join('\n')}` : '  rules: []',
        '',
      ].join('\n'),
    );
  }
  return files;
}

/** A port free on 127.0.0.1 right now (the OS's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export interface RunningCerbos {
  url: string;
  version: string;
  /** Stops the server and removes its directory. */
  stop: () => Promise<void>;
}

/** Starts Cerbos with `roles`' policies on free ports and waits until its health check serves. */
export async function startCerbos(
  binary: string,
  version: string,
  roles: readonly CerbosRole[],
): Promise<RunningCerbos> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-cerbos-'));
  const policies = path.join(dir, 'policies');
  fs.mkdirSync(policies);
  for (const [name, text] of cerbosPolicies(roles))
    fs.writeFileSync(path.join(policies, name), text);
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(
    config,
    [
      'server:',
      `  httpListenAddr: "127.0.0.1:${httpPort}"`,
      `  grpcListenAddr: "127.0.0.1:${grpcPort}"`,
      '  requestLimits:',
      `    maxActionsPerResource: 50`,
      `    maxResourcesPerRequest: ${MAX_RESOURCES_PER_REQUEST}`,
      'storage:',
      '  driver: disk',
      '  disk:',
      `    directory: ${JSON.stringify(policies)}`,
      '    watchForChanges: false',
      'audit:',
      '  enabled: false',
      'telemetry:',
      '  disabled: true',
      '',
    ].join('\n'),
  );
  const log = path.join(dir, 'cerbos.log');
  const out = fs.openSync(log, 'w');
  const child: ChildProcess = spawn(binary, ['server', `--config=${config}`], {
    stdio: ['ignore', out, out],
    env: { ...process.env, CERBOS_NO_TELEMETRY: '1' },
  });
  fs.closeSync(out);
  // Set when the process ends (an object, so that the reads below are not narrowed away).
  const state: { exited: string | null } = { exited: null };
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      state.exited = signal ?? String(code);
      resolve();
    });
  });
  const remove = () => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const stop = async () => {
    if (state.exited === null) {
      child.kill('SIGTERM');
      await gone;
    }
    remove();
  };
  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (state.exited !== null) {
      const text = fs.readFileSync(log, 'utf8').slice(-2000);
      remove();
      throw new Error(`cerbos exited (${state.exited}) before serving:\n${text}`);
    }
    try {
      const res = await fetch(`${url}/_cerbos/health`);
      if (res.ok && ((await res.json()) as { status?: string }).status === 'SERVING') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('cerbos did not serve its health check within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, version, stop };
}

/** One check: a module (the resource kind) and an action. */
export interface CerbosCheck {
  module: string;
  action: string;
}

/** The body of POST /api/check/resources: one principal, one resource per check. */
export function checkResourcesBody(
  requestId: string,
  principal: { id: string; roles: readonly string[] },
  checks: readonly CerbosCheck[],
): string {
  return JSON.stringify({
    requestId,
    principal: { id: principal.id, roles: principal.roles },
    resources: checks.map((c, i) => ({
      actions: [c.action],
      resource: { kind: c.module, id: `r${String(i)}` },
    })),
  });
}

interface CheckResourcesAnswer {
  results?: { resource?: { id?: string }; actions?: Record<string, string> }[];
}

/** Cerbos's answers to `checks`, in order (matched by resource id): true for EFFECT_ALLOW. */
export function cerbosDecisions(answer: unknown, checks: readonly CerbosCheck[]): boolean[] {
  const results = (answer as CheckResourcesAnswer).results;
  if (!Array.isArray(results) || results.length !== checks.length)
    throw new Error(`cerbos: expected ${String(checks.length)} results`);
  const byId = new Map(results.map((r) => [r.resource?.id, r.actions]));
  return checks.map((c, i) => {
    const effect = byId.get(`r${String(i)}`)?.[c.action];
    if (effect !== 'EFFECT_ALLOW' && effect !== 'EFFECT_DENY')
      throw new Error(`cerbos: no effect for check ${String(i)}, ${c.module}.${c.action}`);
    return effect === 'EFFECT_ALLOW';
  });
}
