// Starts the real Encours server (src/server/main.ts) on a free port with its own database file,
// and a real headless Chromium (Debian's chromium, driven by playwright-core).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const root = join(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface RunningServer {
  url: string;
  dir: string;
  stop: () => Promise<void>;
}

export async function startServer(options: { demo?: boolean } = {}): Promise<RunningServer> {
  if (!existsSync(join(root, 'build', 'index.html'))) throw new Error('The UI is not built: run `npm run build` first (npm test does).');
  const dir = mkdtempSync(join(tmpdir(), 'encours-e2e-'));
  const port = await freePort();
  const args = ['--import', 'tsx', join(root, 'src', 'server', 'main.ts'), '--port', String(port), '--db', join(dir, 'e2e.duckdb')];
  if (!options.demo) args.push('--no-demo');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ENCOURS_INBOX: join(dir, 'inbox'), ENCOURS_DEMO_DIR: join(dir, 'demo'), ENCOURS_UI_DIR: join(root, 'build') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`The server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
