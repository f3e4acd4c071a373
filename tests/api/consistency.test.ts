// Readers always see one state of the store: while an import commits (a second company's
// ledger, so that the consolidated aged balance and the ledger balance both move), 20 readers ask
// for the aged balance over and over, each time at another date (a kept answer would not be computed
// across the commit); every answer must reconcile to the cent — the aged total and the ledger
// balance computed from one snapshot, never from two states. (Read in two statements, 8 of ~200
// answers did not: the test fails without the one snapshot.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import type { AgingReport, ImportOutcome } from '../../src/lib/contract/index.ts';
import { fixture, openDemoCopy, type DemoDb } from '../helpers.ts';
import { monthEnds } from '../../src/server/risk/model.ts';

let t: DemoDb;
let app: FastifyInstance;

beforeAll(async () => {
  t = await openDemoCopy();
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 100 * 1024 * 1024, settings: t.settings });
});
afterAll(async () => {
  await app.close();
  t.cleanup();
});

it('every aged balance read during an import reconciles with the ledger', async () => {
  // a second company's ledger (another SIREN): its open invoice moves the consolidated aged
  // balance and the ledger balance alike; the import's transaction rebuilds the models of the
  // whole demo, the window in which the readers read
  const body = new FormData();
  body.append('file', new Blob([readFileSync(fixture('fec', '987654321FEC20241231.txt'))]), '987654321FEC20241231.txt');
  const req = new Request('http://x/', { method: 'POST', body });
  const upload = { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };

  let importing = true;
  const answers: { key: string; status: number; difference: number; total: number }[] = [];
  // each read at another date and basis: an answer is kept per model build and arguments, so that
  // the readers compute again and again — across the commit — rather than read a kept answer
  const dates = monthEnds('2024-03-31', t.truth.export_date);
  let n = 0;
  const reader = async () => {
    while (importing) {
      const i = n++;
      const key = `as_of=${dates[i % dates.length]}&basis=${i % 2 ? 'invoice' : 'due'}`;
      const res = await app.inject(`/api/aging?${key}`);
      const r = res.json() as AgingReport;
      answers.push({ key, status: res.statusCode, difference: r.reconciliation?.difference, total: r.totals?.total });
      // give way to the import, as a client's network would
      await new Promise((r) => setImmediate(r));
    }
  };
  const readers = Array.from({ length: 20 }, reader);
  const outcome = await app.inject({ method: 'POST', url: '/api/imports?wait=true', ...upload }).then((res) => (res.json() as { outcomes: ImportOutcome[] }).outcomes[0]);
  // a few more reads after the commit, then stop
  await new Promise((r) => setTimeout(r, 300));
  importing = false;
  await Promise.all(readers);

  expect(outcome.status).toBe('active');
  expect(answers.length).toBeGreaterThan(40);
  expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  expect(answers.filter((a) => a.difference !== 0)).toEqual([]);
  // both states were seen: the same aged balance before the commit, and after (the second company's 1 200 added)
  const totals = new Map<string, Set<number>>();
  for (const a of answers) totals.set(a.key, (totals.get(a.key) ?? new Set()).add(a.total));
  expect([...totals.values()].some((seen) => seen.size >= 2), `${answers.length} answers`).toBe(true);
}, 120_000);
