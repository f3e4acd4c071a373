// Import jobs: every way in (upload, inbox, CLI through the API) queues its files here. The
// database's write queue already serialises the imports; a job records the stage and progress
// of one file so the Imports page can show a progress bar while it is processed.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { importFile, type ImportOptions, type ImportOutcome } from './importer.ts';
import { removeImport } from './remove.ts';
import type { ImportJob as Job } from '../../lib/contract/index.ts';
import { rebuildModels } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly db: Database,
    private readonly rebuild?: ImportOptions['rebuild'],
  ) {}

  /** Queues the import of one file; resolves with its outcome. */
  start(path: string, options: Omit<ImportOptions, 'onProgress' | 'rebuild'>): { job: Job; done: Promise<ImportOutcome> } {
    const job: Job = { job_id: randomUUID(), file_name: options.fileName ?? path, stage: 'queued', fraction: null, outcome: null, created_at: new Date().toISOString() };
    this.jobs.set(job.job_id, job);
    this.forgetOld();
    const done = importFile(this.db, path, {
      ...options,
      rebuild: this.rebuild,
      onProgress: (stage, fraction) => {
        job.stage = stage;
        job.fraction = fraction ?? null;
      },
    }).then((outcome) => {
      job.stage = 'done';
      job.fraction = 1;
      job.outcome = outcome;
      if (outcome.status === 'active') this.changed();
      return outcome;
    });
    return { job, done };
  }

  /** Removes an import in force, in one transaction with the models' rebuild (remove.ts); queued like the imports. */
  async remove(importId: number, by: string): Promise<void> {
    await this.db.transaction((s) => removeImport(s, importId, by, this.rebuild));
    this.changed();
  }

  /** Calls `listener` after each import or removal that changed the data (and so rebuilt the models). */
  onDataChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  private forgetOld(): void {
    if (this.jobs.size <= 500) return;
    for (const [id, job] of this.jobs) {
      if (job.outcome) this.jobs.delete(id);
      if (this.jobs.size <= 400) break;
    }
  }
}

/** The import queue, rebuilding the models inside each import's transaction. */
export function importJobs(db: Database, settings: Settings): ImportJobs {
  return new ImportJobs(db, (s) => rebuildModels(s, settings));
}
