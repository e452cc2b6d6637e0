// The layering rules in eslint.config.js, checked import by import, so none can be deleted silently.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Only the rule under test, without type information: fast, and the fixtures need not exist.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

/** The restricted-import messages ESLint gives `file` for one import of `from`. */
async function refusals(file: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${from}';\nexport { x };\n`, {
    filePath: file,
  });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

// [importing file, import text, allowed]
const CASES: [string, string, boolean][] = [
  // access/ is pure: itself and catalogue/ only.
  ['src/access/x.ts', './grants.js', true],
  ['src/access/x.ts', '../catalogue/modules.js', true],
  ['src/access/x.ts', '../records/records.service.js', false],
  ['src/access/x.ts', '../db/connect.js', false],
  ['src/access/x.ts', '../lib/ids.js', false],
  ['src/access/x.ts', '../errors.js', false],
  ['src/access/x.ts', '../catalogue/../records/x.js', false],
  ['src/access/x.ts', './../records/x.js', false],
  ['src/access/x.ts', 'kysely', false],
  ['src/access/x.ts', 'node:crypto', false],
  ['src/access/x.ts', 'node:net', true],
  ['src/access/x.ts', 'node:fs', false],
  ['src/access/x.ts', 'vitest', false],
  ['src/access/x.test.ts', 'vitest', true],
  ['src/access/x.test.ts', '../../test/harness.js', false],
  ['src/access/sub/x.ts', '../grants.js', true],
  ['src/access/sub/x.ts', '../../catalogue/modules.js', true],
  ['src/access/sub/x.ts', '../../tokens/tokens.repo.js', false],
  // db/ and lib/ import no feature.
  ['src/db/x.ts', './dialect.js', true],
  ['src/db/x.ts', '../lib/time.js', true],
  ['src/db/x.ts', '../errors.js', true],
  ['src/db/x.ts', 'kysely', true],
  ['src/db/x.ts', 'pg', true],
  ['src/db/x.ts', 'better-sqlite3', true],
  ['src/db/x.ts', 'node:fs', true],
  ['src/db/x.ts', '../audit/audit.repo.js', false],
  ['src/db/x.ts', '../access/index.js', false],
  ['src/db/x.ts', '../services.js', false],
  ['src/db/x.ts', '../config.js', false],
  ['src/db/x.ts', 'fastify', false],
  ['src/db/x.test.ts', '../../test/harness.js', true],
  ['src/lib/x.ts', './ids.js', true],
  ['src/lib/x.ts', '../errors.js', true],
  ['src/lib/x.ts', 'zod', true],
  ['src/lib/x.ts', 'node:crypto', true],
  ['src/lib/x.ts', '../db/connect.js', false],
  ['src/lib/x.ts', '../accounts/jwt.js', false],
  ['src/lib/x.ts', 'kysely', false],
  // A migration never imports live code.
  ['src/db/migrations/0099-new.ts', 'kysely', true],
  ['src/db/migrations/0099-new.ts', 'node:crypto', true],
  ['src/db/migrations/0099-new.ts', './0001-init.js', true],
  ['src/db/migrations/0099-new.ts', '../dialect.js', false],
  ['src/db/migrations/0099-new.ts', '../../lib/time.js', false],
  ['src/db/migrations/0099-new.ts', '../../audit/chain.js', false],
  // Routes never reach a repo or db/.
  ['src/tokens/tokens.routes.ts', './tokens.service.js', true],
  ['src/tokens/tokens.routes.ts', '../http/principal.js', true],
  ['src/tokens/tokens.routes.ts', './tokens.repo.js', false],
  ['src/tokens/tokens.routes.ts', '../accounts/users.repo.js', false],
  ['src/tokens/tokens.routes.ts', '../db/connect.js', false],
  ['src/records/sub/x.routes.ts', '../../db/dialect.js', false],
  ['src/tokens/tokens.routes.ts', 'kysely', false],
  // Features other than these are not held by these rules.
  ['src/tokens/tokens.service.ts', './tokens.repo.js', true],
];

describe('layering lint rules', () => {
  it.each(CASES)('%s importing %s: allowed %s', async (file, from, allowed) => {
    const messages = await refusals(file, from);
    if (allowed) expect(messages).toEqual([]);
    else expect(messages).toHaveLength(1);
  });
});
