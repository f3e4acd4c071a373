// Entry point of `npm start`: one process that owns the DuckDB file, serves /api and the built
// UI, watches the inbox, and closes cleanly on SIGINT/SIGTERM.
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { Database } from './db/database.ts';
import { buildApp } from './app.ts';
import { ImportJobs } from './import/jobs.ts';
import { Inbox } from './import/inbox.ts';
import { importDemoIfEmpty } from './demo/bootstrap.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

let db: Database;
try {
  db = await Database.open(config.dbPath);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const jobs = new ImportJobs(db);
const app = await buildApp({ db, jobs, uiDir: config.uiDir, tmpDir: join(config.dbPath, '..', 'tmp'), maxUploadBytes: config.maxUploadBytes, logger: true });
const log = (msg: string) => app.log.info(msg);

if (config.demo) await importDemoIfEmpty(db, jobs, config.demoDir, log);

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

await app.listen({ host: config.host, port: config.port });
log(`Encours is serving ${config.dbPath} on http://${config.host}:${(app.server.address() as { port: number }).port} (inbox: ${config.inboxDir})`);
