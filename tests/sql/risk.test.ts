// The risk model's inputs on a hand-worked ledger (30 days net): the behaviour features at an
// as-of date (with the shrinkage of clients with little history towards their segment), the
// default events that follow and the clients already in default.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDb, type TestDb } from '../helpers.ts';
import { load, receipt, sale, writeFec, type L } from './ledger.ts';
import { importFile } from '../../src/server/import/importer.ts';
import { rebuildModels } from '../../src/server/models/runner.ts';
import { DEFAULT_SETTINGS } from '../../src/server/models/settings.ts';
import { query } from '../../src/server/models/runner.ts';
import { loadPanel, trainingDates, monthEnds } from '../../src/server/risk/model.ts';
import { addMonths } from '../../src/server/util/dates.ts';

let t: TestDb;
// A: 100 on 01/01 (due 31/01) paid 10/02, 100 on 01/02 (due 02/03) paid 12/03, 200 on 01/03
//    (due 31/03) paid 20/04: 10, 10 and 20 days late; 150 on 01/05 (due 31/05) left unpaid.
// B: 300 on 01/04 (due 01/05) paid 06/05: 5 days late.
// C: 400 on 15/01 (due 14/02) never paid: more than 90 days past due from 15/05.
// D: 250 on 01/03 (due 31/03) moved to doubtful debts (416) on 10/04.
const lines: L[] = [
  ...sale('1', '2024-01-01', 'A', 'FA1', 100, 'A1'),
  ...receipt('1', '2024-02-10', 'A', 'VA1', 100, 'A1'),
  ...sale('2', '2024-02-01', 'A', 'FA2', 100, 'A2'),
  ...receipt('2', '2024-03-12', 'A', 'VA2', 100, 'A2'),
  ...sale('3', '2024-03-01', 'A', 'FA3', 200, 'A3'),
  ...receipt('3', '2024-04-20', 'A', 'VA3', 200, 'A3'),
  ...sale('4', '2024-05-01', 'A', 'FA4', 150),
  ...sale('5', '2024-04-01', 'B', 'FB1', 300, 'B1'),
  ...receipt('5', '2024-05-06', 'B', 'VB1', 300, 'B1'),
  ...sale('6', '2024-01-15', 'C', 'FC1', 400),
  ...sale('7', '2024-03-01', 'D', 'FD1', 250, 'D1'),
  ['OD', '1', '2024-04-10', '416000', 'D', 'FD1', '2024-03-01', 250, 0],
  ['OD', '1', '2024-04-10', '411000', 'D', 'FD1', '2024-03-01', 0, 250, 'D1'],
];

beforeAll(async () => {
  t = await openTestDb();
  await load(t, [{ name: '123456789FEC20241231.txt', lines }]);
});
afterAll(() => t.cleanup());

async function panelAt(asOf: string) {
  const rows = await loadPanel(t.db, DEFAULT_SETTINGS, [asOf], null);
  return new Map(rows.map((r) => [r.client_id, r]));
}

describe('risk panel', () => {
  it('describes each client as of a date, shrinking little histories towards their segment', async () => {
    const p = await panelAt('2024-06-30');
    const a = p.get('A')!;
    const b = p.get('B')!;
    // A's settled invoices weigh 100, 100, 200: (10×100 + 10×100 + 20×200) / 400 = 15 days late.
    expect(a).toMatchObject({ is_new: true, invoices_12m: 3, raw_mean_days_late: 15, oldest_days_past_due: 30, open_amount: 150, overdue_amount: 150, in_default: false });
    // Both are new (first invoice less than 6 months ago); the new segment's pooled delay is
    // (3 × 15 + 1 × 5) / 4 = 12.5, and 5 invoices of it are added to each: A (3 × 15 + 5 × 12.5) / 8.
    expect(a.mean_days_late).toBeCloseTo(107.5 / 8, 9);
    expect(b.mean_days_late).toBeCloseTo(67.5 / 6, 9);
    // The last 3 months (after 30/03): FA3 paid 20 days late and FA4 open 30 days past due → 25,
    // against 10 for the 9 months before: a trend of +15. The recent level is shrunk towards A's
    // own 12-month figure: (2 × 25 + 5 × 15) / 7.
    expect(a.trend_days).toBe(15);
    expect(a.recent_days_late).toBeCloseTo(125 / 7, 9);
    // B has no earlier months: no trend; its recent level is its own mean
    expect(b).toMatchObject({ trend_days: 0, recent_days_late: 5 });
    // A's 150 open over its monthly sales since its first invoice: 550 in 181 days
    expect(a.months_outstanding).toBeCloseTo(150 / (550 / (181 / 30.4)), 9);
    // its unpaid FA4 (due 31/05) passes 90 days past due on 30/08: a default event in the horizon
    expect(a).toMatchObject({ event_date: '2024-08-30', event_kind: 'late' });
    expect(b.event_date).toBeNull();
  });

  it('dates default events and leaves out clients already in default', async () => {
    const march = await panelAt('2024-03-31');
    // C: 46 days past due, passes 90 days on 15/05 (due 14/02 + 91): an event within 6 months
    expect(march.get('C')).toMatchObject({ oldest_days_past_due: 46, in_default: false, event_date: '2024-05-15', event_kind: 'late' });
    // D: transferred to 416 on 10/04
    expect(march.get('D')).toMatchObject({ in_default: false, event_date: '2024-04-10', event_kind: 'doubtful_transfer' });
    const may = await panelAt('2024-05-31');
    expect(may.get('C')).toMatchObject({ oldest_days_past_due: 107, in_default: true });
    expect(may.get('D')).toMatchObject({ in_default: true });
  });

  it('names a transfer the first event when a lateness falls on the same day', async () => {
    // E: 120 on 10/01 (due 09/02) never paid, passing 90 days past due on 10/05 (09/02 + 91) —
    // the day its 80 of 01/04 is moved to doubtful debts
    const e = await openTestDb();
    try {
      await load(e, [
        {
          name: '123456789FEC20241231.txt',
          lines: [
            ...sale('1', '2024-01-10', 'E', 'FE1', 120),
            ...sale('2', '2024-04-01', 'E', 'FE2', 80, 'E2'),
            ['OD', '1', '2024-05-10', '416000', 'E', 'FE2', '2024-04-01', 80, 0],
            ['OD', '1', '2024-05-10', '411000', 'E', 'FE2', '2024-04-01', 0, 80, 'E2'],
          ],
        },
      ]);
      const [row] = await loadPanel(e.db, DEFAULT_SETTINGS, ['2024-03-31'], null);
      expect(row).toMatchObject({ client_id: 'E', in_default: false, event_date: '2024-05-10', event_kind: 'doubtful_transfer' });
    } finally {
      e.cleanup();
    }
  });

  it('asks only for the dates it has not loaded lately, in date order, and starts again on a new model build', async () => {
    const asked: string[] = [];
    const all = t.db.all.bind(t.db);
    const spy = vi.spyOn(t.db, 'all').mockImplementation((sql, params) => {
      if (params && !Array.isArray(params) && typeof params.dates === 'string') asked.push(params.dates);
      return all(sql, params);
    });
    try {
      const fresh = await loadPanel(t.db, { ...DEFAULT_SETTINGS, risk: { ...DEFAULT_SETTINGS.risk, late_days: 91 } }, ['2024-04-30', '2024-03-31'], null);
      const first = await loadPanel(t.db, DEFAULT_SETTINGS, ['2024-04-30', '2024-02-29'], null);
      const second = await loadPanel(t.db, DEFAULT_SETTINGS, ['2024-05-31', '2024-04-30', '2024-03-31', '2024-04-30'], null);
      // other settings are another panel; then only 2024-03-31 and 2024-05-31 were new
      expect(asked).toEqual(['2024-03-31,2024-04-30', '2024-02-29,2024-04-30', '2024-03-31,2024-05-31']);
      expect([...new Set(fresh.map((r) => r.as_of))]).toEqual(['2024-03-31', '2024-04-30']);
      expect([...new Set(first.map((r) => r.as_of))]).toEqual(['2024-02-29', '2024-04-30']);
      // the same rows, in the same order, as the query gives for those dates at once
      spy.mockRestore();
      const direct = await all<Record<string, unknown>>(query('risk_panel'), { dates: '2024-03-31,2024-04-30,2024-05-31', entity: null, horizon_months: 6, late_days: 90, new_months: DEFAULT_SETTINGS.segments.new_client_months, new_min_invoices: DEFAULT_SETTINGS.segments.new_client_min_invoices, prior_invoices: DEFAULT_SETTINGS.risk.prior_invoices, grace: DEFAULT_SETTINGS.dunning.promise_grace_days });
      expect(second).toEqual(direct);
      // an import makes another model build: its panel is asked for again
      const file = writeFec(t.dir, '123456789FEC20251231.txt', [...sale('1', '2025-01-10', 'E', 'FE1', 90)]);
      expect((await importFile(t.db, file, { source: 'cli' })).status).toBe('active');
      await t.db.transaction((s) => rebuildModels(s, DEFAULT_SETTINGS));
      const after = await loadPanel(t.db, DEFAULT_SETTINGS, ['2025-01-31'], null);
      expect(after.map((r) => r.client_id)).toContain('E');
    } finally {
      spy.mockRestore();
    }
  });

  it('learns at an as-of date only from month-ends whose next 6 months had passed', () => {
    // 3 months of history first, and the last month-end whose 6 months end by the as-of date
    expect(trainingDates('2025-10-31', '2024-01-01', DEFAULT_SETTINGS)).toEqual(monthEnds('2024-04-01', '2025-04-30'));
    // at most the last 24 month-ends
    const dates = trainingDates('2026-10-31', '2024-01-01', DEFAULT_SETTINGS);
    expect([dates.length, dates[0], dates.at(-1)]).toEqual([24, '2024-05-31', '2026-04-30']);
    expect(trainingDates('2026-10-29', '2024-01-01', DEFAULT_SETTINGS).at(-1)).toBe('2026-03-31');
    expect(addMonths('2024-08-31', -6)).toBe('2024-02-29');
    expect(monthEnds('2024-01-15', '2024-03-31')).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
  });
});
