// Starts the real Encours server (src/server/main.ts) on a free port with its own database file,
// and a real headless Chromium (Debian's chromium, driven by playwright-core).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { preparedDemo } from '../demo.ts';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page, type Request } from 'playwright-core';
import type { ParsedMail } from 'mailparser';
import { withLaterRates } from '../rates.ts';

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
  /** its database file */
  db: string;
  /** what it printed so far (its setup code in open mode) */
  output: () => string;
  /** kills it at once (SIGKILL: no shutdown of any kind), keeping its files */
  kill: () => Promise<void>;
  /** stops it (SIGTERM) and removes its files */
  stop: () => Promise<void>;
}

/**
 * Starts the built server on a free port in a folder of its own: on an empty database, or on a
 * copy of the demo database the test run prepared (tests/setup/demo-database.ts: the demo as the
 * server's first start leaves it, imported, with its past weeks' forecasts). `env` is added to its
 * environment (the SMTP server the reminders go out through: ENCOURS_SMTP_*).
 */
export async function startServer(options: { demo?: 'prepared'; args?: string[]; db?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const main = join(root, 'build', 'server', 'main.js');
  if (!existsSync(join(root, 'build', 'index.html')) || !existsSync(main)) throw new Error('The UI or the server is not built: run `npm run build` first (npm test does).');
  const dir = mkdtempSync(join(tmpdir(), 'encours-e2e-'));
  const port = await freePort();
  // options.db: the database file of a server stopped before (a restart)
  const db = options.db ?? join(dir, 'e2e.duckdb');
  const args = ['--enable-source-maps', main, '--port', String(port), '--db', db, '--no-demo', ...(options.args ?? [])];
  if (options.demo === 'prepared') {
    const demo = await preparedDemo();
    copyFileSync(demo.dbPath, db);
    // the demo's settings, with fewer simulations for the forecast's range and fewer origins for its
    // backtest: the same pages, for a fraction of the server's work in the background
    const settings = JSON.parse(readFileSync(join(demo.demoDir, 'settings.json'), 'utf8'));
    // (and rates for the semesters after the shipped ones: the letters run their charges to today)
    const reminders = { ...settings.reminders, charges: withLaterRates(settings.reminders?.charges ?? {}) };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...settings, reminders, forecast: { ...settings.forecast, simulations: 200, backtest_origins: 8 } }));
    args.push('--settings', join(dir, 'settings.json'));
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ENCOURS_THREADS: '1', ENCOURS_INBOX: join(dir, 'inbox'), ENCOURS_DEMO_DIR: join(dir, 'demo'), ENCOURS_UI_DIR: join(root, 'build'), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`The server exited (${child.exitCode}):\n${output}`);
    }
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
    db,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real SMTP server in the test process, the messages it received read back with mailparser. */
export interface SmtpSink {
  port: number;
  received: ParsedMail[];
}

/** What the browser tests on the demo ledger share: one server on the prepared demo, sending its reminders to `smtp`; one Chromium. */
export interface DemoContext {
  server: RunningServer;
  browser: Browser;
  smtp: SmtpSink;
}

/**
 * Debian's Chromium for the tests: its headless build (package chromium-headless-shell, the one
 * Playwright itself drives for headless runs: the same Blink and V8 without the desktop browser's
 * windows, tab strip and WebUI renderers, for about half the CPU over the browser tests), or the
 * full browser (package chromium) when only it is installed; CHROMIUM_PATH names another.
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p));
  if (!path || !existsSync(path)) throw new Error(`No Chromium${path ? ` at ${path}` : ''}: install Debian's (apt-get install chromium-headless-shell) or name one with CHROMIUM_PATH.`);
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

const SHOTS = join(root, 'docs', 'screenshots');

/**
 * Saves a screenshot for the README (docs/screenshots/<name>.png) when ENCOURS_SCREENSHOTS=1, as
 * `npm run screenshots` sets it; a plain test run writes nothing, so it leaves the checkout clean.
 */
export async function screenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.ENCOURS_SCREENSHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await target.screenshot({ path: join(SHOTS, `${name}.png`), ...options });
}

/**
 * Goes to a path of the app: the first time by loading the page, then as a user clicking a link
 * would, without loading the app again (SvelteKit routes the click) — several times cheaper in a
 * test that walks many pages.
 */
export async function visit(page: Page, url: string): Promise<void> {
  track(page);
  const target = new URL(url);
  const here = page.url();
  if (!here.startsWith(target.origin)) {
    await page.goto(url);
    return;
  }
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    document.body.append(a);
    a.click();
    a.remove();
  }, target.pathname + target.search);
  await page.waitForURL(url);
}

/** The API requests in flight on each page that visit() went through. */
const inFlight = new WeakMap<Page, Set<Request>>();

function track(page: Page): Set<Request> {
  let pending = inFlight.get(page);
  if (!pending) {
    const set = new Set<Request>();
    page.on('request', (r) => r.url().includes('/api/') && set.add(r));
    page.on('requestfinished', (r) => set.delete(r));
    page.on('requestfailed', (r) => set.delete(r));
    inFlight.set(page, set);
    pending = set;
  }
  return pending;
}

/**
 * Waits until the page visit() brought has no API request in flight and none starts over the next
 * two frames: its data is in and drawn. Playwright's 'networkidle' waits for half a second of
 * silence each time, which a test walking twenty pages pays twenty times.
 */
export async function settled(page: Page): Promise<void> {
  const pending = track(page);
  for (;;) {
    while (pending.size) await new Promise((r) => setTimeout(r, 10));
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    if (!pending.size) return;
  }
}
