// The Encours process, as a function: opens the database file, imports the demo ledger into an
// empty one (first start), builds the app, watches the inbox, listens, and prepares the models'
// answers in the background. main.ts calls it with the command line's configuration; tests call
// it with their own.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { Database } from './db/database.ts';
import { buildApp } from './app.ts';
import { importJobs } from './import/jobs.ts';
import { markInterruptedImports } from './import/importer.ts';
import { prepareAfterData, stopPreparing } from './prepare.ts';
import { saveDemoSnapshots } from './forecast/snapshots.ts';
import { Inbox } from './import/inbox.ts';
import { databaseIsEmpty, importDemo, prepareDemo } from './demo/bootstrap.ts';
import { seedDemoCollections } from './demo/collections.ts';
import { readSettings } from './models/settings.ts';
import { checkTemplates } from './reminders/templates.ts';
import { Auth, LOOPBACK_HOSTS } from './auth/access.ts';
import { countUsers, databaseId } from './auth/users.ts';
import { randomBytes } from 'node:crypto';
import { removeServerFile, writeServerFile } from './server-file.ts';

export interface Running {
  app: FastifyInstance;
  db: Database;
  url: string;
  /** the background preparation started at start (snapshot, risk model, forecast, backtests) */
  prepared: Promise<void>;
  close: () => Promise<void>;
}

/** Started where the network can reach it without any account: refused, saying what to do. */
export class UnsafeStart extends Error {}

export async function serve(config: Config, log: (message: string) => void, options: { logger?: boolean } = {}): Promise<Running> {
  const db = await Database.open(config.dbPath, { threads: config.threads, memoryLimit: config.memoryLimit });
  try {
    // this process holds the database file alone: what a stopped one left half-done is finished here
    const interrupted = await markInterruptedImports(db);
    if (interrupted) log(`${interrupted} import${interrupted > 1 ? 's' : ''} interrupted when Encours last stopped marked failed (nothing of them was kept): import the file${interrupted > 1 ? 's' : ''} again.`);
    const tmpDir = db.scratchDir; // emptied by the open: uploads cut off by the stop are gone
    const accounts = (await countUsers(db)) > 0;
    const loopback = LOOPBACK_HOSTS.includes(config.host);
    // (a reverse proxy in front, or another host name, lets the network in just the same)
    if (!accounts && (!loopback || config.allowedHosts.length > 0 || config.trustProxy)) {
      throw new UnsafeStart(
        `Encours would answer the network (--host ${config.host}${config.allowedHosts.length ? `, --allowed-hosts ${config.allowedHosts.join(',')}` : ''}${config.trustProxy ? ', --trust-proxy' : ''}) without any account: anyone reaching this machine could read and change everything. ` +
          `Create the first admin first — npx encours users add <name> --admin --db ${config.dbPath} — or start on 127.0.0.1.`,
      );
    }
    // the name users type to reach a server that answers the network
    const allowedHosts = [...config.allowedHosts, ...(loopback || config.host === '0.0.0.0' || config.host === '::' ? [] : [config.host])];
    const cliToken = randomBytes(24).toString('base64url');
    const auth = new Auth(accounts, { allowedHosts, cliToken });
    const demo = config.demo && (await databaseIsEmpty(db));
    mkdirSync(dirname(config.settingsPath), { recursive: true });
    const truth = demo ? await prepareDemo(config.demoDir, config.settingsPath, log, config.demoClients) : undefined;
    const settings = readSettings(config.settingsPath);
    // a user's letter templates are checked now: a broken one is said at once (its letters say it too)
    if (settings.reminders.templates_dir) {
      try {
        checkTemplates(settings.reminders.templates_dir);
      } catch (err) {
        log(`The letter templates in ${settings.reminders.templates_dir} cannot be used: ${(err as Error).message}`);
      }
    }
    const jobs = importJobs(db, settings);
    if (truth) {
      await importDemo(jobs, config.demoDir, truth, log);
      // what the credit controllers did about it: owners, contacts, reminders, promises, disputes
      // (before the past weeks' forecasts below, which count on the promises and disputes)
      // (a failure leaves the ledger without that history: said, and the start goes on)
      const started = Date.now();
      try {
        const seeded = await seedDemoCollections(db, settings, truth, { outDir: config.demoDir });
        log(`Demo collections history: ${seeded.actions.total} actions, ${seeded.promises.total} promises, ${seeded.disputes.opened} disputes since ${seeded.history_from} (${Date.now() - started} ms)`);
      } catch (err) {
        log(`The demo's collections history could not be seeded (the ledger is imported without it): ${(err as Error).message}`);
      }
    }

    const app = await buildApp({ db, jobs, settings, uiDir: config.uiDir, tmpDir, maxUploadBytes: config.maxUploadBytes, logger: options.logger, auth, trustProxy: config.trustProxy });
    const inbox = new Inbox(config.inboxDir, jobs, config.inboxPollMs, ({ file, outcome }) => log(`Inbox: ${file} → ${outcome.status}${outcome.error ? ': ' + outcome.error.summary : ''}`));
    if (config.inboxPollMs > 0) inbox.start();

    // the demo's weekly review needs past snapshots: the weeks before its last date, as forecast then
    if (truth) await saveDemoSnapshots(db, settings, 8);
    // snapshot and precompute now and after each import (prepare.ts)
    // the replaced or removed import's blocks are freed at a checkpoint, so that the file's size
    // follows its data (the CLI's imports get theirs when it closes the file)
    jobs.onDataChanged(() => void db.checkpoint().catch((err) => log(`Checkpoint failed: ${(err as Error).message}`)));
    jobs.onDataChanged(() => void prepareAfterData(db, settings, 'import', log));

    await app.listen({ host: config.host, port: config.port });
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(app.server.address() as { port: number }).port}`;
    // how the CLI of this machine finds this server and gets in (server-file.ts)
    // (a server on every interface is reached from this machine through loopback)
    const localUrl = url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
    writeServerFile(config.dbPath, { url: localUrl, pid: process.pid, database_id: await databaseId(db), token: cliToken });
    const prepared = prepareAfterData(db, settings, truth ? 'demo' : 'start', log);
    log(`serving ${config.dbPath} on ${url} (inbox: ${config.inboxDir}, settings: ${config.settingsPath})`);
    if (!accounts) {
      log(`Open mode: no account yet, so this machine uses Encours without signing in. To create the first admin, open ${url}/login and give the code ${auth.setupCode}, or run: npx encours users add <name> --admin`);
    }
    return {
      app,
      db,
      url,
      prepared,
      close: async () => {
        removeServerFile(config.dbPath);
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
