// First start on an empty database: generate the demo ledger (with the payment terms of its
// clients as the settings file, unless there is one) and import it, so a newcomer sees a full
// dashboard at once.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/database.ts';
import type { ImportJobs } from '../import/jobs.ts';
import { generateDemoLedger, type DemoTruth } from './generate.ts';

export async function databaseIsEmpty(db: Database): Promise<boolean> {
  const row = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM imports WHERE status = 'active'`);
  return !row || row.n === 0;
}

/** Writes the demo files when missing, and its settings when there are none yet. */
export async function prepareDemo(demoDir: string, settingsPath: string, log: (msg: string) => void, clients = 250): Promise<DemoTruth> {
  const truthPath = join(demoDir, 'ground-truth.json');
  let truth: DemoTruth;
  if (existsSync(truthPath) && existsSync(join(demoDir, 'settings.json'))) truth = JSON.parse(readFileSync(truthPath, 'utf8')) as DemoTruth;
  else {
    log(`Empty database: generating the demo ledger in ${demoDir}`);
    truth = await generateDemoLedger({ outDir: demoDir, clients });
  }
  if (!existsSync(settingsPath)) {
    copyFileSync(join(demoDir, 'settings.json'), settingsPath);
    log(`Settings for the demo ledger (its clients' payment terms) written to ${settingsPath}`);
  }
  return truth;
}

export async function importDemo(jobs: ImportJobs, demoDir: string, truth: DemoTruth, log: (msg: string) => void): Promise<void> {
  for (const f of truth.files) {
    const outcome = await jobs.start(join(demoDir, f.file), { source: 'demo', fileName: f.file }).done;
    log(`Demo ledger ${f.file}: ${outcome.status}, ${outcome.line_count} lines`);
    if (outcome.status === 'failed') throw new Error(outcome.error?.report ?? `The demo file ${f.file} failed to import.`);
  }
}
