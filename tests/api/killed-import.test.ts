// A server killed (SIGKILL: no shutdown of any kind) while an import replaces a fiscal year and
// rebuilds the models: at the next start the store is the one before the import, to the cent, the
// import is in the history as failed with what to do, and the cut-off upload's file and the lines it
// had staged are gone, its copy of the file in UTF-8 too.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { preparedDemo } from '../demo.ts';
import { Database } from '../../src/server/db/database.ts';
import { startServer, type RunningServer } from '../e2e/server.ts';
import type { AgingReport, ImportHistoryRow, ImportJob } from '../../src/lib/contract/index.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.stop();
});

const json = async <T>(url: string) => (await (await fetch(url)).json()) as T;
const poll = async <T>(what: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await what();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('a server killed during an import', () => {
  it('restarts on the store as it was before, the import marked failed', async () => {
    const first = await startServer({ demo: 'prepared' });
    servers.push(first);
    const before = {
      aging: await json<AgingReport>(`${first.url}/api/aging`),
      imports: (await json<{ imports: ImportHistoryRow[] }>(`${first.url}/api/imports`)).imports,
    };

    // the demo's 2026 export, one label changed: not a duplicate, it replaces the fiscal year
    const demo = await preparedDemo();
    const text = readFileSync(join(demo.demoDir, '552081317FEC20261231.txt'), 'latin1').replace('Facture', 'FACTURE');
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(text, 'latin1')]), '552081317FEC20261231.txt');
    const res = await fetch(`${first.url}/api/imports`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const { jobs } = (await res.json()) as { jobs: ImportJob[] };
    // killed once its lines are loaded and the models are being rebuilt, inside its transaction
    await poll(async () => ((await json<ImportJob>(`${first.url}/api/imports/jobs/${jobs[0].job_id}`)).stage === 'rebuilding' ? true : undefined));
    const running = (await json<{ imports: ImportHistoryRow[] }>(`${first.url}/api/imports`)).imports[0];
    expect(running).toMatchObject({ file_name: '552081317FEC20261231.txt', status: 'running' });
    // the upload and its copy in clean UTF-8 (the file is Latin-1) are in the database's scratch folder
    const scratch = join(dirname(first.db), 'tmp', basename(first.db));
    expect(readdirSync(scratch).filter((f) => f.startsWith('import-'))).toHaveLength(1);
    await first.kill();

    const second = await startServer({ db: first.db });
    servers.push(second);
    expect(second.output()).toMatch(/1 import interrupted when Encours last stopped marked failed/);
    const after = (await json<{ imports: ImportHistoryRow[] }>(`${second.url}/api/imports`)).imports;
    expect(after[0]).toMatchObject({ import_id: running.import_id, status: 'failed', error: { summary: expect.stringMatching(/interrupted/), hint: 'Import the file again.' } });
    expect(after.slice(1)).toEqual(before.imports);
    const aging = await json<AgingReport>(`${second.url}/api/aging`);
    expect(aging.totals).toEqual(before.aging.totals);
    expect(aging.reconciliation).toEqual(before.aging.reconciliation);
    expect(existsSync(scratch) ? readdirSync(scratch) : []).toEqual([]);
    // the lines it had staged (committed in a table of their own before the models were rebuilt) are gone
    await second.stop();
    const db = await Database.open(first.db);
    try {
      const tables = await db.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'fec_lines_%' ORDER BY 1`);
      expect(tables.map((t) => t.name)).not.toContain(`fec_lines_${running.import_id}`);
      expect(tables.map((t) => t.name)).toEqual(before.imports.filter((i) => i.status === 'active' && i.format === 'fec').map((i) => `fec_lines_${i.import_id}`).sort());
    } finally {
      db.close();
    }
  });
});
