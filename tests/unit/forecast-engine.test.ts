// The forecast's arithmetic on counts worked out by hand: hazards with still-open invoices and a
// prior, an unpaid invoice's outcome by week given how late it already is, the weeks of the plan.
import { intervals, spread } from '../../src/server/forecast/backtest.ts';
import { describe, expect, it } from 'vitest';
import { addCount, cumulativeOutcomes, emptyCounts, hazards, outcomeByWeek, type Grid } from '../../src/server/forecast/engine.ts';
import { forecastSales, planWeeks, salesReceiptKernel } from '../../src/server/forecast/forecast.ts';

const grid: Grid = { min: -10, max: 60 };
const at = (xs: Float64Array, day: number) => xs[day - grid.min];

describe('forecast engine', () => {
  it('hazards: events over the invoices still at risk, open ones at risk until their day', () => {
    // paid on day 10 (two), day 20 (one); one credited on day 5; two still open after 5 days
    const c = emptyCounts(grid);
    addCount(c, grid, 10, 'cash', 2);
    addCount(c, grid, 20, 'cash', 1);
    addCount(c, grid, 5, 'nocash', 1);
    addCount(c, grid, 5, 'open', 2);
    const h = hazards(c, null, 0);
    // at risk on day 5: all 6 → credited 1/6; on day 10: the 3 paid on day 10 or later → 2/3; day 20: 1/1
    expect(at(h.nocash, 5)).toBeCloseTo(1 / 6, 12);
    expect(at(h.cash, 10)).toBeCloseTo(2 / 3, 12);
    expect(at(h.cash, 20)).toBe(1);
    expect(at(h.cash, 15)).toBe(0);
    // with a prior of k = 2 invoices: (events + 2 × prior) / (at risk + 2)
    const prior = { cash: new Float64Array(h.cash.length).fill(0.1), nocash: new Float64Array(h.cash.length) };
    expect(at(hazards(c, prior, 2).cash, 10)).toBeCloseTo((2 + 0.2) / (3 + 2), 12);
    expect(at(hazards(c, prior, 2).cash, 30)).toBeCloseTo(0.2 / 2, 12); // beyond the client's history: the prior
  });

  it('conditions on the invoice being unpaid today: 30 days late always, 20 days overdue → 10 days from now', () => {
    const c = emptyCounts(grid);
    addCount(c, grid, 30, 'cash', 4);
    const h = hazards(c, null, 0);
    const o = outcomeByWeek(h, grid, 20, 13);
    // paid on day 30 after its due date = 10 days after the as-of date: week 2 (days 8 to 14)
    expect(Array.from(o.byWeek)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([o.later, o.never]).toEqual([0, 0]);
    // a fresh invoice (due in 5 days) is paid 35 days from now: week 5
    expect(outcomeByWeek(h, grid, -5, 13).byWeek[4]).toBe(1);
    // older than anything in the history: never paid in cash
    expect(outcomeByWeek(h, grid, 45, 13).never).toBe(1);
  });

  it('splits an invoice between weeks, later and never, adding up to one', () => {
    const c = emptyCounts(grid);
    addCount(c, grid, 10, 'cash', 3);
    addCount(c, grid, 5, 'nocash', 1);
    const o = outcomeByWeek(hazards(c, null, 0), grid, -5, 2);
    // credited on day 5 (1 in 4), else paid on day 10 = 15 days from now: week 3, beyond a 2-week plan
    expect(o.never).toBeCloseTo(0.25, 12);
    expect(o.later).toBeCloseTo(0.75, 12);
    const cum = cumulativeOutcomes(o);
    expect(Array.from(cum)).toEqual([0, 0, 0.75, 1]);
  });

  it('weeks of the plan start the day after the as-of date, seven days each, named by their dates', () => {
    expect(planWeeks('2026-10-31', 2)).toEqual([
      { week: 1, start: '2026-11-01', end: '2026-11-07' },
      { week: 2, start: '2026-11-08', end: '2026-11-14' },
    ]);
  });

  it('sales of the coming weeks: last year’s same weeks times the growth, or the recent mean', () => {
    // 70 weeks of history: 100 a week a year ago, 120 a week over the last 13 weeks → growth 1.2
    const past = Array.from({ length: 70 }, (_, j) => (j < 13 ? 120 : 100));
    const s = forecastSales(past, 3);
    expect(s.method).toBe('seasonal');
    expect(s.growth).toBeCloseTo(1.2, 12);
    expect(s.sales.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([120, 120, 120]);
    const short = forecastSales(Array.from({ length: 20 }, () => 50), 2);
    expect([short.method, short.sales]).toEqual(['trailing', [50, 50]]);
  });

  it('receipts of future sales: each day’s sales paid after the profile’s delay', () => {
    // everything paid 7 days after its invoice: the sales of week v come in week v + 1
    const f = new Float64Array(30);
    f[7] = 1;
    const q = salesReceiptKernel(f, 3);
    expect(q.map((row) => row.map((x) => Math.round(x * 1e9) / 1e9))).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });
});

describe('the backtest on large ledgers: origins spread, intervals from resampling them', () => {
  const origin = (actual: number, model: number) => ({ as_of: '2024-01-07', actual: [actual], model: [model], p10: [model - 15], p90: [model + 15], due_date: [actual], shifted: [actual + 50], model_without_habits: [model], actual_total: [actual], model_total: [model], p10_total: [model], p90_total: [model] });

  it('takes the origins it can afford evenly from the first to the last', () => {
    const weeks = Array.from({ length: 26 }, (_, i) => i + 1);
    // indices round(i × 25 / 7)
    expect(spread(weeks, 8)).toEqual([1, 5, 8, 12, 15, 19, 22, 26]);
    expect(spread(weeks, 26)).toEqual(weeks);
    expect(spread(weeks, 40)).toEqual(weeks);
  });

  it('a WAPE of 10 % at one origin and 30 % at the other: resampled pairs give 10, 20 or 30 %, so the 90 % interval is 10-30 %', () => {
    // origin A: 110 forecast for 100 received (WAPE 0.1, inside its range); B: 130 for 100 (0.3, outside)
    const r = intervals([origin(100, 110), origin(100, 130)], 1);
    expect(r.level).toBe(0.9);
    expect(r.model_wape[0]).toBeCloseTo(0.1, 10);
    expect(r.model_wape[1]).toBeCloseTo(0.3, 10);
    expect(r.model_coverage).toEqual([0, 1]);
  });

  it('origins alike give an interval of one point', () => {
    const r = intervals(Array.from({ length: 10 }, () => origin(100, 110)), 7);
    expect(r.model_wape[0]).toBeCloseTo(0.1, 10);
    expect(r.model_wape[1]).toBeCloseTo(0.1, 10);
    // the better baseline (due date) is exact: no improvement to speak of, −∞ draws are left out
    expect(r.improvement).toEqual([0, 0]);
  });
});
