import { sveltekit } from '@sveltejs/kit/vite';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { DemoLastSequencer } from './tests/setup/sequencer.ts';

// In development (`npm run dev`) vite serves the UI with hot reload and proxies /api to the
// fastify process started next to it on API_PORT.
const apiPort = process.env.API_PORT ?? '3001';

// The test tiers (vitest projects): `unit` and `client` need no database file and no browser
// (npm run test:unit); `server` imports ledgers into DuckDB files, runs the models, the API
// through inject and the CLI; `e2e` drives the real server in Chromium. npm test runs them all.
export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: { '/api': `http://127.0.0.1:${apiPort}` } },
  test: {
    // vitest would keep one core for itself: the tests wait on DuckDB, child processes and Chromium
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: DemoLastSequencer },
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts'], exclude: ['tests/unit/**/*.svelte.test.ts'], isolate: false },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: { name: 'client', environment: 'happy-dom', include: ['tests/unit/**/*.svelte.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/import/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/sql/**/*.test.ts', 'tests/api/**/*.test.ts'],
          // the demo ledger imported once per run, copied by the files that need it
          globalSetup: ['tests/setup/demo-database.ts'],
          // files share a worker's loaded modules (each opens its own database file): loading the
          // server's modules again for every file cost more than the tests themselves in some
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', environment: 'node', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/setup/demo-database.ts'], testTimeout: 120_000, hookTimeout: 240_000 },
      },
    ],
  },
});
