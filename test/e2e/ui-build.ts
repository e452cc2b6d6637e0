// One UI build per source content, shared by every e2e file of a run (and by the next run when
// nothing changed): a cache folder named by a hash of what the build reads, filled by whichever
// process takes the lock first; the others wait for it. Each caller gets its own copy, which it may
// delete when done (the e2e files do), without pulling the build from under another file's server.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the builds are kept; GATEHOUSE_E2E_UI_CACHE moves it (e.g. into a CI workspace). */
const CACHE = process.env.GATEHOUSE_E2E_UI_CACHE ?? path.join(os.tmpdir(), 'gatehouse-e2e-ui');
/** What the build reads: the UI, the server files it shares (zod schemas), the pins, the config. */
const INPUTS = ['ui', 'src', 'package.json', 'package-lock.json'];
/** A lock older than this with no build to show for it was left by a process that died. */
const STALE_LOCK_MS = 5 * 60_000;
/** Builds of other contents are removed once this old. */
const KEEP_MS = 24 * 3600_000;

function listFiles(entry: string, out: string[]): void {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    out.push(entry);
    return;
  }
  for (const name of fs.readdirSync(entry).sort()) {
    // Tests do not change the build; a new test file must not cost a rebuild.
    if (/\.test\.tsx?$/.test(name) || name === 'node_modules') continue;
    listFiles(path.join(entry, name), out);
  }
}

/** A hash of every input's path and content: the name of the build made from them. */
export function uiSourceHash(root = ROOT): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  for (const input of INPUTS) listFiles(path.join(root, input), files);
  for (const file of files) {
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 24);
}

async function viteBuild(outDir: string): Promise<string> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    // --bypass-lock: Vite 8 refuses a second build of the same config at once ("Found another Vite
    // build process"), e.g. the quick-start test's `npm start`; this one writes a folder of its own.
    [
      vite,
      'build',
      '--config',
      'ui/vite.config.ts',
      '--outDir',
      outDir,
      '--logLevel',
      'warn',
      '--bypass-lock',
    ],
    // vitest sets NODE_ENV=test, which would give React's development build.
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } },
  );
  return stdout;
}

function removeOldBuilds(keep: string): void {
  for (const name of fs.readdirSync(CACHE)) {
    const entry = path.join(CACHE, name);
    if (name === keep || name.startsWith(`${keep}.`)) continue;
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > KEEP_MS) {
      fs.rmSync(entry, { recursive: true, force: true });
    }
  }
}

/** The cached build for the current sources: `{cache}/{hash}/ui` and its `output.txt`. */
async function cachedBuild(): Promise<string> {
  fs.mkdirSync(CACHE, { recursive: true });
  const key = uiSourceHash();
  const done = path.join(CACHE, key);
  const lock = `${done}.lock`;
  for (;;) {
    if (fs.existsSync(done)) return done;
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another process is building it: wait, unless its lock was abandoned.
      const stat = fs.statSync(lock, { throwIfNoEntry: false });
      if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      if (fs.existsSync(done)) return done;
      const partial = fs.mkdtempSync(`${done}.partial-`);
      const output = await viteBuild(path.join(partial, 'ui'));
      fs.writeFileSync(path.join(partial, 'output.txt'), output);
      // The rename is atomic: a waiter sees no build or a whole one.
      fs.renameSync(partial, done);
      removeOldBuilds(key);
      return done;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

/**
 * The UI built into a temporary folder of the caller's own (never dist/ui, which a quick-start test
 * may be rebuilding), with the build's console output (the budget lines). Built once per source
 * content; later calls copy the cached build (7 files, about 1 MB).
 */
export async function buildUi(): Promise<{ dir: string; output: string }> {
  const build = await cachedBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-ui-'));
  fs.cpSync(path.join(build, 'ui'), dir, { recursive: true });
  return { dir, output: fs.readFileSync(path.join(build, 'output.txt'), 'utf8') };
}
