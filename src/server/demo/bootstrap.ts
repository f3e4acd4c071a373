// First start on an empty database: generate the demo ledger and import it, so a newcomer sees
// a full dashboard at once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/database.ts';
import type { ImportJobs } from '../import/jobs.ts';
import { generateDemoLedger, type DemoTruth } from './generate.ts';

export async function importDemoIfEmpty(db: Database, jobs: ImportJobs, demoDir: string, log: (msg: string) => void): Promise<boolean> {
  const row = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM imports WHERE status = 'active'`);
  if (row && row.n > 0) return false;
  const truthPath = join(demoDir, 'ground-truth.json');
  let truth: DemoTruth;
  if (existsSync(truthPath)) truth = JSON.parse(readFileSync(truthPath, 'utf8')) as DemoTruth;
  else {
    log(`Empty database: generating the demo ledger in ${demoDir}`);
    truth = await generateDemoLedger({ outDir: demoDir });
  }
  for (const f of truth.files) {
    const outcome = await jobs.start(join(demoDir, f.file), { source: 'demo', fileName: f.file }).done;
    log(`Demo ledger ${f.file}: ${outcome.status}, ${outcome.line_count} lines`);
    if (outcome.status === 'failed') throw new Error(outcome.error?.report ?? `The demo file ${f.file} failed to import.`);
  }
  return true;
}
