// The forecast judged on the ledger's own past: at weekly origins (Sundays) over the last 26
// weeks whose next 13 weeks are in the ledger, forecast from what was known then and compare with
// the cash that came in on the invoices open at the origin; the same for two naive forecasts —
// every open invoice paid on its due date (overdue ones in week 1), and the due date shifted by
// the client's mean delay. The whole plan (with disputed invoices and invoices not issued yet) is
// also compared with all cash received. Its errors calibrate the plan's range (calibration.ts):
// judged out of sample here, applied to the plan by planRange once the backtest is computed.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import { ledgerSpan } from '../models/span.ts';
import type { ForecastBacktest, ForecastBacktestOrigin, ForecastErrors, ForecastHabits, ForecastQuality, ForecastRange, ForecastReport, RangeCalibration } from '../../lib/contract/index.ts';
import { addDays, runForecast } from './forecast.ts';
import { prng } from '../util/random.ts';
import { cached, checkBuild, modelBuild, ready } from '../models/cache.ts';
import { CALIBRATION_LEVELS, calibrate, calibratedRange, coverageOf, crossValidatedCoverage, groupOf, type Calibration, type Residual } from './calibration.ts';

/** Sundays, the last one `last` or before, going back `count` weeks (oldest first), not before `first`. */
export function weeklyOrigins(first: string, last: string, count: number): string[] {
  const d = new Date(last + 'T00:00:00Z');
  const lastSunday = addDays(last, -d.getUTCDay());
  const out: string[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const o = addDays(lastSunday, -7 * k);
    if (o >= first) out.push(o);
  }
  return out;
}

export function errors(forecasts: number[][], actuals: number[][]): ForecastErrors {
  const weeks = actuals[0]?.length ?? 0;
  let absolute = 0;
  let total = 0;
  let totalAbsolute = 0;
  const byWeek = Array.from({ length: weeks }, () => ({ absolute: 0, actual: 0 }));
  forecasts.forEach((f, o) => {
    let sf = 0;
    let sa = 0;
    f.forEach((x, w) => {
      const a = actuals[o][w];
      absolute += Math.abs(x - a);
      total += a;
      byWeek[w].absolute += Math.abs(x - a);
      byWeek[w].actual += a;
      sf += x;
      sa += a;
    });
    totalAbsolute += Math.abs(sf - sa);
  });
  return {
    wape: total ? absolute / total : 0,
    wape_by_week: byWeek.map((b) => (b.actual ? b.absolute / b.actual : 0)),
    total_error: total ? totalAbsolute / total : 0,
  };
}

/** The backtest of an entity (null: all together), kept per model build. */
export function backtestAt(db: Database, settings: Settings, entity: string | null): Promise<ForecastQuality> {
  return cached(
    db,
    settings,
    backtestKey(entity),
    async () => {
      const r = await backtestForecast(db, settings, { entity });
      return 'reason' in r ? { available: false, reason: r.reason } : { available: true, ...r };
    },
    { lasting: true },
  );
}
const backtestKey = (entity: string | null) => `forecast-backtest|${entity}`;

/** The backtest of an entity when it is computed already; undefined while nobody asked for it or it is being computed (never waited for). */
export function finishedBacktest(db: Database, settings: Settings, entity: string | null): Promise<ForecastQuality | undefined> {
  return ready<ForecastQuality>(db, settings, backtestKey(entity));
}

/**
 * Whether the plan places the receipts of clients paying in runs on their run days: as the
 * settings say (on, off), or — auto — once the backtest has found that it lowers the WAPE of the
 * open invoices on this ledger.
 */
export function habitsDecision(setting: Settings['forecast']['payment_habits'], backtest: ForecastQuality | undefined): Pick<ForecastHabits, 'reason' | 'wape_with' | 'wape_without'> & { use: boolean } {
  const measured = backtest?.available ? { wape_with: backtest.habits.wape_with, wape_without: backtest.habits.wape_without } : { wape_with: null, wape_without: null };
  if (setting !== 'auto') return { use: setting === 'on', reason: 'setting', ...measured };
  if (!backtest) return { use: false, reason: 'backtest_pending', ...measured };
  if (!backtest.available) return { use: false, reason: 'no_backtest', ...measured };
  return backtest.habits.helps ? { use: true, reason: 'backtest_helps', ...measured } : { use: false, reason: 'backtest_does_not_help', ...measured };
}

/**
 * The plan with its range calibrated on the backtest of its entity when that backtest is computed
 * (it is not waited for: the plan comes first after an import, the backtest later), from the
 * origins whose weeks had all ended by the plan's date — their errors with or without the payment
 * habits, as the plan uses them; else the simulation's range, and why.
 */
export function planRange(report: ForecastReport, backtest: ForecastQuality | undefined, habits = false): ForecastReport {
  const simulation = (reason: NonNullable<ForecastRange['reason']>, detail: string | null = null, origins = 0): ForecastReport => ({
    ...report,
    method: { ...report.method, range: { method: 'simulation', reason, detail, origins, total: [], open: [] } },
  });
  if (!backtest) return simulation('backtest_pending');
  if (!backtest.available) return simulation('no_backtest', backtest.reason);
  const W = report.weeks.length;
  const known = backtest.origins.filter((o) => addDays(o.as_of, 7 * backtest.weeks) <= report.as_of_date);
  // the plan's weeks beyond the backtest's (a plan of more weeks than the settings') fall in horizon groups without scores of their own: all horizons' bounds
  const total = calibrate(known.flatMap((o) => residuals(o, 'total', habits)), Math.max(W, backtest.weeks));
  const open = calibrate(known.flatMap((o) => residuals(o, 'open', habits)), Math.max(W, backtest.weeks));
  if (!total || !open) return simulation('too_few_scores', null, known.length);
  const weeks = report.weeks.map((w) => {
    const [p10, p90] = calibratedRange(w.expected, w.p10, w.p90, groupOf(total, w.week));
    const [open_p10, open_p90] = calibratedRange(w.open_expected + w.disputed_expected + w.promised_expected, w.open_p10, w.open_p90, groupOf(open, w.week));
    return { ...w, p10, p90, open_p10, open_p90 };
  });
  return { ...report, weeks, method: { ...report.method, range: { method: 'calibrated', reason: null, detail: null, origins: known.length, total: total.groups, open: open.groups } } };
}

/**
 * An origin's weeks as residuals: the open invoices' (what the model forecasts them) or the whole
 * plan's; with the model as judged (habits: true), or without the habits. The simulation's range is
 * the one the origin ran, with the habits: for a plan without them it is an approximation — the
 * habits move the weeks of a few clients' invoices, and the scores measure errors in half-ranges
 * of that simulation, not of the plan's own.
 */
function residuals(o: ForecastBacktestOrigin, series: 'open' | 'total', habits = true): Residual[] {
  const model = (w: number) => (habits ? o.model[w] : o.model_without_habits[w]);
  return o.actual.map((_, w) =>
    series === 'open'
      ? { week: w + 1, actual: o.actual[w], expected: model(w), p10: o.p10[w], p90: o.p90[w] }
      : { week: w + 1, actual: o.actual_total[w], expected: o.model_total[w] - o.model[w] + model(w), p10: o.p10_total[w], p90: o.p90_total[w] },
  );
}

/** The coverage of the simulation's range of one series over every origin, in all and by week ahead. */
function rangeCoverage(results: ForecastBacktestOrigin[], series: 'open' | 'total', weeks: number): { coverage: number; coverage_by_week: number[] } {
  const { coverage, by_week } = coverageOf(results.flatMap((o) => residuals(o, series)), weeks);
  return { coverage, coverage_by_week: by_week };
}

/** The calibration of one series from every origin, and its coverage judged out of sample. */
function rangeCalibration(results: ForecastBacktestOrigin[], series: 'open' | 'total', weeks: number): RangeCalibration {
  const all: Calibration | null = calibrate(results.flatMap((o) => residuals(o, series)), weeks);
  const judged = crossValidatedCoverage(results.map((o) => ({ as_of: o.as_of, residuals: residuals(o, series) })), weeks);
  return { groups: all?.groups ?? null, scores: all?.scores ?? 0, coverage: judged.coverage, coverage_by_week: judged.by_week, calibrated_origins: judged.calibrated_origins };
}

export async function backtestForecast(db: Database, settings: Settings, p: { entity: string | null; origins?: number; simulations?: number }): Promise<ForecastBacktest | { reason: string }> {
  const W = settings.forecast.weeks;
  const span = await ledgerSpan(db, p.entity);
  if (!span) return { reason: 'there is no data yet' };
  // an origin needs a year of history behind it and its weeks ahead inside the ledger
  const available = weeklyOrigins(addDays(span.first, 365), addDays(span.last, -7 * W), p.origins ?? settings.forecast.backtest_origins);
  if (available.length < 4) return { reason: `the ledger (${span.first} to ${span.last}) is too short: the backtest needs a year of history and ${W} weeks after each of its origins` };
  // a forecast costs in proportion to the invoices open at its date: on a large ledger the
  // backtest takes the origins it can afford, spread over the weeks, and says so with its intervals
  const size = (await db.one<{ open_invoices: number }>(query('forecast_backtest_size'), { as_of: available[available.length - 1], entity: p.entity }))?.open_invoices ?? 0;
  const affordable = Math.max(MIN_SAMPLED_ORIGINS, Math.floor(settings.forecast.backtest_invoice_budget / Math.max(1, size)));
  const origins = spread(available, affordable);
  let results: ForecastBacktestOrigin[] = [];
  // at 10M lines an origin takes seconds: a newer import stops the backtest of the figures it replaces
  const build = await modelBuild(db);
  // the habits are weighed unless the settings turn them off: the model with them, beside it without
  const habits = settings.forecast.payment_habits !== 'off';
  let habitClients = 0;
  for (const origin of origins) {
    await checkBuild(db, build);
    // 300 simulations put an origin's P10 and P90 within a percent or two of 1,000's, for a third of the time
    const run = await runForecast(db, settings, { asOf: origin, entity: p.entity, simulations: p.simulations ?? settings.forecast.backtest_simulations, habits });
    habitClients = Math.max(habitClients, run.report.method.habits.clients);
    const cash = await db.all<{ day: string; received: number; received_on_open_items: number }>(query('forecast_cash'), { as_of: origin, from: origin, to: addDays(origin, 7 * W), entity: p.entity });
    const actual = new Array<number>(W).fill(0);
    const actualTotal = new Array<number>(W).fill(0);
    for (const c of cash) {
      const w = Math.ceil((Date.parse(c.day) - Date.parse(origin)) / 86_400_000 / 7) - 1;
      actual[w] += c.received_on_open_items;
      actualTotal[w] += c.received;
    }
    const weeks = run.report.weeks;
    results.push({
      as_of: origin,
      actual,
      model: weeks.map((w) => w.open_expected + w.disputed_expected + w.promised_expected),
      p10: weeks.map((w) => w.open_p10),
      p90: weeks.map((w) => w.open_p90),
      due_date: run.baselines.due_date,
      shifted: run.baselines.shifted,
      model_without_habits: run.baselines.without_habits,
      actual_total: actualTotal,
      model_total: weeks.map((w) => w.expected),
      p10_total: weeks.map((w) => w.p10),
      p90_total: weeks.map((w) => w.p90),
    });
  }
  // the habits weighed: with them (as the origins ran) against without
  const wapeWith = errors(results.map((r) => r.model), results.map((r) => r.actual)).wape;
  const withoutHabits = errors(results.map((r) => r.model_without_habits), results.map((r) => r.actual)).wape;
  const helps = habits && habitClients > 0 && wapeWith < withoutHabits;
  // the model judged is the forecast as the plan runs it: without the habits when, left to the
  // backtest (auto), they do not help
  if (habits && !helps && settings.forecast.payment_habits === 'auto') {
    results = results.map((r) => ({ ...r, model: r.model_without_habits, model_total: r.model_total.map((x, w) => x - r.model[w] + r.model_without_habits[w]) }));
  }
  const summary = summarise(results);
  return {
    entity_id: p.entity,
    weeks: W,
    origins: results,
    ...summary,
    total_plan: {
      ...errors(results.map((r) => r.model_total), results.map((r) => r.actual_total)),
      ...rangeCoverage(results, 'total', W),
    },
    sampling: { origins_available: available.length, origins_used: origins.length, open_invoices: size },
    intervals: intervals(results, settings.forecast.seed),
    calibration: { method: 'conformal', levels: [CALIBRATION_LEVELS.low, CALIBRATION_LEVELS.high], open: rangeCalibration(results, 'open', W), total: rangeCalibration(results, 'total', W) },
    habits: { used: habits, clients: habitClients, wape_with: wapeWith, wape_without: withoutHabits, helps },
  };
}

/** The fewest origins a backtest takes, whatever the ledger's size: below, its intervals say little. */
export const MIN_SAMPLED_ORIGINS = 8;

/** `count` of the items, evenly spread from the first to the last (all of them when count ≥ their number). */
export function spread<T>(items: T[], count: number): T[] {
  if (count >= items.length) return items;
  if (count <= 1) return items.slice(-1);
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]);
}

function summarise(results: ForecastBacktestOrigin[]): Pick<ForecastBacktest, 'model' | 'due_date' | 'shifted' | 'improvement'> {
  const actuals = results.map((r) => r.actual);
  const model = errors(results.map((r) => r.model), actuals);
  const dueDate = errors(results.map((r) => r.due_date), actuals);
  const shifted = errors(results.map((r) => r.shifted), actuals);
  return {
    model: { ...model, ...rangeCoverage(results, 'open', results[0]?.actual.length ?? 0) },
    due_date: dueDate,
    shifted,
    // a baseline with a WAPE of 0 (exact, or no cash to forecast) leaves nothing to improve on
    improvement: Math.min(dueDate.wape, shifted.wape) > 0 ? 1 - model.wape / Math.min(dueDate.wape, shifted.wape) : null,
  };
}

/**
 * 90 % intervals of the model's WAPE, its range's coverage and its improvement on the better
 * baseline, by resampling the origins (a bootstrap of 1,000 draws, seeded: the same answer each
 * time): how much the figures would move on other weeks of the same ledger — wide with few
 * origins, or with weeks unlike each other.
 */
export function intervals(results: ForecastBacktestOrigin[], seed: number): ForecastBacktest['intervals'] {
  const random = prng(seed);
  const draws = { wape: [] as number[], coverage: [] as number[], improvement: [] as number[] };
  for (let b = 0; b < BOOTSTRAP_DRAWS; b++) {
    const sample = results.map(() => results[Math.floor(random.next() * results.length)]);
    const s = summarise(sample);
    draws.wape.push(s.model.wape);
    draws.coverage.push(s.model.coverage);
    if (s.improvement !== null) draws.improvement.push(s.improvement);
  }
  const range = (xs: number[]): [number, number] => (xs.length ? [quantileSorted(xs.sort((a, c) => a - c), 0.05), quantileSorted(xs, 0.95)] : [0, 0]);
  return { level: 0.9, model_wape: range(draws.wape), model_coverage: range(draws.coverage), improvement: range(draws.improvement) };
}

const BOOTSTRAP_DRAWS = 1000;

/** The q-quantile of sorted values, linear between neighbours. */
function quantileSorted(xs: number[], q: number): number {
  const at = q * (xs.length - 1);
  const lo = Math.floor(at);
  return xs[lo] + (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]) * (at - lo);
}
