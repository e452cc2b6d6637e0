// Peers a benchmark measures against, installed from npm on first use into a temporary directory
// (one per package and version), never into the project: they are not dependencies of Gatehouse.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Installs `name@version` (once) and returns the directory it is installed under. */
export function installPeer(name: string, version: string): string {
  const dir = path.join(os.tmpdir(), `gatehouse-bench-${name.replace(/[@/]/g, '_')}-${version}`);
  const marker = path.join(dir, 'node_modules', name, 'package.json');
  if (!fs.existsSync(marker)) {
    console.log(`installing ${name}@${version} into ${dir} …`);
    fs.mkdirSync(dir, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
        '--prefix',
        dir,
        `${name}@${version}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  const installed = JSON.parse(fs.readFileSync(marker, 'utf8')) as { version: string };
  if (installed.version !== version)
    throw new Error(`expected ${name} ${version} in ${dir}, found ${installed.version}`);
  return dir;
}
