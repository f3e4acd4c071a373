#!/usr/bin/env node
// `npm run dev`: the API server (restarted by tsx watch on server changes) on API_PORT, and vite's
// dev server with hot reload on 5173, proxying /api to it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const apiPort = process.env.API_PORT ?? '3001';
const env = { ...process.env, API_PORT: apiPort };
const children = [
  spawn('npx', ['tsx', 'watch', 'src/server/main.ts', '--port', apiPort, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env }),
  spawn('npx', ['vite', 'dev'], { cwd: root, stdio: 'inherit', env }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
