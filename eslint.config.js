// Lint: typescript-eslint strict type-checked over src, test, bench and ui (plus React's hook rules).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

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
);
