// The demo database of a test run, made once by the first test file that asks for it: the demo
// ledger generated and imported, its models built, its collections history seeded, its past
// weeks' forecasts saved, its backtests and latest risk scores kept (as the server's first start
// leaves it). Test files run in several processes: the first to take the lock (an atomic mkdir)
// makes it, the others wait for its ready file.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { Database } from '../src/server/db/database.ts';
import { generateDemoLedger } from '../src/server/demo/generate.ts';
import { importFile } from '../src/server/import/importer.ts';
import { rebuildModels } from '../src/server/models/runner.ts';
import { readSettings } from '../src/server/models/settings.ts';
import { saveDemoSnapshots } from '../src/server/forecast/snapshots.ts';
import { seedDemoCollections } from '../src/server/demo/collections.ts';
import { forecastQuality } from '../src/server/reports/forecast.ts';
import { riskQuality } from '../src/server/reports/risk.ts';
import { clientsReport } from '../src/server/reports/clients.ts';

export interface PreparedDemo {
  /** the folder of the generated files, ground-truth.json and settings.json */
  demoDir: string;
  /** the prepared database file (copy it before opening) */
  dbPath: string;
  /** the import ids of the three fiscal years, in order */
  importIds: number[];
}

let made: Promise<PreparedDemo> | undefined;

export function preparedDemo(): Promise<PreparedDemo> {
  made ??= prepareOnce(inject('demoRoot'));
  return made;
}

async function prepareOnce(root: string): Promise<PreparedDemo> {
  const ready = join(root, 'ready.json');
  try {
    mkdirSync(join(root, 'lock'));
  } catch {
    // another test process makes it
    for (const deadline = Date.now() + 180_000; !existsSync(ready); ) {
      if (Date.now() > deadline) throw new Error(`The demo database in ${root} was not ready in time.`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return JSON.parse(readFileSync(ready, 'utf8')) as PreparedDemo;
  }
  const demoDir = join(root, 'demo');
  const dbPath = join(root, 'demo.duckdb');
  try {
    const truth = await generateDemoLedger({ outDir: demoDir });
    const db = await Database.open(dbPath, { threads: 1 });
    const importIds: number[] = [];
    try {
      for (const f of truth.files) {
        const outcome = await importFile(db, join(demoDir, f.file), { source: 'demo' });
        if (outcome.status !== 'active') throw new Error(outcome.error?.report ?? `the demo file ${f.file} did not import`);
        importIds.push(outcome.import_id);
      }
      const settings = readSettings(join(demoDir, 'settings.json'));
      await db.transaction((s) => rebuildModels(s, settings));
      // the credit controllers' history (collections-truth.json beside ground-truth.json), as serve.ts seeds it
      await seedDemoCollections(db, settings, truth, { outDir: demoDir });
      // the past weeks' forecasts the weekly review reads, with fewer simulations (their range only)
      await saveDemoSnapshots(db, { ...settings, forecast: { ...settings.forecast, simulations: 200 } }, 8);
      // the backtests and the latest risk scores, kept in the file as a server's first preparation
      // leaves them (models/cache.ts)
      await clientsReport(db, { entity: null, settings });
      await forecastQuality(db, settings, null);
      await riskQuality(db, settings, { entity: null });
    } finally {
      db.close();
    }
    const demo: PreparedDemo = { demoDir, dbPath, importIds };
    writeFileSync(ready, JSON.stringify(demo));
    return demo;
  } catch (err) {
    rmSync(join(root, 'lock'), { recursive: true, force: true });
    throw err;
  }
}
