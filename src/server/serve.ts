// The Encours process, as a function: opens the database file, imports the demo ledger into an
// empty one (first start), builds the app, watches the inbox, listens, and prepares the models'
// answers in the background. main.ts calls it with the command line's configuration; tests call
// it with their own.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { Database } from './db/database.ts';
import { buildApp } from './app.ts';
import { importJobs } from './import/jobs.ts';
import { prepareAfterData, stopPreparing } from './prepare.ts';
import { saveDemoSnapshots } from './forecast/snapshots.ts';
import { Inbox } from './import/inbox.ts';
import { databaseIsEmpty, importDemo, prepareDemo } from './demo/bootstrap.ts';
import { readSettings } from './models/settings.ts';

export interface Running {
  app: FastifyInstance;
  db: Database;
  url: string;
  /** the background preparation started at start (snapshot, risk model, forecast, backtests) */
  prepared: Promise<void>;
  close: () => Promise<void>;
}

export async function serve(config: Config, log: (message: string) => void, options: { logger?: boolean } = {}): Promise<Running> {
  const db = await Database.open(config.dbPath, { threads: config.threads });
  try {
    const demo = config.demo && (await databaseIsEmpty(db));
    mkdirSync(dirname(config.settingsPath), { recursive: true });
    const truth = demo ? await prepareDemo(config.demoDir, config.settingsPath, log, config.demoClients) : undefined;
    const settings = readSettings(config.settingsPath);
    const jobs = importJobs(db, settings);
    if (truth) await importDemo(jobs, config.demoDir, truth, log);

    const app = await buildApp({ db, jobs, settings, uiDir: config.uiDir, tmpDir: join(dirname(config.dbPath), 'tmp'), maxUploadBytes: config.maxUploadBytes, logger: options.logger });
    const inbox = new Inbox(config.inboxDir, jobs, config.inboxPollMs, ({ file, outcome }) => log(`Inbox: ${file} → ${outcome.status}${outcome.error ? ': ' + outcome.error.summary : ''}`));
    if (config.inboxPollMs > 0) inbox.start();

    // the demo's weekly review needs past snapshots: the weeks before its last date, as forecast then
    if (truth) await saveDemoSnapshots(db, settings, 8);
    // snapshot and precompute now and after each import (prepare.ts)
    jobs.onImported(() => void prepareAfterData(db, settings, 'import', log));

    await app.listen({ host: config.host, port: config.port });
    const url = `http://${config.host}:${(app.server.address() as { port: number }).port}`;
    const prepared = prepareAfterData(db, settings, truth ? 'demo' : 'start', log);
    log(`serving ${config.dbPath} on ${url} (inbox: ${config.inboxDir}, settings: ${config.settingsPath})`);
    return {
      app,
      db,
      url,
      prepared,
      close: async () => {
        inbox.stop();
        await app.close();
        // what is being computed ahead finishes its step, the rest is not started
        await stopPreparing(db);
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
