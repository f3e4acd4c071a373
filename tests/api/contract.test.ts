// The API contract (src/lib/contract) held by the server: every route of the contract is served,
// and a real answer of each, on the demo ledger, matches its schema — answers and errors. Each
// success is saved as the route's contract snapshot (tests/contract/*.json, arrays cut short), the
// input of the UI's tests; a snapshot that no longer matches its schema fails here until it is
// written again (UPDATE_CONTRACT=1), and then the UI tests tell what the UI must follow. A
// missing snapshot is written, except in CI (CI=true) where it fails, so CI never writes its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';
import { buildApp } from '../../src/server/app.ts';
import { routes, type RouteName } from '../../src/lib/contract/index.ts';
import { ErrorBody } from '../../src/lib/contract/common.ts';
import type { AgingReport, ImportJob } from '../../src/lib/contract/index.ts';
import { fixture, openDemoCopy, type DemoDb } from '../helpers.ts';
import { snapshotFile, trimmed } from '../contract/snapshots.ts';

let t: DemoDb;
let app: FastifyInstance;
/** the answers checked so far, by route and status */
const answered = new Map<string, unknown>();

beforeAll(async () => {
  t = await openDemoCopy();
  // fewer simulations and backtest origins: the answers have the same shape, many times sooner
  const settings = { ...t.settings, forecast: { ...t.settings.forecast, simulations: 100, backtest_origins: 6 } };
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 10 * 1024 * 1024, settings });
});
afterAll(async () => {
  await app.close();
  t.cleanup();
});

const mismatches = (schema: TSchema, body: unknown) =>
  [...Value.Errors(schema, body)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);

/** Checks an answer against the route's schema for its status, and saves (or checks) its snapshot. */
function hold(name: RouteName, res: LightMyRequestResponse, status: number): unknown {
  expect(res.statusCode, `${name}: ${res.body.slice(0, 300)}`).toBe(status);
  const schema = (routes[name].response as Record<number, TSchema>)[status];
  expect(schema, `${name} declares no ${status} answer`).toBeDefined();
  const body = res.json();
  expect(mismatches(schema, body), `${name} ${status}: the answer breaks its schema`).toEqual([]);
  answered.set(`${name} ${status}`, body);

  if (status >= 300) return body;
  const file = snapshotFile(name, status);
  if (!existsSync(file) || process.env.UPDATE_CONTRACT === '1') {
    expect(process.env.CI === 'true' && !existsSync(file), `the contract snapshot ${file} is missing: run the tests locally and commit it`).toBe(false);
    writeFileSync(file, JSON.stringify(trimmed(body), null, 2) + '\n');
  } else {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(mismatches(schema, saved), `${file} no longer matches the contract: write it again with UPDATE_CONTRACT=1 and make the UI follow`).toEqual([]);
  }
  return body;
}

const get = (url: string) => app.inject(url);

describe('the API contract on the demo ledger', () => {
  it('serves every route of the contract', () => {
    for (const [name, r] of Object.entries(routes)) expect(app.hasRoute({ method: r.method, url: r.url }), name).toBe(true);
  });

  it('answers the status, the health check and the import history', async () => {
    hold('status', await get('/api/status'), 200);
    hold('health', await get('/api/health'), 200);
    hold('imports', await get('/api/imports'), 200);
    hold('imports', await get('/api/imports?limit=0'), 400);
  });

  it('answers the aged balance, its history, the DSO and the clients', async () => {
    const aging = hold('aging', await get('/api/aging'), 200) as AgingReport;
    hold('aging', await get('/api/aging?as_of=2026-13-01'), 400);
    hold('agingHistory', await get('/api/aging/history'), 200);
    hold('dso', await get('/api/dso'), 200);
    hold('clients', await get(`/api/clients?as_of=${aging.as_of_date}`), 200);
    hold('clientItems', await get(`/api/clients/${encodeURIComponent(aging.clients[0].client_id)}/items`), 200);
    hold('clientItems', await get('/api/clients/NOPE/items'), 404);
    hold('riskQuality', await get('/api/risk/quality'), 200);
  });

  it('answers the forecast, a week of it, its past weeks and its backtest', async () => {
    hold('forecast', await get('/api/forecast'), 200);
    hold('forecastWeek', await get('/api/forecast/weeks/1'), 200);
    hold('forecastWeek', await get('/api/forecast/weeks/53'), 400);
    hold('forecastBacktest', await get('/api/forecast/backtest'), 200);
  });

  it('saves forecasts, lists them and reviews two of them', async () => {
    const status = (await get('/api/status')).json() as { as_of_date: string };
    const weekBefore = new Date(Date.parse(status.as_of_date) - 7 * 86_400_000).toISOString().slice(0, 10);
    const previous = hold('saveForecastSnapshot', await app.inject({ method: 'POST', url: '/api/forecast/snapshots', payload: { as_of: weekBefore } }), 201) as { snapshot_id: number };
    const current = (await app.inject({ method: 'POST', url: '/api/forecast/snapshots', payload: {} })).json() as { snapshot_id: number };
    hold('forecastSnapshots', await get('/api/forecast/snapshots'), 200);
    hold('forecastHistory', await get('/api/forecast/history'), 200);
    hold('forecastReview', await get(`/api/forecast/review?previous=${previous.snapshot_id}&current=${current.snapshot_id}`), 200);
    hold('forecastReview', await get(`/api/forecast/review?previous=${current.snapshot_id}&current=${previous.snapshot_id}`), 400);
    hold('forecastReview', await get(`/api/forecast/review?previous=999999&current=${current.snapshot_id}`), 404);
  });

  it('imports an upload, waiting or as a job to follow', async () => {
    const form = async () => {
      const body = new FormData();
      body.append('file', new Blob([readFileSync(fixture('fec', '123456789FEC20241231.txt'))]), '123456789FEC20241231.txt');
      const req = new Request('http://x/', { method: 'POST', body });
      return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
    };
    hold('upload', await app.inject({ method: 'POST', url: '/api/imports?wait=true', ...(await form()) }), 200);
    const { jobs } = hold('upload', await app.inject({ method: 'POST', url: '/api/imports', ...(await form()) }), 202) as { jobs: ImportJob[] };
    let job = jobs[0];
    for (let i = 0; i < 100 && !job.outcome; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await get(`/api/imports/jobs/${job.job_id}`)).json() as ImportJob;
    }
    expect(job.outcome?.status).toBe('duplicate');
    hold('importJob', await get(`/api/imports/jobs/${job.job_id}`), 200);
    hold('importJob', await get('/api/imports/jobs/nope'), 404);
  });

  it('gives every error as one sentence', () => {
    const errors = [...answered].filter(([key]) => !/ 20[0-2]$/.test(key));
    expect(errors.length).toBeGreaterThanOrEqual(6);
    for (const [key, body] of errors) expect(Value.Check(ErrorBody, body), key).toBe(true);
  });
});
