// One Vite build, two entry pages: the hub at / (index.html) and the console at /_/ (_/index.html).
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { budget } from './budget.js';

const root = import.meta.dirname;

export default defineConfig(({ mode }) => {
  // A build is always React's production build, even when run under NODE_ENV=test (vitest runs
  // `npm start` in the quick-start test, and the budget below is about what users download).
  if (mode === 'production') process.env.NODE_ENV = 'production';
  return {
    root,
    base: '/',
    plugins: [react(), budget({ root, page: 'index.html', maxInitialJsGzip: 250 * 1024 })],
    build: {
      outDir: path.resolve(root, '../dist/ui'),
      emptyOutDir: true,
      // The hashed files live under /assets/ and are cached for a year (src/http/static-ui.ts).
      assetsDir: 'assets',
      chunkSizeWarningLimit: 1024,
      rolldownOptions: {
        input: {
          hub: path.resolve(root, 'index.html'),
          console: path.resolve(root, '_/index.html'),
        },
      },
    },
    server: { proxy: { '/api': 'http://127.0.0.1:8090' } },
  };
});
