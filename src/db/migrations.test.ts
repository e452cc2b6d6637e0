// Migrations never import live code: only kysely, node: built-ins and files of db/migrations/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Every module a source text imports or re-exports (static and dynamic). */
function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) if (match[1]) found.push(match[1]);
  }
  return found;
}

/** Whether `file` (in db/migrations/) may import `spec`. */
function allowed(file: string, spec: string): boolean {
  if (spec === 'kysely' || spec.startsWith('node:')) return true;
  if (!spec.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), spec);
  return target.startsWith(DIR + path.sep);
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('migrations', () => {
  it('import only kysely, node: built-ins and db/migrations/ itself', () => {
    const files = sources(DIR);
    expect(files.length).toBeGreaterThan(14);
    const outside = files.flatMap((file) =>
      importsOf(fs.readFileSync(file, 'utf8'))
        .filter((spec) => !allowed(file, spec))
        .map((spec) => `${path.relative(DIR, file)} imports ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('the check sees the imports it must refuse', () => {
    const file = path.join(DIR, '0099-example.ts');
    const text = [
      "import { BUILTIN_ROLES } from '../../access/index.js';",
      "import type { Db } from '../connect.js';",
      "import {\n  a,\n  b,\n} from './frozen/values.js';",
      "export { x } from 'zod';",
      "import 'side-effect';",
      "const words = ['import', 'export'];",
      "const m = await import('../../lib/time.js');",
    ].join('\n');
    expect(importsOf(text).filter((spec) => !allowed(file, spec))).toEqual([
      '../../access/index.js',
      '../connect.js',
      'zod',
      'side-effect',
      '../../lib/time.js',
    ]);
  });
});
