// The watched inbox folder: a file dropped in data/inbox/ is imported, then moved to done/ or to
// failed/ next to a readable error report. Polling (not fs.watch) because it behaves the same on
// every file system, including network shares; a file is taken once its size stops changing.
// A mapping for an invoice CSV can be dropped beside it as <file>.mapping.json. Only regular files
// are taken: a symlink could point anywhere on the machine (/etc/passwd would land in the import
// history), a pipe would block the reader; they, and folders, are left where they are.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportJobs } from './jobs.ts';
import type { ImportOutcome } from './importer.ts';

export interface InboxEvent {
  file: string;
  outcome: ImportOutcome;
}

export class Inbox {
  private timer: NodeJS.Timeout | undefined;
  private readonly sizes = new Map<string, number>();
  private busy = false;

  constructor(
    private readonly dir: string,
    private readonly jobs: ImportJobs,
    private readonly pollMs: number,
    private readonly onImported: (e: InboxEvent) => void = () => {},
  ) {}

  start(): void {
    for (const sub of ['', 'done', 'failed']) mkdirSync(join(this.dir, sub), { recursive: true });
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One scan: imports every file whose size is unchanged since the previous scan. */
  async poll(): Promise<InboxEvent[]> {
    if (this.busy) return [];
    this.busy = true;
    const events: InboxEvent[] = [];
    try {
      for (const name of readdirSync(this.dir)) {
        if (name.startsWith('.') || name.endsWith('.mapping.json') || name.endsWith('.error.txt')) continue;
        const st = this.regularFile(name);
        if (!st) continue;
        if (this.sizes.get(name) !== st.size) {
          this.sizes.set(name, st.size); // still being written, or first seen: wait one round
          continue;
        }
        this.sizes.delete(name);
        events.push(await this.importOne(name));
      }
    } finally {
      this.busy = false;
    }
    return events;
  }

  /** The file's status when it is a regular file (lstat: a symlink is not followed), else undefined. */
  private regularFile(name: string) {
    const st = lstatSync(join(this.dir, name), { throwIfNoEntry: false });
    return st?.isFile() ? st : undefined;
  }

  private async importOne(name: string): Promise<InboxEvent> {
    const path = join(this.dir, name);
    const mappingPath = join(this.dir, `${name}.mapping.json`);
    let mapping: unknown;
    let mappingError: string | undefined;
    const mappingEntry = lstatSync(mappingPath, { throwIfNoEntry: false });
    if (mappingEntry && !mappingEntry.isFile()) {
      mappingError = `${name}.mapping.json is not a regular file (a link, or a folder): drop the mapping file itself.`;
    } else if (mappingEntry) {
      try {
        mapping = JSON.parse(readFileSync(mappingPath, 'utf8'));
      } catch (err) {
        mappingError = `${name}.mapping.json is not valid JSON (${(err as Error).message}).`;
      }
    }
    let outcome: ImportOutcome;
    if (mappingError) {
      outcome = await this.jobs.start(path, { source: 'inbox', fileName: name, mapping: '__invalid__' }).done;
      if (outcome.error) outcome.error.report = `${mappingError}\nWhat to do: correct the mapping file and drop both files again.`;
    } else {
      outcome = await this.jobs.start(path, { source: 'inbox', fileName: name, mapping }).done;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = join(this.dir, outcome.status === 'failed' ? 'failed' : 'done', `${stamp}_${name}`);
    renameSync(path, target);
    if (existsSync(mappingPath)) renameSync(mappingPath, `${target}.mapping.json`);
    if (outcome.status === 'failed' && outcome.error) writeFileSync(`${target}.error.txt`, outcome.error.report + '\n');
    const event = { file: name, outcome };
    this.onImported(event);
    return event;
  }
}
