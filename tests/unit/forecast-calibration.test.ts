// The plan's range calibrated on the backtest's errors (src/server/forecast/calibration.ts and
// backtest.ts's planRange), on residual series small enough to work by hand.
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  calibratedRange,
  conformalBounds,
  coverageOf,
  crossValidatedCoverage,
  groupOf,
  horizonGroups,
  outOfSample,
  score,
  type OriginResiduals,
  type Residual,
} from '../../src/server/forecast/calibration.ts';
import { habitsDecision, planRange } from '../../src/server/forecast/backtest.ts';
import type { ForecastBacktestOrigin, ForecastQuality, ForecastReport } from '../../src/lib/contract/index.ts';

/** A week whose simulated range is expected ± 10 and whose actual cash fell z half-ranges away. */
const residual = (week: number, z: number): Residual => ({ week, actual: 100 + 10 * z, expected: 100, p10: 90, p90: 110 });
/** −2.0, −1.9, …, 1.9: 40 scores, evenly spread */
const forty = Array.from({ length: 40 }, (_, i) => Math.round((-2 + i / 10) * 10) / 10);

describe('the range calibrated on the backtest', () => {
  it('groups the weeks ahead by doubling horizons', () => {
    expect(horizonGroups(13)).toEqual([[1, 1], [2, 2], [3, 4], [5, 8], [9, 13]]);
    expect(horizonGroups(1)).toEqual([[1, 1]]);
    expect(horizonGroups(20)).toEqual([[1, 1], [2, 2], [3, 4], [5, 8], [9, 16], [17, 20]]);
  });

  it('measures an error in half-ranges of the simulation', () => {
    // 130 received, 100 expected, P10-P90 80-120: 30 / 20 = 1.5 half-ranges above
    expect(score({ week: 1, actual: 130, expected: 100, p10: 80, p90: 120 })).toBe(1.5);
    expect(score({ week: 1, actual: 70, expected: 100, p10: 80, p90: 120 })).toBe(-1.5);
    // an empty range (nothing expected that week) says nothing about the scale
    expect(score({ week: 1, actual: 50, expected: 0, p10: 0, p90: 0 })).toBeNull();
  });

  it('takes the split-conformal order statistics: the ⌊(n+1)·0.1⌋-th and ⌈(n+1)·0.9⌉-th smallest', () => {
    const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    // n = 9: ⌊1.0⌋ = 1st, ⌈9.0⌉ = 9th: the whole span
    expect(conformalBounds(nine)).toEqual([1, 9]);
    // n = 19: ⌊2.0⌋ = 2nd, ⌈18.0⌉ = 18th
    expect(conformalBounds(Array.from({ length: 19 }, (_, i) => i + 1))).toEqual([2, 18]);
    // n = 40: ⌊4.1⌋ = 4th, ⌈36.9⌉ = 37th
    expect(conformalBounds(forty)).toEqual([-1.7, 1.6]);
  });

  it('sets a group’s bounds from its own scores, pools those of a group with too few, and gives up below 40 scores', () => {
    const c = calibrate(forty.map((z) => residual(1, z)), 13)!;
    expect(c.scores).toBe(40);
    expect(groupOf(c, 1)).toEqual({ from_week: 1, to_week: 1, low: -1.7, high: 1.6, scores: 40, pooled: false });
    // no score of its own: week 7 takes all horizons' bounds (the same here)
    expect(groupOf(c, 7)).toEqual({ from_week: 5, to_week: 8, low: -1.7, high: 1.6, scores: 0, pooled: true });
    // week 1: the 25 scores −2.0 … 0.4 — ⌊2.6⌋ = 2nd: −1.9, ⌈23.4⌉ = 24th: 0.3; week 2: 15 scores,
    // too few: the pooled 40's −1.7 and 1.6
    const split = calibrate(forty.map((z, i) => residual(i < 25 ? 1 : 2, z)), 13)!;
    expect([groupOf(split, 1).low, groupOf(split, 1).high, groupOf(split, 1).pooled]).toEqual([-1.9, 0.3, false]);
    expect([groupOf(split, 2).low, groupOf(split, 2).high, groupOf(split, 2).pooled]).toEqual([-1.7, 1.6, true]);
    expect(calibrate(forty.slice(0, 39).map((z) => residual(1, z)), 13)).toBeNull();
    // weeks with an empty range do not count
    expect(calibrate([...forty.slice(0, 39).map((z) => residual(1, z)), { week: 1, actual: 5, expected: 0, p10: 0, p90: 0 }], 13)).toBeNull();
  });

  it('scales the week’s half-range by the bounds, never below 0', () => {
    // expected 200, P10-P90 180-220 (half 20), bounds −1.7 / 1.6: 200 − 34 = 166, 200 + 32 = 232
    expect(calibratedRange(200, 180, 220, { low: -1.7, high: 1.6 })).toEqual([166, 232]);
    // expected 10, half 20, low −2: 10 − 40 < 0 → 0
    expect(calibratedRange(10, 0, 40, { low: -2, high: 0.5 })).toEqual([0, 20]);
    // both bounds above: a forecast that has been too low
    expect(calibratedRange(100, 90, 110, { low: 0.2, high: 1.4 })).toEqual([102, 114]);
  });

  it('judges an origin without the residuals of the calendar weeks it forecasts', () => {
    // 2 weeks ahead; A on 4 Jan (forecasts 5-18 Jan), B a week later (12-25 Jan), C three weeks later (26 Jan - 8 Feb)
    const a: OriginResiduals = { as_of: '2026-01-04', residuals: [residual(1, 0.1), residual(2, 0.2)] };
    const b: OriginResiduals = { as_of: '2026-01-11', residuals: [residual(1, 0.3), residual(2, 0.4)] };
    const c: OriginResiduals = { as_of: '2026-01-25', residuals: [residual(1, 0.5), residual(2, 0.6)] };
    // for A: B's week 1 (12-18 Jan) is A's week 2: left out; B's week 2 (19-25 Jan) and C's weeks are not A's
    expect(outOfSample([a, b, c], a, 2).map(score)).toEqual([0.4, 0.5, 0.6].map((z) => expect.closeTo(z, 10)));
    // for B: A's week 2 (12-18 Jan) is B's week 1, C's week 1 (26 Jan - 1 Feb) is after B's weeks
    expect(outOfSample([a, b, c], b, 2).map(score)).toEqual([0.1, 0.5, 0.6].map((z) => expect.closeTo(z, 10)));
  });

  it('covers about 80 % of weeks out of sample where the simulation’s range was too narrow', () => {
    // 60 weekly origins, one week ahead, errors spread evenly over ±2 half-ranges: the simulation's
    // range holds the 30 of 60 within ±1 (50 %); each calibrated on the 59 others (their 6th and
    // 54th smallest) holds the 48 from the 7th to the 54th: 80 %
    const zs = Array.from({ length: 60 }, (_, i) => Math.round((-2 + (4 * i) / 59) * 1000) / 1000);
    const origins = zs.map((z, i) => ({ as_of: new Date(Date.UTC(2025, 0, 5 + 7 * i)).toISOString().slice(0, 10), residuals: [residual(1, z)] }));
    expect(coverageOf(origins.flatMap((o) => o.residuals), 1).by_week[0]).toBeCloseTo(30 / 60, 1);
    const judged = crossValidatedCoverage(origins, 1);
    expect(judged.calibrated_origins).toBe(60);
    expect(judged.coverage).toBe(48 / 60);
    // too few origins to calibrate: the simulation's range is judged as it is
    const few = crossValidatedCoverage(origins.slice(0, 30), 1);
    expect([few.calibrated_origins, few.coverage]).toEqual([0, coverageOf(origins.slice(0, 30).flatMap((o) => o.residuals), 1).by_week[0]]);
  });
});

describe('the plan’s range', () => {
  const week = (w: number, expected: number, p10: number, p90: number) => ({
    week: w, start: '2026-11-01', end: '2026-11-07', open_expected: expected, disputed_expected: 0, promised_expected: 0, new_sales_expected: 0,
    expected, p10, p90, open_p10: p10, open_p90: p90, sales_forecast: 0,
  });
  const report = { as_of_date: '2026-10-31', entity_id: null, weeks: [week(1, 200, 180, 220)], method: { range: { method: 'simulation', reason: 'backtest_pending', detail: null, origins: 0, total: [], open: [] } } } as unknown as ForecastReport;
  const origin = (as_of: string, z: number): ForecastBacktestOrigin => ({
    as_of, actual: [100 + 10 * z], model: [100], p10: [90], p90: [110], due_date: [0], shifted: [0], model_without_habits: [100 + 10 * z], actual_total: [100 + 10 * z], model_total: [100], p10_total: [90], p90_total: [110],
  });
  const backtest = (origins: ForecastBacktestOrigin[]) => ({ available: true, weeks: 1, origins }) as unknown as ForecastQuality;
  // 40 weekly origins from 4 Jan 2026 (the last on 4 Oct, its week ended 11 Oct)
  const origins = forty.map((z, i) => origin(new Date(Date.UTC(2026, 0, 4 + 7 * i)).toISOString().slice(0, 10), z));

  it('is calibrated on the backtest’s errors once it is computed, from the origins whose weeks have ended', () => {
    const r = planRange(report, backtest(origins), true);
    expect(r.method.range).toMatchObject({ method: 'calibrated', reason: null, origins: 40 });
    // bounds −1.7 / 1.6 (as above): 166 – 232
    expect([r.weeks[0].p10, r.weeks[0].p90, r.weeks[0].open_p10, r.weeks[0].open_p90]).toEqual([166, 232, 166, 232]);
    // the kept report is not changed
    expect(report.weeks[0].p10).toBe(180);
  });

  it('takes the errors of the plan as it runs: with the payment habits, or without them', () => {
    // without the habits these origins' forecasts were exact: every score 0, a range of one point
    const without = planRange(report, backtest(origins), false);
    expect([without.weeks[0].p10, without.weeks[0].p90]).toEqual([200, 200]);
    expect([planRange(report, backtest(origins), true).weeks[0].p10]).toEqual([166]);
  });

  it('keeps the simulation’s range and says why otherwise', () => {
    expect(planRange(report, undefined).method.range).toMatchObject({ method: 'simulation', reason: 'backtest_pending' });
    expect(planRange(report, { available: false, reason: 'the ledger is too short' }).method.range).toMatchObject({ method: 'simulation', reason: 'no_backtest', detail: 'the ledger is too short' });
    // a plan in the past: the origins whose week had not ended by its date are not known then
    const past = planRange({ ...report, as_of_date: '2026-06-30' }, backtest(origins));
    expect(past.method.range).toMatchObject({ method: 'simulation', reason: 'too_few_scores', origins: 25 });
    expect(past.weeks[0].p10).toBe(180);
  });
});

describe('the payment habits in the plan', () => {
  const measured = (helps: boolean) => ({ available: true, habits: { used: true, clients: 12, wape_with: helps ? 0.3 : 0.5, wape_without: 0.4, helps } }) as unknown as ForecastQuality;
  it('are used as the settings say, or — auto — once the backtest has found they lower the error', () => {
    expect(habitsDecision('on', undefined)).toEqual({ use: true, reason: 'setting', wape_with: null, wape_without: null });
    expect(habitsDecision('off', measured(true))).toEqual({ use: false, reason: 'setting', wape_with: 0.3, wape_without: 0.4 });
    expect(habitsDecision('auto', undefined)).toMatchObject({ use: false, reason: 'backtest_pending' });
    expect(habitsDecision('auto', { available: false, reason: 'too short' })).toMatchObject({ use: false, reason: 'no_backtest' });
    expect(habitsDecision('auto', measured(true))).toEqual({ use: true, reason: 'backtest_helps', wape_with: 0.3, wape_without: 0.4 });
    expect(habitsDecision('auto', measured(false))).toEqual({ use: false, reason: 'backtest_does_not_help', wape_with: 0.5, wape_without: 0.4 });
  });
});
