import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two projects: the server, the e2e specs and the UI's pure modules in node; the UI's components
// (ui/**/*.test.tsx) in happy-dom with Testing Library. `vitest run <file>` picks the right one.
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'bench/**/*.test.ts',
            'ui/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'ui',
          include: ['ui/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['ui/src/shared/test-setup.ts'],
        },
      },
    ],
  },
});
