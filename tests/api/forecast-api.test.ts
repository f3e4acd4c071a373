// /api/forecast… through fastify's inject on a small ledger: the plan by week, a week's invoices,
// saved snapshots and the weekly review between two of them (30 days net).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { tableFromIPC } from 'apache-arrow';
import { buildApp } from '../../src/server/app.ts';
import type { ForecastQuality, ForecastHistoryWeek, ForecastReport, ForecastReview, ForecastSnapshot, ForecastWeekDetail } from '../../src/lib/contract/index.ts';
import { openTestDb, type TestDb } from '../helpers.ts';
import { load, receipt, sale, type L } from '../sql/ledger.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/server/models/settings.ts';

let t: TestDb;
let app: FastifyInstance;
const settings: Settings = { ...DEFAULT_SETTINGS, forecast: { ...DEFAULT_SETTINGS.forecast, prior_invoices: 0, segment_prior_invoices: 0, simulations: 200 } };

// C1 always pays 10 days after the due date: F1-F3 (January-March) paid so; F4 1 000 (01/05, due
// 31/05) paid 10/06 as usual; F5 600 (15/05, due 14/06) still open at the end.
// C2: G1 400 (01/02, due 02/03) paid 02/03; G2 800 (20/05, due 19/06) paid 19/06.
const lines: L[] = [
  ...sale('1', '2024-01-01', 'C1', 'F1', 100, 'A'),
  ...receipt('1', '2024-02-10', 'C1', 'V1', 100, 'A'),
  ...sale('2', '2024-02-01', 'C1', 'F2', 100, 'B'),
  ...receipt('2', '2024-03-12', 'C1', 'V2', 100, 'B'),
  ...sale('3', '2024-03-01', 'C1', 'F3', 100, 'C'),
  ...receipt('3', '2024-04-10', 'C1', 'V3', 100, 'C'),
  ...sale('4', '2024-05-01', 'C1', 'F4', 1000, 'D'),
  ...receipt('4', '2024-06-10', 'C1', 'V4', 1000, 'D'),
  ...sale('5', '2024-05-15', 'C1', 'F5', 600),
  ...sale('6', '2024-02-01', 'C2', 'G1', 400, 'E'),
  ...receipt('6', '2024-03-02', 'C2', 'W1', 400, 'E'),
  ...sale('7', '2024-05-20', 'C2', 'G2', 800, 'F'),
  ...receipt('7', '2024-06-19', 'C2', 'W2', 800, 'F'),
];

beforeAll(async () => {
  t = await openTestDb();
  await load(t, [{ name: '123456789FEC20241231.txt', lines }], settings);
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 1024, settings });
});
afterAll(async () => {
  await app.close();
  t.cleanup();
});

describe('forecast API', () => {
  it('GET /api/forecast: the plan by week from the day after the as-of date', async () => {
    const r = (await app.inject('/api/forecast?as_of=2024-06-01')).json() as ForecastReport;
    expect(r.weeks).toHaveLength(13);
    expect(r.weeks[0]).toMatchObject({ week: 1, start: '2024-06-02', end: '2024-06-08' });
    // F4 (due 31/05) is paid 10 days late by C1's habit: 10/06, week 2 (09/06-15/06)
    expect(r.weeks[1].open_expected).toBeGreaterThanOrEqual(1000);
    expect(r.totals.open_amount).toBe(2400);
    const weeks = (await app.inject({ url: '/api/forecast?as_of=2024-06-01&weeks=4', headers: { accept: 'application/vnd.apache.arrow.stream' } })).rawPayload;
    expect(tableFromIPC(weeks).numRows).toBe(4);
    const detail = (await app.inject('/api/forecast/weeks/2?as_of=2024-06-01')).json() as ForecastWeekDetail;
    expect(detail.items.find((i) => i.piece_ref === 'F4')).toMatchObject({ expected_in_week: 1000, probability_in_week: 1 });
    expect(detail.clients[0]).toMatchObject({ client_id: 'C1' });
    expect((await app.inject('/api/forecast/weeks/14?as_of=2024-06-01')).statusCode).toBe(400);
  });

  it('saves snapshots and reviews last week’s forecast against what came in', async () => {
    const save = async (as_of: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/forecast/snapshots', payload: { as_of } });
      expect(res.statusCode).toBe(201);
      return res.json() as ForecastSnapshot;
    };
    const previous = await save('2024-06-08');
    const current = await save('2024-06-15');
    expect(previous).toMatchObject({ as_of: '2024-06-08', reason: 'manual', items: 3 });
    const list = (await app.inject('/api/forecast/snapshots')).json() as { snapshots: ForecastSnapshot[] };
    expect(list.snapshots.map((s) => s.as_of)).toEqual(['2024-06-15', '2024-06-08']);

    const review = (await app.inject(`/api/forecast/review?previous=${previous.snapshot_id}&current=${current.snapshot_id}`)).json() as ForecastReview;
    expect(review.period).toEqual({ from: '2024-06-08', to: '2024-06-15', days: 7 });
    // F4 was expected on 10/06 and paid then: 1 000 expected, 1 000 received from C1
    expect(review.clients.find((c) => c.client_id === 'C1')).toMatchObject({ expected: 1000, received: 1000, difference: 0 });
    expect(review.totals.received).toBe(1000);
    expect(review.settled_invoices.map((i) => i.piece_ref)).toEqual(['F4']);
    expect(review.new_invoices).toEqual([]);
    // the plan's change adds up
    const c = review.change;
    expect(c.new_invoices + c.settled_invoices + c.reforecast + c.new_sales).toBeCloseTo(c.current - c.previous, 0);

    // the past weeks: only the 08/06 forecast's first week is over by the last date (19/06); 1 000 came in
    const historyAnswer = await app.inject('/api/forecast/history');
    expect(historyAnswer.statusCode, historyAnswer.body).toBe(200);
    const history = historyAnswer.json() as { weeks: ForecastHistoryWeek[] };
    expect(history.weeks).toEqual([{ snapshot_id: previous.snapshot_id, as_of: '2024-06-08', start: '2024-06-09', end: '2024-06-15', forecast: expect.any(Number), p10: expect.any(Number), p90: expect.any(Number), received: 1000 }]);
    expect(history.weeks[0].forecast).toBeGreaterThanOrEqual(1000);

    const bad = await app.inject(`/api/forecast/review?previous=${current.snapshot_id}&current=${previous.snapshot_id}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/must be dated before/);
    expect((await app.inject(`/api/forecast/review?previous=999&current=${current.snapshot_id}`)).statusCode).toBe(404);
  });

  it('GET /api/forecast/backtest says when the ledger is too short', async () => {
    const r = (await app.inject('/api/forecast/backtest')).json() as ForecastQuality;
    expect(r).toMatchObject({ available: false, reason: expect.stringMatching(/too short/) });
  });
});
