// Entry point of `npm start`: one process that owns the DuckDB file, serves /api and the built
// UI, watches the inbox, and closes cleanly on SIGINT/SIGTERM.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { Database } from './db/database.ts';
import { buildApp } from './app.ts';
import { importJobs } from './import/jobs.ts';
import { prepareAfterData } from './prepare.ts';
import { saveDemoSnapshots } from './forecast/snapshots.ts';
import { Inbox } from './import/inbox.ts';
import { databaseIsEmpty, importDemo, prepareDemo } from './demo/bootstrap.ts';
import { readSettings } from './models/settings.ts';

function fail(err: unknown): never {
  console.error((err as Error).message);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

const db = await Database.open(config.dbPath).catch(fail);
const log = (msg: string) => console.log(`[encours] ${msg}`);

const demo = config.demo && (await databaseIsEmpty(db));
mkdirSync(dirname(config.settingsPath), { recursive: true });
const truth = demo ? await prepareDemo(config.demoDir, config.settingsPath, log) : undefined;
let settings;
try {
  settings = readSettings(config.settingsPath);
} catch (err) {
  fail(err);
}
const jobs = importJobs(db, settings);
if (truth) await importDemo(jobs, config.demoDir, truth, log);

const app = await buildApp({ db, jobs, settings, uiDir: config.uiDir, tmpDir: join(dirname(config.dbPath), 'tmp'), maxUploadBytes: config.maxUploadBytes, logger: true });

const inbox = new Inbox(config.inboxDir, jobs, config.inboxPollMs, ({ file, outcome }) => log(`Inbox: ${file} → ${outcome.status}${outcome.error ? ': ' + outcome.error.summary : ''}`));
if (config.inboxPollMs > 0) inbox.start();

const shutdown = async (signal: string) => {
  log(`${signal}: closing`);
  inbox.stop();
  await app.close();
  db.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// the demo's weekly review needs past snapshots: the weeks before its last date, as forecast then
if (truth) await saveDemoSnapshots(db, settings, 8);
// snapshot and precompute now and after each import (prepare.ts)
jobs.onImported(() => void prepareAfterData(db, settings, 'import', log));

await app.listen({ host: config.host, port: config.port });
void prepareAfterData(db, settings, truth ? 'demo' : 'start', log);
log(`serving ${config.dbPath} on http://${config.host}:${(app.server.address() as { port: number }).port} (inbox: ${config.inboxDir}, settings: ${config.settingsPath})`);
