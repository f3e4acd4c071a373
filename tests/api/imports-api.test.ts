// The HTTP API through fastify's inject: upload (multipart), job progress, history, status,
// the upload size limit, and errors as sentences.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import type { ImportHistoryRow, ImportJob, ImportOutcome, Status } from '../../src/lib/contract/index.ts';
import { fixture, openTestDb, type TestDb } from '../helpers.ts';

let t: TestDb;
let app: FastifyInstance;

async function setup(maxUploadBytes = 1024 * 1024) {
  t = await openTestDb();
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes });
}
afterEach(async () => {
  await app.close();
  t.cleanup();
});

/** A multipart body built by the platform's FormData, as a browser would send it. */
async function multipart(files: { path: string; name?: string }[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', new Blob([readFileSync(f.path)]), f.name ?? f.path.split('/').pop());
  const res = new Response(form);
  return { payload: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': res.headers.get('content-type')! } };
}

describe('imports API', () => {
  beforeEach(() => setup());

  it('imports uploaded files and reports them in the history and the status', async () => {
    const body = await multipart([{ path: fixture('fec', '123456789FEC20241231.txt') }, { path: fixture('fec', '987654321FEC20241231.txt') }]);
    const res = await app.inject({ method: 'POST', url: '/api/imports?wait=true', ...body });
    expect(res.statusCode).toBe(200);
    const { outcomes } = res.json() as { outcomes: ImportOutcome[] };
    expect(outcomes.map((o) => [o.file_name, o.status, o.line_count])).toEqual([
      ['123456789FEC20241231.txt', 'active', 5],
      ['987654321FEC20241231.txt', 'active', 3],
    ]);

    const history = (await app.inject('/api/imports')).json() as { imports: ImportHistoryRow[] };
    // the files of one upload are read side by side: either may take the first import number
    expect(history.imports.map((r) => [r.file_name, r.status, r.source, r.format_detail?.encoding]).sort()).toEqual([
      ['123456789FEC20241231.txt', 'active', 'upload', 'utf-8'],
      ['987654321FEC20241231.txt', 'active', 'upload', 'windows-1252'],
    ]);
    const status = (await app.inject('/api/status')).json() as Status;
    expect(status).toEqual({
      has_data: true,
      as_of_date: '2024-03-05',
      active_imports: 2,
      entities: [
        { entity_id: '123456789', line_count: 5, first_date: '2024-01-15', last_date: '2024-02-14' },
        { entity_id: '987654321', line_count: 3, first_date: '2024-03-05', last_date: '2024-03-05' },
      ],
    });
  });

  it('answers at once with jobs whose progress can be followed to the outcome', async () => {
    const body = await multipart([{ path: fixture('fec', '123456789FEC20241231.txt') }]);
    const res = await app.inject({ method: 'POST', url: '/api/imports', ...body });
    expect(res.statusCode).toBe(202);
    const [job] = (res.json() as { jobs: ImportJob[] }).jobs;
    let current: ImportJob = job;
    for (let i = 0; i < 100 && !current.outcome; i++) {
      await new Promise((r) => setTimeout(r, 20));
      current = (await app.inject(`/api/imports/jobs/${job.job_id}`)).json() as ImportJob;
    }
    expect(current.stage).toBe('done');
    expect(current.outcome).toMatchObject({ status: 'active', line_count: 5 });
    expect((await app.inject('/api/imports/jobs/nope')).statusCode).toBe(404);
  });

  it('applies a mapping given as a form field or as a .mapping.json file', async () => {
    const viaFile = await multipart([{ path: fixture('invoices', 'custom-headers.csv') }, { path: fixture('invoices', 'custom-headers.mapping.json') }]);
    const res = await app.inject({ method: 'POST', url: '/api/imports?wait=true', ...viaFile });
    expect((res.json() as { outcomes: ImportOutcome[] }).outcomes.map((o) => o.status)).toEqual(['active']);

    const bad = await multipart([{ path: fixture('invoices', 'open-items-us.csv') }], { mapping: '{"columns": ' });
    const refused = await app.inject({ method: 'POST', url: '/api/imports?wait=true', ...bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatch(/mapping is not valid JSON/);
  });

  it('returns the readable error of a refused file', async () => {
    const body = await multipart([{ path: fixture('bad', 'unbalanced.txt') }]);
    const { outcomes } = (await app.inject({ method: 'POST', url: '/api/imports?wait=true', ...body })).json() as { outcomes: ImportOutcome[] };
    expect(outcomes[0].status).toBe('failed');
    expect(outcomes[0].error!.report).toBe(
      'unbalanced.txt: 1 entry is not balanced (debits differ from credits).\n  - line 2, column EcritureNum: entry off by 10.00 (debit 100.00, credit 90.00) (VE 1)\n' +
        'What to do: Every entry (JournalCode + EcritureNum) of a FEC must balance. Export the ledger again from the accounting software; if the entries really are unbalanced, correct them there first. Nothing was imported.',
    );
  });

  it('says what to send when the request has no file, and 404s unknown API routes as JSON', async () => {
    const empty = await multipart([], { entity: 'X' });
    const res = await app.inject({ method: 'POST', url: '/api/imports', ...empty });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/No file received/);
    const notFound = await app.inject('/api/nothing-here');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().error).toBe('No API route GET /api/nothing-here.');
  });
});

describe('upload size limit', () => {
  beforeEach(() => setup(200));

  it('refuses a file over the limit with a clear message and imports nothing', async () => {
    const body = await multipart([{ path: fixture('fec', '123456789FEC20241231.txt') }]);
    const res = await app.inject({ method: 'POST', url: '/api/imports?wait=true', ...body });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('123456789FEC20241231.txt is larger than the upload limit of 200 bytes. Import it with the CLI (npx encours import) or the inbox folder, or raise the limit with --max-upload / ENCOURS_MAX_UPLOAD.');
    expect((await t.db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM imports`))!.n).toBe(0);
  });
});
