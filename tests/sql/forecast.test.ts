// The cash forecast on hand-worked ledgers (30 days net): an invoice already overdue is forecast
// from its client's delays given that it is still unpaid; credits in the history make part of an
// invoice uncollected; every open euro ends in a week, after the horizon, or uncollected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_DB_OPTIONS, type TestDb } from '../helpers.ts';
import { creditNote, load, receipt, sale, type L } from './ledger.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/server/models/settings.ts';
import { runForecast } from '../../src/server/forecast/forecast.ts';
import { ensureLatestSnapshots } from '../../src/server/forecast/snapshots.ts';
import { backtestForecast, finishedBacktest, spread } from '../../src/server/forecast/backtest.ts';
import { prepareAfterData } from '../../src/server/prepare.ts';
import { clientsReport } from '../../src/server/reports/clients.ts';
import { query, rebuildModels } from '../../src/server/models/runner.ts';
import { DataChanged } from '../../src/server/models/cache.ts';
import { addDays } from '../../src/server/util/dates.ts';
import { Database, type Params } from '../../src/server/db/database.ts';
import { forecastPlan, forecastQuality } from '../../src/server/reports/forecast.ts';
import { ledgerSpan } from '../../src/server/models/span.ts';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../src/server/app.ts';

let t: TestDb;
// clients learn from their own history only (no borrowing from the portfolio), for exact figures
const settings: Settings = { ...DEFAULT_SETTINGS, forecast: { ...DEFAULT_SETTINGS.forecast, prior_invoices: 0, segment_prior_invoices: 0, simulations: 200 } };

// A pays every invoice exactly 30 days after its due date: invoices of 1/1, 1/2, 1/3, 1/4
// (due 31/1, 2/3, 31/3, 1/5), paid 1/3, 1/4, 30/4, 31/5. Its invoice of 1/5 (due 31/5, 900) is open.
// B: four invoices due in March-April: three paid 10 days late, one cancelled by a credit note
// 5 days after its due date; its invoice of 10/6 (due 10/7, 400) is open, not due yet.
const lines: L[] = [
  ...sale('1', '2024-01-01', 'A', 'FA1', 100, 'A1'),
  ...receipt('1', '2024-03-01', 'A', 'VA1', 100, 'A1'),
  ...sale('2', '2024-02-01', 'A', 'FA2', 100, 'A2'),
  ...receipt('2', '2024-04-01', 'A', 'VA2', 100, 'A2'),
  ...sale('3', '2024-03-01', 'A', 'FA3', 100, 'A3'),
  ...receipt('3', '2024-04-30', 'A', 'VA3', 100, 'A3'),
  ...sale('4', '2024-04-01', 'A', 'FA4', 100, 'A4'),
  ...receipt('4', '2024-05-31', 'A', 'VA4', 100, 'A4'),
  ...sale('5', '2024-05-01', 'A', 'FA5', 900),
  ...sale('6', '2024-02-01', 'B', 'FB1', 200, 'B1'),
  ...receipt('6', '2024-03-12', 'B', 'VB1', 200, 'B1'),
  ...sale('7', '2024-02-15', 'B', 'FB2', 200, 'B2'),
  ...receipt('7', '2024-03-26', 'B', 'VB2', 200, 'B2'),
  ...sale('8', '2024-03-01', 'B', 'FB3', 200, 'B3'),
  ...receipt('8', '2024-04-10', 'B', 'VB3', 200, 'B3'),
  ...sale('9', '2024-03-10', 'B', 'FB4', 200, 'B4'),
  ...creditNote('9', '2024-04-14', 'B', 'AB4', 200, 'B4'),
  ...sale('10', '2024-06-10', 'B', 'FB5', 400),
];

beforeAll(async () => {
  t = await openTestDb();
  await load(t, [{ name: '123456789FEC20241231.txt', lines }], settings);
});
afterAll(() => t.cleanup());

describe('cash forecast', () => {
  it('forecasts an invoice 20 days overdue from a client always 30 days late: 10 days from now, not 30', async () => {
    const run = await runForecast(t.db, settings, { asOf: '2024-06-20', entity: null });
    const fa5 = run.items.find((i) => i.piece_ref === 'FA5')!;
    expect(fa5).toMatchObject({ due_date: '2024-05-31', days_past_due: 20, open_amount: 900, later: 0, uncollected: 0 });
    // due 31/5 + 30 days = 30/6, 10 days after 20/6: week 2 (27/6 to 3/7)
    expect(fa5.expected.slice(0, 3)).toEqual([0, 900, 0]);
    expect(run.report.weeks[1]).toMatchObject({ week: 2, start: '2024-06-28', end: '2024-07-04' });
  });

  it('leaves uncollected the share its client settles without cash', async () => {
    const run = await runForecast(t.db, settings, { asOf: '2024-06-20', entity: null });
    const fb5 = run.items.find((i) => i.piece_ref === 'FB5')!;
    // B: of 4 invoices, 1 credited on day 5 after its due date, 3 paid on day 10. FB5 is due
    // 10/7 (20 days ahead): 1/4 never in cash; 3/4 on 20/7 = 30 days ahead, week 5 (18/7 to 24/7).
    expect(fb5.days_past_due).toBe(-20);
    expect(fb5.uncollected).toBe(100);
    expect(fb5.expected[4]).toBe(300);
    expect(fb5.expected.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('without payment history (an open-items export), expects each invoice on its due date, overdue ones in week 1', async () => {
    const u = await openTestDb();
    try {
      // only open invoices: C due 14/02 (overdue at 05/03), D due 31/03
      await load(u, [{ name: '987654321FEC20241231.txt', lines: [...sale('1', '2024-01-15', 'C', 'FC', 300), ...sale('2', '2024-03-01', 'D', 'FD', 700)] }], settings);
      const run = await runForecast(u.db, settings, { asOf: '2024-03-05', entity: null });
      expect(run.report.method.history_invoices).toBe(0);
      expect(run.items.map((i) => [i.piece_ref, i.expected.findIndex((x) => x > 0) + 1, i.uncollected])).toEqual([
        ['FC', 1, 0],
        ['FD', 4, 0], // due 31/03 = 26 days after 05/03: week 4 (days 22 to 28)
      ]);
    } finally {
      u.cleanup();
    }
  });

  it('saves the latest forecast once per date, for the group and for each of its entities', async () => {
    const u = await openTestDb();
    try {
      await load(u, [
        { name: '111111111FEC20241231.txt', lines: sale('1', '2024-03-01', 'C', 'F1', 300) },
        { name: '222222222FEC20241231.txt', lines: sale('1', '2024-04-10', 'D', 'G1', 500) },
      ], settings);
      const first = await ensureLatestSnapshots(u.db, settings, 'import');
      expect(first.map((s) => [s.entity_id, s.as_of, s.items])).toEqual([
        [null, '2024-04-10', 2],
        ['111111111', '2024-03-01', 1],
        ['222222222', '2024-04-10', 1],
      ]);
      expect(await ensureLatestSnapshots(u.db, settings, 'import')).toEqual([]);
    } finally {
      u.cleanup();
    }
  });

  it('in a group, the preparation leaves each entity\'s clients page, with its own risk model, kept after the group\'s figures', async () => {
    const u = await openTestDb();
    try {
      await load(u, [
        { name: '111111111FEC20241231.txt', lines: [...sale('1', '2024-03-01', 'C', 'F1', 300), ...receipt('2', '2024-04-15', 'C', 'V1', 300)] },
        { name: '222222222FEC20241231.txt', lines: sale('1', '2024-04-10', 'D', 'G1', 500) },
      ], settings);
      const said: string[] = [];
      await prepareAfterData(u.db, settings, 'import', (m) => said.push(m));
      const ready = said.find((m) => /backtests ready/.test(m));
      expect(ready).toMatch(/forecast backtest [\d.]+ s, snapshot calibrated [\d.]+ s, clients of each entity [\d.]+ s\)$/);
      // each entity's page is answered from what was kept: neither its clients nor its risk panel is queried
      const asked: string[] = [];
      const db = new Proxy(u.db, {
        get(target, key) {
          if (key === 'all') return (sql: string, params?: Params) => (asked.push(sql), target.all(sql, params));
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      for (const entity of ['111111111', '222222222']) {
        const page = await clientsReport(db, { entity, settings });
        expect(page.clients.map((c) => [c.entity_id, c.client_id])).toEqual([[entity, entity === '111111111' ? 'C' : 'D']]);
      }
      expect(asked.filter((sql) => sql === query('clients') || sql === query('risk_panel'))).toEqual([]);
      // a page the preparation did not make (one client of the group) is computed when asked for
      await clientsReport(db, { entity: null, settings, client: 'C' });
      expect(asked.filter((sql) => sql === query('clients'))).toHaveLength(1);
    } finally {
      u.cleanup();
    }
  });

  it('every open euro is expected in a week, after the horizon, or uncollected', async () => {
    for (const asOf of ['2024-03-15', '2024-05-15', '2024-06-20']) {
      const run = await runForecast(t.db, settings, { asOf, entity: null });
      for (const i of run.items) expect(i.expected.reduce((a, b) => a + b, 0) + i.later + i.uncollected).toBeCloseTo(i.open_amount, 1);
      const weekly = run.report.weeks.reduce((s, w) => s + w.open_expected + w.disputed_expected, 0);
      expect(weekly + run.report.totals.later + run.report.totals.uncollected).toBeCloseTo(run.report.totals.open_amount + run.report.totals.disputed_amount, 1);
      for (const w of run.report.weeks) expect(w.open_p10 <= w.open_p90 && w.p10 <= w.p90).toBe(true);
    }
  });
});

describe('backtests of figures a newer import replaced', () => {
  // two years of a client invoiced on the 1st of each month and paying 30 days after its due date:
  // enough history for backtest origins (a year behind each, 13 weeks after it)
  const months = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
  const year = (y: string) => months.filter((m) => m.startsWith(y)).flatMap((m, i) => [...sale(`${y}${i}`, m, 'A', `F${m}`, 120, `L${m}`), ...receipt(`${y}${i}`, addDays(m, 60), 'A', `V${m}`, 120, `L${m}`)]);
  let u: TestDb;
  beforeAll(async () => {
    u = await openTestDb();
    // receipts of December fall in the next year: each file keeps its own year's dates
    const inYear = (y: string) => year(y).filter((l) => l[2].startsWith(y));
    await load(u, [
      { name: '123456789FEC20231231.txt', lines: inYear('2023') },
      { name: '123456789FEC20241231.txt', lines: [...inYear('2024'), ...year('2023').filter((l) => l[2].startsWith('2024'))] },
    ], settings);
  });
  afterAll(() => u.cleanup());

  it('the forecast backtest stops at its next origin once the models are rebuilt, and tells who waits to ask again (DataChanged, 503)', async () => {
    let rebuilt = false;
    // the models rebuilt, as an import does, right after the first origin's receipts are read
    const db = new Proxy(u.db, {
      get(target, key) {
        if (key === 'all') {
          return async (sql: string, params?: Params) => {
            const rows = await target.all(sql, params);
            if (!rebuilt && sql === query('forecast_cash')) {
              rebuilt = true;
              await target.transaction((s) => rebuildModels(s, settings));
            }
            return rows;
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const stopped = await backtestForecast(db, settings, { entity: null, origins: 4 }).catch((err: unknown) => err);
    expect(rebuilt).toBe(true);
    expect(stopped).toBeInstanceOf(DataChanged);
    expect(stopped).toMatchObject({ statusCode: 503 });
    // on figures that stay, the same backtest answers, origin by origin
    const answer = await backtestForecast(u.db, settings, { entity: null, origins: 4 });
    expect('origins' in answer && answer.origins).toHaveLength(4);
  });

  it('a ledger too large for the budget of invoice forecasts takes 8 origins spread over the weeks, and says so', async () => {
    const small = { ...settings, forecast: { ...settings.forecast, backtest_invoice_budget: 1 } };
    const r = await backtestForecast(u.db, small, { entity: null });
    if (!('origins' in r)) throw new Error(r.reason);
    // paid 60 days after its invoice, the client always has two invoices open
    expect(r.sampling).toEqual({ origins_available: 26, origins_used: 8, open_invoices: 2 });
    // the first and the last of the 26 Sundays, and six between
    const all = await backtestForecast(u.db, settings, { entity: null });
    if (!('origins' in all)) throw new Error(all.reason);
    expect(all.sampling.origins_used).toBe(26);
    expect(r.origins.map((o) => o.as_of)).toEqual(spread(all.origins.map((o) => o.as_of), 8));
    expect(r.intervals.model_wape[0]).toBeLessThanOrEqual(r.model.wape);
    expect(r.intervals.model_wape[1]).toBeGreaterThanOrEqual(r.model.wape);
  });

  it('keeps the backtest in the file: another process reads the very answer a fresh computation gives, and a plan of other weeks takes its range from it', async () => {
    const fewer = { ...settings, forecast: { ...settings.forecast, backtest_origins: 4 } };
    const computed = await forecastQuality(u.db, fewer, null);
    expect(computed.available).toBe(true);
    // paid on its due date + 30 days at every origin, the client makes the shifted baseline exact: no improvement to measure (not NaN)
    expect(computed.available && [computed.shifted.wape, computed.improvement]).toEqual([0, null]);
    // the file as another process finds it (a restarted server, the command line)
    await u.db.write((s) => s.run('CHECKPOINT'));
    const copy = join(u.dir, 'restarted.duckdb');
    copyFileSync(u.db.path, copy);
    const other = await Database.open(copy, TEST_DB_OPTIONS);
    try {
      expect(await finishedBacktest(other, fewer, null)).toEqual(computed);
      expect(await forecastQuality(other, fewer, null)).toEqual(computed);
      const fresh = await backtestForecast(other, fewer, { entity: null });
      expect({ available: true, ...fresh }).toEqual(computed);
      // an 8-week plan takes its range from the settings' backtest (13 weeks), as the 13-week plan
      // does — here the simulation's, the backtest's scores being too few (a client paying like
      // clockwork leaves no spread to calibrate); before, it found no backtest ("backtest_pending")
      const asOf = (await ledgerSpan(other, null))!.last;
      const plan = await forecastPlan(other, fewer, { asOf, entity: null, weeks: 8 });
      const full = await forecastPlan(other, fewer, { asOf, entity: null });
      expect(plan.weeks).toHaveLength(8);
      expect(full.method.range).toMatchObject({ method: 'simulation', reason: 'too_few_scores', origins: 4 });
      expect(plan.method.range).toEqual(full.method.range);
      expect(plan.method.habits).toEqual(full.method.habits);
      expect(plan.weeks.map((w) => [w.expected, w.p10, w.p90])).toEqual(full.weeks.slice(0, 8).map((w) => [w.expected, w.p10, w.p90]));
      // the Forecast page's quality section: answered (a NaN made the response's serialiser fail)
      const app = await buildApp({ db: other, tmpDir: join(u.dir, 'tmp'), maxUploadBytes: 1024, settings: fewer });
      const res = await app.inject('/api/forecast/backtest');
      await app.close();
      expect([res.statusCode, res.json().improvement]).toEqual([200, null]);
    } finally {
      other.close();
    }
  });

  it('a preparation leaves its remaining steps to the one queued behind it', async () => {
    const said: string[] = [];
    const fewer = { ...settings, forecast: { ...settings.forecast, backtest_origins: 4 } };
    const first = prepareAfterData(u.db, fewer, 'import', (m) => said.push(m));
    const second = prepareAfterData(u.db, fewer, 'import', (m) => said.push(m));
    await Promise.all([first, second]);
    expect(said.filter((m) => /left for the newer data/.test(m))).toHaveLength(1);
    expect(said.filter((m) => /backtests ready/.test(m))).toHaveLength(1);
    expect(said.findIndex((m) => /left for the newer data/.test(m))).toBeLessThan(said.findIndex((m) => /backtests ready/.test(m)));
    // the run left behind saves no snapshot: the store holds the newer data, whose plan the run behind it saves, then calibrates
    const saved = said.filter((m) => /^Forecast snapshot #\d+ saved/.test(m));
    expect(saved).toHaveLength(1);
    expect(said.indexOf(saved[0])).toBeGreaterThan(said.findIndex((m) => /left for the newer data/.test(m)));
    expect(said.find((m) => /backtests ready/.test(m))).toMatch(/forecast snapshot [\d.]+ s, .*snapshot calibrated [\d.]+ s\)$/);
  });
});
