#!/usr/bin/env node
// `npm start`: builds the UI when it is missing or older than its sources, then runs the server.
// Flags pass through: npm start -- --port 4000 --db data/other.duckdb
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const index = join(root, 'build', 'index.html');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const uiSources = [join(root, 'src', 'routes'), join(root, 'src', 'lib')];
const stale = !existsSync(index) || uiSources.some((d) => existsSync(d) && newest(d) > statSync(index).mtimeMs);
if (stale) {
  console.log('Building the UI…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'server', 'main.ts'), ...process.argv.slice(2)], { cwd: process.cwd(), stdio: 'inherit' });
process.exit(r.status ?? 0);
