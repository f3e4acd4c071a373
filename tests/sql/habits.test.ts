// Payment habits on a ledger worked by hand (2025, 30 days net), clients learning from their own
// history only:
// - R is invoiced 1 200 € on the 1st of each month and pays each invoice on the first 10th of a
//   month on or after its due date (the Monday after when the 10th is a weekend): invoice of 1
//   January, due 31 January, paid Monday 10 February; of 1 April, due 1 May, paid Monday 12 May…
//   — 7 to 11 days late (7 once, 9 three times, 10 five times, 11 twice). Its December invoice, due
//   31 December, is open at the as-of date, 31 December.
// - X is invoiced 500 € on the 15th and pays on scattered days (3 February, 14 March, 22 April…).
// R's habit is found (11 payments of 11 on the 10th), X has none. Forecast at 31 December: without
// the habit R's invoice is expected 7 days later (1 in 11: week 1, 1-7 January) or 9 to 11 days
// later (10 in 11: week 2, 8-14 January); with it, on its run of Saturday 10 January 2026, paid
// Monday 12 January — all of it in week 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers.ts';
import { bankCharges, load, receipt, sale, type L } from './ledger.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/server/models/settings.ts';
import { runForecast } from '../../src/server/forecast/forecast.ts';
import { monthlyRunDay } from '../../src/server/forecast/habits.ts';
import { clientsReport } from '../../src/server/reports/clients.ts';
import { addDays } from '../../src/server/util/dates.ts';

const DAY_MS = 86_400_000;
const iso = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
const dayOf = (s: string) => Date.parse(s + 'T00:00:00Z') / DAY_MS;
/** the first 10th-of-the-month run on or after `due` */
function nextTenth(due: string): string {
  const run = monthlyRunDay(10, dayOf(due));
  return iso(run >= dayOf(due) ? run : monthlyRunDay(10, dayOf(addDays(due.slice(0, 8) + '01', 32))));
}

const months = Array.from({ length: 12 }, (_, m) => `2025-${String(m + 1).padStart(2, '0')}`);
const xPaid = ['2025-02-03', '2025-03-14', '2025-04-22', '2025-05-06', '2025-06-19', '2025-07-29', '2025-08-07', '2025-09-17', '2025-10-23', '2025-11-04', '2025-12-12'];
const lines: L[] = [
  ...months.flatMap((m, i) => [...sale(`R${i}`, `${m}-01`, 'R', `FR${i + 1}`, 1200, i < 11 ? `R${i}` : undefined), ...(i < 11 ? receipt(`PR${i}`, nextTenth(addDays(`${m}-01`, 30)), 'R', `VR${i + 1}`, 1200, `R${i}`) : [])]),
  ...xPaid.flatMap((paid, i) => [...sale(`X${i}`, `${months[i]}-15`, 'X', `FX${i + 1}`, 500, `X${i}`), ...receipt(`PX${i}`, paid, 'X', `VX${i + 1}`, 500, `X${i}`)]),
  ...bankCharges('2025-12-31'),
];

let t: TestDb;
// clients learn from their own history only (no borrowing from the portfolio), for exact figures
const settings: Settings = { ...DEFAULT_SETTINGS, forecast: { ...DEFAULT_SETTINGS.forecast, prior_invoices: 0, segment_prior_invoices: 0, simulations: 200 } };
beforeAll(async () => {
  t = await openTestDb();
  await load(t, [{ name: '123456789FEC20251231.txt', lines }], settings);
});
afterAll(() => t.cleanup());

describe('payment habits', () => {
  it('the ledger pays R as worked out above', () => {
    expect(months.slice(0, 11).map((m) => nextTenth(addDays(`${m}-01`, 30)))).toEqual([
      '2025-02-10', '2025-03-10', '2025-04-10', '2025-05-12', '2025-06-10', '2025-07-10', '2025-08-11', '2025-09-10', '2025-10-10', '2025-11-10', '2025-12-10',
    ]);
  });

  it('finds that R pays on the 10th, and that X has no fixed day', async () => {
    const report = await clientsReport(t.db, { asOf: '2025-12-31', entity: null, settings });
    const of = (id: string) => report.clients.find((c) => c.client_id === id)!.payment_habit;
    expect(of('R')).toMatchObject({ kind: 'monthly', days: [10], weekday: null, payments: 11, on_run_days: 11 });
    expect(of('R')!.p_value).toBeLessThan(1e-6);
    expect(of('X')).toBeNull();
  });

  it('places R’s receipts on its run day: its open invoice all in week 2, where the delays alone put 1 in 11 in week 1', async () => {
    const item = async (habits: boolean) => (await runForecast(t.db, settings, { asOf: '2025-12-31', entity: null, habits })).items.find((i) => i.piece_ref === 'FR12')!;
    const without = await item(false);
    expect(without.expected.slice(0, 3)).toEqual([109.09, 1090.91, 0]);
    const withHabit = await item(true);
    expect(withHabit.expected.slice(0, 3)).toEqual([0, 1200, 0]);
    // the plan says it used them, for one client, and keeps the forecast without them beside
    const run = await runForecast(t.db, settings, { asOf: '2025-12-31', entity: null, habits: true });
    expect(run.report.method.habits).toMatchObject({ used: true, clients: 1 });
    expect(run.baselines.without_habits[0]).toBeCloseTo(109.09, 2);
  });
});
