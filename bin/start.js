#!/usr/bin/env node
// `npm start`: builds the UI and the server bundle when they are missing or older than their
// sources, then runs the server. Flags pass through: npm start -- --port 4000 --db data/other.duckdb
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isStale } from './stale.js';

const root = join(import.meta.dirname, '..');
const src = (...dirs) => dirs.map((d) => join(root, 'src', d));

if (isStale(join(root, 'build', 'index.html'), src('routes', 'lib'))) {
  console.log('Building the UI…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const main = join(root, 'build', 'server', 'main.js');
if (isStale(main, src('server', 'lib/contract', 'lib/shared'))) {
  const { buildServer } = await import('./build-server.js');
  await buildServer();
}
const r = spawnSync(process.execPath, ['--enable-source-maps', main, ...process.argv.slice(2)], { cwd: process.cwd(), stdio: 'inherit' });
process.exit(r.status ?? 0);
