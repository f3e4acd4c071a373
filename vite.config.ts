import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// In development (`npm run dev`) vite serves the UI with hot reload and proxies /api to the
// fastify process started next to it on API_PORT.
const apiPort = process.env.API_PORT ?? '3001';

export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: { '/api': `http://127.0.0.1:${apiPort}` } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'server', environment: 'node', include: ['tests/unit/**/*.test.ts', 'tests/api/**/*.test.ts', 'tests/sql/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: { name: 'client', environment: 'happy-dom', include: ['tests/unit/**/*.svelte.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', environment: 'node', include: ['tests/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 240_000, fileParallelism: false },
      },
    ],
  },
});
