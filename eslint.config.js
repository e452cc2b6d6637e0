// Lint: typescript-eslint strict type-checked over src, test, bench and ui (plus React's hook rules), and the layering rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// The layering, held by `no-restricted-imports` (docs/decisions/0015-rules-held-by-lint.md).
// ESLint matches the import text, not the resolved file, so each folder gets one config per depth:
// from src/<dir>/a/b.ts, `../x` is still inside <dir> and `../../../x` is src/x.

/** `..` repeated `n` + 1 times, as a regex: the way up from a file `n` folders below src/<dir> to src. */
const upToSrc = (n) => `\\.\\.(?:/\\.\\.){${n}}`;
/** The ways of naming a file inside the same src/<dir> from `n` folders below it. */
const withinDir = (n) => (n === 0 ? '\\.' : `(?:\\.|\\.\\.(?:/\\.\\.){0,${n - 1}})`);
/** Path segments after the prefix: no `.` or `..` that could climb back out. */
const SEGMENTS = '(?:/(?!\\.\\.?(?:/|$))[^/]+)+';
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Configs letting the files of `src/<dir>` import only: files inside it, the src folders `dirs`,
 * the src root files `rootFiles` (without extension), and the packages `packages` (a name, or a
 * prefix ending in `:` or `/` such as `node:`). Tests may also import `testPackages` and `testDirs`
 * (src-relative, e.g. `../test` for the repository's test/ folder).
 */
function onlyImports(
  dir,
  {
    dirs = [],
    rootFiles = [],
    packages = [],
    testPackages = [],
    testDirs = [],
    message,
    ignores = [],
  },
) {
  const configs = [];
  for (const tests of [false, true]) {
    for (let depth = 0; depth <= 2; depth++) {
      const up = upToSrc(depth + dir.split('/').length - 1);
      const allowed = [`${withinDir(depth)}${SEGMENTS}`];
      if (dirs.length > 0) allowed.push(`${up}/(?:${dirs.map(escape).join('|')})${SEGMENTS}`);
      if (rootFiles.length > 0)
        allowed.push(`${up}/(?:${rootFiles.map(escape).join('|')})(?:\\.js|\\.ts)?`);
      for (const name of [...packages, ...(tests ? testPackages : [])]) {
        allowed.push(/[:/]$/.test(name) ? `${escape(name)}.+` : `${escape(name)}(?:/.+)?`);
      }
      if (tests) for (const d of testDirs) allowed.push(`${up}/${escape(d)}${SEGMENTS}`);
      const files = [`src/${dir}/${'*/'.repeat(depth)}*${tests ? '.test' : ''}.ts`];
      configs.push({
        files,
        ignores: tests ? ignores : [...ignores, '**/*.test.ts'],
        rules: {
          'no-restricted-imports': [
            'error',
            { patterns: [{ regex: `^(?!(?:${allowed.join('|')})$)`, message }] },
          ],
        },
      });
    }
  }
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'gatehouse_data/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Fastify handlers are async by contract whether or not they await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['ui/**/*.tsx', 'ui/**/*.ts'], ...reactHooks.configs.flat.recommended },
  {
    files: ['ui/**/*.tsx', 'ui/**/*.ts'],
    rules: {
      // TanStack Router's `throw redirect(…)` / `throw notFound()` is how a route leaves early.
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'package', package: '@tanstack/router-core', name: 'Redirect' }] },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // The kernel decides from data alone: no database, no HTTP, no feature, no package. node:net is
  // there for its pure address helpers (isIP, BlockList: the console allow-list, access/console.ts).
  ...onlyImports('access', {
    dirs: ['catalogue'],
    packages: ['node:net'],
    testPackages: ['vitest'],
    message: 'src/access/ is pure: it imports only src/access/, src/catalogue/ (and node:net).',
  }),
  // The bottom layers serve every feature and know none.
  ...onlyImports('db', {
    dirs: ['lib'],
    rootFiles: ['errors'],
    packages: ['node:', 'kysely', 'pg', 'better-sqlite3'],
    testPackages: ['vitest'],
    testDirs: ['../test'],
    ignores: ['src/db/migrations/**'],
    message:
      'src/db/ imports no feature: only src/db/, src/lib/, errors.ts, node: and the drivers.',
  }),
  ...onlyImports('lib', {
    rootFiles: ['errors'],
    packages: ['node:', 'zod'],
    testPackages: ['vitest'],
    message: 'src/lib/ imports no feature: only src/lib/, errors.ts, node: and zod.',
  }),
  // A migration runs the same on a fresh install and an upgraded one only if it never imports
  // live code (what it seeds is copied as it was, in migrations/frozen/).
  ...onlyImports('db/migrations', {
    packages: ['node:', 'kysely'],
    testPackages: ['vitest'],
    message:
      'A migration imports only kysely, node: and src/db/migrations/: copy what it needs as it was.',
  }),
  // Routes speak HTTP and call services; SQL is the services' and repos' business.
  {
    files: ['src/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '\\.repo(?:\\.js|\\.ts)?$', message: 'Routes call services, never a repo.' },
            {
              regex: '(?:^|/)db(?:/|$)',
              message: 'Routes never reach src/db/: go through a service.',
            },
            { group: ['kysely', 'pg', 'better-sqlite3'], message: 'Routes never build SQL.' },
          ],
        },
      ],
    },
  },
);
